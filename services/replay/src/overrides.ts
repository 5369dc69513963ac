import { deepMerge } from '@mast/contracts';

/** A bad `--set`/`--sweep` argument: exit 2 with this message. */
export class OverrideError extends Error {
  override readonly name = 'OverrideError';
}

/** `0.02` -> number, `true` -> boolean, `[VOLATILE]` or `{"a":1}` -> JSON; anything else stays a string. */
export function parseValue(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') throw new OverrideError('a value must not be empty');
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return trimmed;
  }
}

/** `exits.stopLoss` and a value as the nested object `{ exits: { stopLoss: value } }`. */
export function nestedOverride(path: string, value: unknown): Record<string, unknown> {
  const keys = path.split('.');
  if (keys.some((k) => !/^[A-Za-z][A-Za-z0-9]*$/.test(k))) throw new OverrideError(`a key is a dotted path of config keys (e.g. exits.stopLoss), was ${JSON.stringify(path)}`);
  let out: Record<string, unknown> = { [keys.at(-1)!]: value };
  for (let i = keys.length - 2; i >= 0; i--) out = { [keys[i]!]: out };
  return out;
}

function splitAssignment(arg: string, flag: string): [string, string] {
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new OverrideError(`${flag} takes key=value, was ${JSON.stringify(arg)}`);
  return [arg.slice(0, eq), arg.slice(eq + 1)];
}

export interface Override {
  readonly key: string;
  readonly value: unknown;
}

/** Every `--set key=value`, in order (a later one wins). */
export function parseSets(args: readonly string[]): Override[] {
  return args.map((arg) => {
    const [key, value] = splitAssignment(arg, '--set');
    nestedOverride(key, null);
    return { key, value: parseValue(value) };
  });
}

/** The overrides as one object to deep-merge over the defaults. */
export function overridesObject(overrides: readonly Override[]): Record<string, unknown> {
  return overrides.reduce<Record<string, unknown>>((acc, o) => deepMerge(acc, nestedOverride(o.key, o.value)) as Record<string, unknown>, {});
}

export interface SweepAxis {
  readonly key: string;
  readonly values: readonly unknown[];
}

/** `--sweep key=a,b,c`: one axis per key; several keys make a grid. */
export function parseSweeps(args: readonly string[]): SweepAxis[] {
  const axes = args.map((arg) => {
    const [key, list] = splitAssignment(arg, '--sweep');
    nestedOverride(key, null);
    const values = list.split(',').map(parseValue);
    if (values.length === 0) throw new OverrideError(`--sweep ${key} needs at least one value`);
    return { key, values };
  });
  const seen = new Set<string>();
  for (const axis of axes) {
    if (seen.has(axis.key)) throw new OverrideError(`--sweep ${axis.key} is given twice`);
    seen.add(axis.key);
  }
  return axes;
}

/** Every combination of the axes' values, first axis slowest. */
export function gridOf(axes: readonly SweepAxis[]): Override[][] {
  let grid: Override[][] = [[]];
  for (const axis of axes) grid = grid.flatMap((point) => axis.values.map((value) => [...point, { key: axis.key, value }]));
  return grid;
}

export function describeOverrides(overrides: readonly Override[]): string {
  return overrides.length === 0 ? 'defaults' : overrides.map((o) => `${o.key}=${JSON.stringify(o.value)}`).join(' ');
}
