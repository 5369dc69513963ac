import { entryQuantity, withinExposureCap } from './sizing';

const sizing = { allocation: 0.07, leverage: 10 };

describe('entryQuantity: floor(notional / P / qtyStep + 1e-9) * qtyStep', () => {
  it.each`
    balance   | factor | price  | qtyStep  | steps  | why
    ${10_000} | ${1}   | ${100} | ${0.1}   | ${70}  | ${'7,000 notional at 100 is 70 units'}
    ${10_000} | ${0.5} | ${100} | ${0.1}   | ${35}  | ${'half size'}
    ${10_000} | ${1}   | ${7e3} | ${0.001} | ${1}   | ${'exactly one unit: float error must not lose the step'}
    ${10_000} | ${1}   | ${7001}| ${0.001} | ${0.999} | ${'just below one unit rounds down to the step'}
    ${10}     | ${1}   | ${1e5} | ${0.001} | ${0}   | ${'below one step: zero'}
  `('$why', ({ balance, factor, price, qtyStep, steps }) => {
    const notional = sizing.allocation * balance * factor * sizing.leverage;
    const expected = Math.floor(notional / price / qtyStep + 1e-9) * qtyStep;
    const q = entryQuantity(balance, factor, price, { qtyStep, minQty: qtyStep }, sizing);
    expect(q).toBe(expected);
    expect(q).toBeCloseTo(steps, 9);
  });

  it('keeps an exact multiple that float division puts a hair under the step', () => {
    // 0.7 * 1000 = 700 notional at price 1000 -> 0.7 units; 0.7 / 0.1 = 6.999999999999999 in float64
    expect(0.7 / 0.1).toBeLessThan(7);
    const q = entryQuantity(1000, 1, 1000, { qtyStep: 0.1, minQty: 0.1 }, { allocation: 0.07, leverage: 10 });
    expect(q).toBe(7 * 0.1);
  });
});

describe('withinExposureCap: open notional + new notional <= maxExposure * balance', () => {
  it.each`
    open      | add       | balance   | ok
    ${0}      | ${21_000} | ${10_000} | ${true}
    ${14_000} | ${7_000}  | ${10_000} | ${true}
    ${14_000} | ${7_001}  | ${10_000} | ${false}
  `('open $open + $add with balance $balance -> $ok', ({ open, add, balance, ok }) => {
    expect(withinExposureCap(open, add, balance, 2.1)).toBe(ok);
  });
});
