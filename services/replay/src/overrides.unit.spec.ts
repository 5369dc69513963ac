import { gridOf, OverrideError, overridesObject, parseSets, parseSweeps } from './overrides';

describe('--set and --sweep', () => {
  test.each([
    ['exits.stopLoss=0.02', { exits: { stopLoss: 0.02 } }],
    ['exits.onRegime=["VOLATILE"]', { exits: { onRegime: ['VOLATILE'] } }],
    ['symbols=["BTCUSDT"]', { symbols: ['BTCUSDT'] }],
    ['ema={"fast":5,"slow":13}', { ema: { fast: 5, slow: 13 } }],
  ])('%s is the override %j', (arg, expected) => {
    expect(overridesObject(parseSets([arg]))).toEqual(expected);
  });

  test('later sets merge into earlier ones key by key', () => {
    expect(overridesObject(parseSets(['ema.fast=5', 'ema.slow=13', 'ema.fast=7']))).toEqual({ ema: { fast: 7, slow: 13 } });
  });

  test.each(['exits.stopLoss', '=1', 'exits..stopLoss=1', 'exits.stop-loss=1', 'a=  '])('%s is refused with a message naming it', (arg) => {
    expect(() => parseSets([arg])).toThrow(OverrideError);
  });

  test('several sweep keys make a grid, first key slowest', () => {
    const grid = gridOf(parseSweeps(['a.b=1,2', 'c=x,y,z']));
    expect(grid).toHaveLength(6);
    expect(grid[0]).toEqual([{ key: 'a.b', value: 1 }, { key: 'c', value: 'x' }]);
    expect(grid[5]).toEqual([{ key: 'a.b', value: 2 }, { key: 'c', value: 'z' }]);
  });

  test('a key swept twice is refused', () => {
    expect(() => parseSweeps(['a=1', 'a=2'])).toThrow(/given twice/);
  });
});
