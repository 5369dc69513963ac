import { DEFAULT_STRATEGY_CONFIG } from '@mast/contracts';
import { position } from '../test/kit';
import { buyFillWithSlippage, decideExit } from './exits';

const exits = DEFAULT_STRATEGY_CONFIG.exits;
const MIN = 60_000;
// E = 100: TP = 94 (100 * (1 - 0.06)), SL = 101.5 (100 * (1 + 0.015)); opened at T = 0.
const open100 = position({ entryPrice: 100, entryT: 0 });
const SL = 100 * (1 + 0.015); // 101.49999999999999 in float64
const TP = 100 * (1 - 0.06);

describe('decideExit (E = 100, TP = 94, SL = 101.5), first match wins', () => {
  it.each`
    o        | h        | l       | c       | T              | regime        | reason           | fill     | why
    ${100}   | ${SL}    | ${99}   | ${100}  | ${MIN}         | ${'ACTIVE'}   | ${'STOP_LOSS'}   | ${SL}    | ${'high exactly at the stop'}
    ${100}   | ${101.49} | ${99}   | ${100}  | ${MIN}         | ${'ACTIVE'}   | ${null}          | ${null}  | ${'high just under the stop'}
    ${100}   | ${102}   | ${93}   | ${100}  | ${MIN}         | ${'ACTIVE'}   | ${'STOP_LOSS'}   | ${SL}    | ${'stop and target in the same candle: the stop wins'}
    ${103}   | ${104}   | ${102}  | ${103}  | ${MIN}         | ${'ACTIVE'}   | ${'STOP_LOSS'}   | ${103}   | ${'open gapping through the stop fills at the open'}
    ${99}    | ${99.5}  | ${TP}   | ${95}   | ${MIN}         | ${'ACTIVE'}   | ${'TAKE_PROFIT'} | ${TP}    | ${'low exactly at the target'}
    ${92}    | ${93}    | ${91}   | ${92}   | ${MIN}         | ${'ACTIVE'}   | ${'TAKE_PROFIT'} | ${92}    | ${'open gapping through the target fills at the open'}
    ${100}   | ${100}   | ${99}   | ${99.5} | ${1440 * MIN}  | ${'ACTIVE'}   | ${'TIME_LIMIT'}  | ${99.5}  | ${'held exactly 24 h'}
    ${100}   | ${100}   | ${99}   | ${99.5} | ${1439 * MIN}  | ${'ACTIVE'}   | ${null}          | ${null}  | ${'held 24 h minus a minute'}
    ${100}   | ${100}   | ${99}   | ${99.5} | ${1440 * MIN}  | ${'VOLATILE'} | ${'TIME_LIMIT'}  | ${99.5}  | ${'time limit before regime'}
    ${100}   | ${100}   | ${99}   | ${99.5} | ${MIN}         | ${'VOLATILE'} | ${'REGIME'}      | ${99.5}  | ${'volatile regime exits at the close'}
    ${100}   | ${100}   | ${99}   | ${99.5} | ${MIN}         | ${'CHOPPY'}   | ${'REGIME'}      | ${99.5}  | ${'choppy regime exits at the close'}
    ${100}   | ${100}   | ${99}   | ${99.5} | ${MIN}         | ${'QUIET'}    | ${null}          | ${null}  | ${'quiet is not an exit regime by default'}
  `('$why', ({ o, h, l, c, T, regime, reason, fill }) => {
    const decision = decideExit(open100, o, h, l, c, T, regime, exits);
    expect(decision).toEqual(reason === null ? null : { reason, fill });
  });

  it('uses the levels fixed at entry, not recomputed', () => {
    const custom = position({ entryPrice: 100, takeProfit: 90, stopLoss: 110 });
    expect(decideExit(custom, 100, 105, 95, 100, MIN, 'ACTIVE', exits)).toBeNull();
  });
});

describe('buy fills pay slippage', () => {
  it.each`
    fill   | bps   | price
    ${100} | ${0}  | ${100}
    ${100} | ${10} | ${100 * (1 + 10 / 10_000)}
  `('$fill at $bps bps -> $price', ({ fill, bps, price }) => {
    expect(buyFillWithSlippage(fill, bps)).toBe(price);
  });
});
