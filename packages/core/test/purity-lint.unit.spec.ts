import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The lint rule that keeps the core pure (eslint.config.mjs) must actually fire. The snippets
 * are linted in one ESLint run as one file of packages/core/src (ESLint takes seconds to start),
 * and each snippet's lines must carry the expected rule.
 */
const ROOT = join(__dirname, '..', '..', '..');
const ESLINT = join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');

const IMPURE: [what: string, code: string, rule: string][] = [
  ['a clock', 'export const now = () => Date.now();', 'no-restricted'],
  ['a Date', 'export const d = () => new Date();', 'no-restricted'],
  ['randomness', 'export const r = () => Math.random();', 'no-restricted-properties'],
  ['the environment', 'export const e = () => process.env.X;', 'no-restricted-globals'],
  ['console', "export const c = () => console.log('x');", 'no-restricted-globals'],
  ['a timer', 'export const t = () => setTimeout(() => 0, 1);', 'no-restricted-globals'],
  ['async code', 'export async function a(): Promise<number> { return 1; }', 'no-restricted-syntax'],
  ['file I/O', "import { readFileSync } from 'node:fs';\nexport const f = () => readFileSync('x');", 'no-restricted-imports'],
  ['another workspace package', "import { x } from '@mast/bus';\nexport const y = x;", 'no-restricted-imports'],
];
const PURE = "import type { Regime } from '@mast/contracts';\nexport const pure = (x: number): number => Math.max(x, 0);\nexport type R = Regime;";

interface Message {
  readonly ruleId: string | null;
  readonly line: number;
}

let messages: Message[] = [];
const ranges = new Map<string, [number, number]>();

beforeAll(() => {
  const lines: string[] = [];
  for (const [what, code] of [...IMPURE, ['pure code', PURE] as const]) {
    const start = lines.length + 1;
    lines.push(...code.split('\n'));
    ranges.set(what, [start, lines.length]);
  }
  const run = spawnSync(process.execPath, [ESLINT, '--stdin', '--stdin-filename', 'packages/core/src/probe.ts', '--format', 'json'], {
    cwd: ROOT,
    input: `${lines.join('\n')}\n`,
    encoding: 'utf8',
  });
  messages = (JSON.parse(run.stdout) as [{ messages: Message[] }])[0].messages;
});

const within = (what: string) => {
  const [from, to] = ranges.get(what)!;
  return messages.filter((m) => m.line >= from && m.line <= to).map((m) => m.ruleId ?? '');
};

describe('the core purity lint rule', () => {
  it.each(IMPURE)('refuses %s', (what, _code, rule) => {
    expect(within(what).some((id) => id.startsWith(rule))).toBe(true);
  });

  it('accepts pure code that imports the contracts', () => {
    expect(within('pure code')).toEqual([]);
  });
});
