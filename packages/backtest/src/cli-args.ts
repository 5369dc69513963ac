/** A command line the CLI cannot run: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function isUsageError(error: unknown): error is UsageError {
  return error instanceof UsageError;
}

export interface CliOptions {
  readonly help: boolean;
  readonly dataDir?: string;
  /** Epoch ms, inclusive: rows with `ts >= from`. */
  readonly from?: number;
  /** Epoch ms, exclusive: rows with `ts < to`. */
  readonly to?: number;
  readonly symbols?: readonly string[];
  readonly configFile?: string;
  readonly outDir?: string;
}

export const USAGE = `Usage: pnpm backtest -- [options]

Runs the trading rules of STRATEGY.md over 1-minute candle files and writes trades, a summary and
an HTML report.

Options:
  --data DIR       folder with {SYMBOL}-1m.csv.gz files (default: the repo's data/sample)
  --from TIME      first candle open time to use, inclusive
  --to TIME        candle open time to stop before, exclusive
                   TIME is ISO 8601 in UTC unless it has an offset (2025-05-10,
                   2025-05-10T12:00, 2025-05-10T12:00:00+02:00) or epoch milliseconds
  --symbols A,B    symbols to trade, in processing order (overrides the config's symbols;
                   each needs an instruments entry)
  --config FILE    strategy config override, JSON or YAML, deep-merged over the defaults
  --out DIR        output folder (default: out/backtest-<UTC timestamp> under the current folder)
  -h, --help       show this help

Exit codes: 0 done, 2 bad options, config or candle file (the message names file, line, field),
1 anything unexpected.`;

const VALUE_OPTIONS = {
  '--data': 'dataDir',
  '--from': 'from',
  '--to': 'to',
  '--symbols': 'symbols',
  '--config': 'configFile',
  '--out': 'outDir',
} as const;
type ValueOption = keyof typeof VALUE_OPTIONS;

function isValueOption(name: string): name is ValueOption {
  return Object.hasOwn(VALUE_OPTIONS, name);
}

/** Parses the CLI's arguments (without node and the script). Throws UsageError. */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  const values = new Map<ValueOption, string>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') continue; // `pnpm backtest -- ...` passes the separator through
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (!isValueOption(name)) {
      throw new UsageError(arg.startsWith('-') ? `unknown option ${name}` : `unexpected argument "${arg}" (options take the form --name value)`);
    }
    let value: string | undefined;
    if (name !== arg) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || (value.startsWith('--') && value.length > 2)) throw new UsageError(`${name} needs a value`);
      i++;
    }
    if (values.has(name)) throw new UsageError(`${name} given more than once`);
    if (value === '') throw new UsageError(`${name} needs a value`);
    values.set(name, value);
  }

  const from = values.has('--from') ? parseTimeArg(values.get('--from') as string, '--from') : undefined;
  const to = values.has('--to') ? parseTimeArg(values.get('--to') as string, '--to') : undefined;
  if (from !== undefined && to !== undefined && from >= to) {
    throw new UsageError(`--from (${new Date(from).toISOString()}) must be before --to (${new Date(to).toISOString()})`);
  }
  const symbolsText = values.get('--symbols');
  const symbols = symbolsText === undefined ? undefined : parseSymbols(symbolsText);
  return {
    help,
    dataDir: values.get('--data'),
    from,
    to,
    symbols,
    configFile: values.get('--config'),
    outDir: values.get('--out'),
  };
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?)(Z|[+-]\d{2}:?\d{2})?$/;

/** ISO 8601 date or date-time (UTC unless an offset is given) or epoch milliseconds. */
export function parseTimeArg(text: string, option: string): number {
  let ms = Number.NaN;
  if (/^\d+$/.test(text)) ms = Number(text);
  else if (DATE_ONLY.test(text)) ms = Date.parse(`${text}T00:00:00Z`);
  else {
    const match = DATE_TIME.exec(text);
    if (match) ms = Date.parse(`${match[1]}T${match[2]}${match[5] ?? 'Z'}`);
  }
  if (!Number.isSafeInteger(ms)) {
    throw new UsageError(`${option} "${text}" is not a time: use ISO 8601 (2025-05-10 or 2025-05-10T12:00Z) or epoch milliseconds`);
  }
  return ms;
}

function parseSymbols(text: string): string[] {
  const symbols = text.split(',').map((symbol) => symbol.trim().toUpperCase());
  if (symbols.some((symbol) => symbol === '')) throw new UsageError(`--symbols "${text}" has an empty name: use --symbols BTCUSDT,ETHUSDT`);
  return symbols;
}
