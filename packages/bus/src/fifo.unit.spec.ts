import fc from 'fast-check';
import { Fifo } from './fifo';

describe('Fifo', () => {
  it('behaves like an array queue under any sequence of pushes and shifts', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer(), fc.constant(null)), { maxLength: 5000 }), (ops) => {
        const fifo = new Fifo<number>();
        const model: number[] = [];
        for (const op of ops) {
          if (op === null) expect(fifo.shift()).toBe(model.shift());
          else {
            fifo.push(op);
            model.push(op);
          }
          expect(fifo.size).toBe(model.length);
        }
        expect([...fifo]).toEqual(model);
      }),
      { numRuns: 50 },
    );
  });
});
