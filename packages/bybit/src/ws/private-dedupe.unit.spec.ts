import { BoundedMap, isNewerOrderVersion, isNewerPositionVersion } from './private-dedupe';
import { RecentKeys } from './recent-keys';

const v = (updatedTime: number, cumExecQty: number, orderStatus: string) => ({ updatedTime, cumExecQty, orderStatus });

describe('order push versions', () => {
  it.each([
    ['first sighting', undefined, v(10, 0, 'New'), true],
    ['later update', v(10, 0, 'New'), v(11, 0.001, 'Filled'), true],
    ['same Filled twice (cancel raced a fill)', v(11, 0.001, 'Filled'), v(11, 0.001, 'Filled'), false],
    ['older update arriving late', v(11, 0.001, 'Filled'), v(10, 0, 'New'), false],
    ['terminal then a non-terminal with a newer clock', v(11, 0.002, 'Filled'), v(12, 0.001, 'PartiallyFilled'), false],
    ['same time, more filled', v(10, 0.001, 'PartiallyFilled'), v(10, 0.002, 'Filled'), true],
    ['same time, status moves on', v(10, 0, 'New'), v(10, 0, 'Cancelled'), true],
    ['same time, status after terminal', v(10, 0, 'Cancelled'), v(10, 0, 'New'), false],
  ] as const)('%s', (_name, previous, next, expected) => {
    expect(isNewerOrderVersion(previous, next)).toBe(expected);
  });
});

describe('position push versions', () => {
  it.each([
    ['first', undefined, { seq: 5, updatedTime: 1 }, true],
    ['higher seq', { seq: 5, updatedTime: 1 }, { seq: 6, updatedTime: 1 }, true],
    ['same seq (duplicate)', { seq: 5, updatedTime: 1 }, { seq: 5, updatedTime: 2 }, false],
    ['lower seq (out of order)', { seq: 6, updatedTime: 2 }, { seq: 5, updatedTime: 3 }, false],
    ['no seq, older time', { seq: undefined, updatedTime: 5 }, { seq: undefined, updatedTime: 4 }, false],
    ['no seq, same time', { seq: undefined, updatedTime: 5 }, { seq: undefined, updatedTime: 5 }, true],
  ] as const)('%s', (_name, previous, next, expected) => {
    expect(isNewerPositionVersion(previous, next)).toBe(expected);
  });
});

describe('bounded memories', () => {
  it('RecentKeys reports repeats and forgets the oldest beyond capacity', () => {
    const keys = new RecentKeys<string>(2);
    expect([keys.add('a'), keys.add('a'), keys.add('b'), keys.add('c'), keys.add('a'), keys.add('c')]).toEqual([true, false, true, true, true, false]);
  });

  it('BoundedMap keeps the most recently set entries', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.set('a', 3);
    map.set('c', 4);
    expect([map.get('a'), map.get('b'), map.get('c')]).toEqual([3, undefined, 4]);
  });
});
