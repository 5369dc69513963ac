import { readFile } from 'node:fs/promises';
import { ConfigError, resolveStrategyConfig } from '@mast/contracts';
import type { StrategyConfig } from '@mast/contracts';
import { parseDocument } from 'yaml';

/**
 * Reads a strategy config override from a JSON or YAML file (YAML 1.2 reads JSON too, and gives
 * line numbers for syntax errors in both). Throws ConfigError naming the file.
 */
export async function readConfigFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError([{ path: '', message: code === 'ENOENT' ? 'config file not found' : `cannot read config file (${code ?? String(error)})` }], file);
  }
  return parseConfigText(text, file);
}

export function parseConfigText(text: string, source: string): unknown {
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      document.errors.map((error) => {
        const at = error.linePos?.[0];
        const reason = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
        return { path: '', message: `syntax error${at ? ` at line ${at.line}, column ${at.col}` : ''}: ${reason}` };
      }),
      source,
    );
  }
  return document.toJS();
}

/**
 * The run's strategy config: the file's override deep-merged over the defaults, then `--symbols`
 * (which replaces the `symbols` array, like any array in an override). Every bad field, including
 * a symbol without an `instruments` entry, is reported at once in one ConfigError.
 */
export function resolveRunConfig(fileOverride: unknown, source: string | undefined, symbols?: readonly string[]): StrategyConfig {
  if (symbols === undefined) return resolveStrategyConfig(fileOverride ?? {}, source);
  const isObject = typeof fileOverride === 'object' && fileOverride !== null && !Array.isArray(fileOverride);
  if (fileOverride !== undefined && fileOverride !== null && !isObject) return resolveStrategyConfig(fileOverride, source);
  const override = { ...((fileOverride as Record<string, unknown> | null) ?? {}), symbols: [...symbols] };
  return resolveStrategyConfig(override, source ? `${source} with --symbols` : '--symbols');
}
