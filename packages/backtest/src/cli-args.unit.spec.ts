import { isUsageError, parseCliArgs, parseTimeArg, UsageError } from './cli-args';

function usageError(argv: string[]): UsageError {
  try {
    parseCliArgs(argv);
  } catch (error) {
    if (isUsageError(error)) return error;
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('parseCliArgs', () => {
  it('reads every option, ignoring the literal -- that pnpm passes through', () => {
    const options = parseCliArgs(['--', '--data', 'd', '--from', '2025-05-10', '--to=2025-05-12T06:30', '--symbols', 'btcusdt, ETHUSDT', '--config', 'c.yaml', '--out', 'o']);
    expect(options).toEqual({
      help: false,
      dataDir: 'd',
      from: Date.UTC(2025, 4, 10),
      to: Date.UTC(2025, 4, 12, 6, 30),
      symbols: ['BTCUSDT', 'ETHUSDT'],
      configFile: 'c.yaml',
      outDir: 'o',
    });
  });

  it('has no defaults of its own (the CLI applies them)', () => {
    expect(parseCliArgs([])).toEqual({ help: false, dataDir: undefined, from: undefined, to: undefined, symbols: undefined, configFile: undefined, outDir: undefined });
    expect(parseCliArgs(['-h']).help).toBe(true);
    expect(parseCliArgs(['--help']).help).toBe(true);
  });

  it.each([
    [['--speed', '3'], /unknown option --speed/],
    [['--speed=3'], /unknown option --speed/],
    [['data'], /unexpected argument "data"/],
    [['--data'], /--data needs a value/],
    [['--data', '--out', 'x'], /--data needs a value/],
    [['--out='], /--out needs a value/],
    [['--out', 'a', '--out', 'b'], /--out given more than once/],
    [['--from', 'yesterday'], /--from "yesterday" is not a time/],
    [['--from', '2025-05-12', '--to', '2025-05-10'], /must be before --to/],
    [['--symbols', 'BTCUSDT,,ETHUSDT'], /empty name/],
  ])('%j is a usage error', (argv, message) => {
    expect(usageError(argv as string[]).message).toMatch(message as RegExp);
  });
});

describe('parseTimeArg', () => {
  it('reads dates and date-times as UTC unless an offset is given, and epoch ms', () => {
    expect(parseTimeArg('2025-05-10', '--from')).toBe(Date.UTC(2025, 4, 10));
    expect(parseTimeArg('2025-05-10T12:00', '--from')).toBe(Date.UTC(2025, 4, 10, 12));
    expect(parseTimeArg('2025-05-10 12:00:30', '--from')).toBe(Date.UTC(2025, 4, 10, 12, 0, 30));
    expect(parseTimeArg('2025-05-10T12:00:00Z', '--from')).toBe(Date.UTC(2025, 4, 10, 12));
    expect(parseTimeArg('2025-05-10T12:00:00+02:00', '--from')).toBe(Date.UTC(2025, 4, 10, 10));
    expect(parseTimeArg('1746372780000', '--from')).toBe(1746372780000);
  });

  it('rejects what is not a valid time', () => {
    expect(() => parseTimeArg('2025-13-40', '--to')).toThrow(/--to "2025-13-40" is not a time/);
    expect(() => parseTimeArg('10/05/2025', '--to')).toThrow(UsageError);
  });
});
