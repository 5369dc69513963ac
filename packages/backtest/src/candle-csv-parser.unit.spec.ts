import fc from 'fast-check';
import { CandleCsvParser, CANDLE_CSV_HEADER } from './candle-csv-parser';
import type { SymbolCandles, TimeRange } from './candle-csv-parser';
import { CandleFileError, isCandleFileError } from './candle-file-error';

const FILE = 'BTCUSDT-1m.csv.gz';
const T0 = 1_746_372_780_000; // 2025-05-04T15:33:00Z, a minute boundary
const M = 60_000;
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

function parse(text: string, range: TimeRange = {}, chunkSize = 0): SymbolCandles {
  const parser = new CandleCsvParser(FILE, range, 4);
  const data = bytes(text);
  if (chunkSize <= 0) parser.push(data);
  else for (let i = 0; i < data.length; i += chunkSize) parser.push(data.subarray(i, i + chunkSize));
  return parser.end('BTCUSDT');
}

function failure(text: string): CandleFileError {
  try {
    parse(text);
  } catch (error) {
    if (isCandleFileError(error)) return error;
    throw error;
  }
  throw new Error('expected a CandleFileError');
}

const row = (ts: number, o = '100', h = '101', l = '99', c = '100.5', v = '12.5'): string => `${ts},${o},${h},${l},${c},${v}`;
const csv = (...rows: string[]): string => `${CANDLE_CSV_HEADER}\n${rows.join('\n')}\n`;

describe('CandleCsvParser', () => {
  it('reads rows into columns with the exact values Number() gives', () => {
    const candles = parse(csv(row(T0, '95505.4', '95505.5', '95502.7', '95502.7', '16.536'), row(T0 + M, '1827.29', '1827.68', '1827.27', '1827.53', '0')));
    expect(candles.symbol).toBe('BTCUSDT');
    expect(candles.length).toBe(2);
    expect([...candles.ts]).toEqual([T0, T0 + M]);
    expect([...candles.open]).toEqual([95505.4, 1827.29]);
    expect([...candles.high]).toEqual([95505.5, 1827.68]);
    expect([...candles.low]).toEqual([95502.7, 1827.27]);
    expect([...candles.close]).toEqual([95502.7, 1827.53]);
    expect([...candles.volume]).toEqual([16.536, 0]);
  });

  it('accepts CRLF line ends, a missing final newline, trailing blank lines and a BOM', () => {
    const text = `\ufeff${CANDLE_CSV_HEADER}\r\n${row(T0)}\r\n${row(T0 + M)}`;
    expect(parse(text).length).toBe(2);
    expect(parse(`${csv(row(T0))}\n\n`).length).toBe(1);
    expect(parse(`${CANDLE_CSV_HEADER}\n`).length).toBe(0);
    expect(parse(CANDLE_CSV_HEADER).length).toBe(0);
  });

  it('reads exponents and long mantissas like Number() does', () => {
    const candles = parse(csv(row(T0, '1e2', '1.5E2', '0.99e2', '123.45678901234567890', '1.25e-3')));
    expect(candles.open[0]).toBe(100);
    expect(candles.high[0]).toBe(150);
    expect(candles.low[0]).toBe(99);
    expect(candles.close[0]).toBe(Number('123.45678901234567890'));
    expect(candles.volume[0]).toBe(0.00125);
  });

  it('gives the same doubles as Number() for any decimal text (property)', () => {
    const decimal = fc
      .tuple(fc.integer({ min: 1, max: 999_999_999 }), fc.integer({ min: 0, max: 12 }), fc.nat({ max: 999_999_999_999 }))
      .map(([int, places, frac]) => (places === 0 ? String(int) : `${int}.${String(frac).padStart(12, '0').slice(0, places)}`));
    fc.assert(
      fc.property(decimal, (text) => {
        const candles = parse(csv(row(T0, text, text, text, text, text)));
        expect(candles.close[0]).toBe(Number(text));
        expect(candles.volume[0]).toBe(Number(text));
      }),
    );
  });

  it('gives the same columns however the bytes are split into chunks (property)', () => {
    const rows = Array.from({ length: 40 }, (_, i) => row(T0 + i * M, `${100 + i}.25`, `${101 + i}.5`, `${99 + i}`, `${100 + i}.125`, `${i}.001`));
    const text = csv(...rows);
    const whole = parse(text);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: text.length }), fc.boolean(), (chunkSize, crlf) => {
        const chunked = parse(crlf ? text.replace(/\n/g, '\r\n') : text, {}, chunkSize);
        expect(chunked.length).toBe(whole.length);
        expect([...chunked.ts]).toEqual([...whole.ts]);
        expect([...chunked.close]).toEqual([...whole.close]);
        expect([...chunked.volume]).toEqual([...whole.volume]);
      }),
      { numRuns: 60 },
    );
  });

  it('keeps rows with from <= ts < to, and grows past its initial capacity', () => {
    const rows = Array.from({ length: 50 }, (_, i) => row(T0 + i * M));
    const all = parse(csv(...rows));
    expect(all.length).toBe(50);
    const some = parse(csv(...rows), { from: T0 + 10 * M, to: T0 + 20 * M });
    expect(some.length).toBe(10);
    expect(some.ts[0]).toBe(T0 + 10 * M);
    expect(some.ts[9]).toBe(T0 + 19 * M);
    expect(parse(csv(...rows), { from: T0 + 49 * M }).length).toBe(1);
    expect(parse(csv(...rows), { to: T0 }).length).toBe(0);
  });

  it('sizes its columns from the expected file size, and still grows when lines get shorter or the size is wrong', () => {
    // Long lines first (the estimate is from the first chunk), short lines after.
    const rows = Array.from({ length: 3000 }, (_, i) => (i < 100 ? row(T0 + i * M, '100.123456', '101.123456', '99.123456', '100.123456', '12345.678901') : row(T0 + i * M, '1', '1', '1', '1', '0')));
    const data = bytes(csv(...rows));
    for (const expectedBytes of [data.length, 10, data.length * 3]) {
      const parser = new CandleCsvParser(FILE, {}, 16, expectedBytes);
      for (let i = 0; i < data.length; i += 512) parser.push(data.subarray(i, i + 512));
      const candles = parser.end('BTCUSDT');
      expect(candles.length).toBe(3000);
      expect(candles.ts[2999]).toBe(T0 + 2999 * M);
      expect(candles.close[99]).toBe(100.123456);
      expect(candles.close[2999]).toBe(1);
    }
  });

  describe('stops at the first bad line, naming file, line and field', () => {
    const cases: [string, string, number | null, string | null, RegExp][] = [
      ['empty file', '', 1, null, /empty file/],
      ['header missing a column', 'ts,open,high,low,close\n', 1, 'volume', /missing column volume/],
      ['header with an extra column', `${CANDLE_CSV_HEADER},trades\n`, 1, null, /extra column.*trades/],
      ['header with a wrong name', 'ts,open,hi,low,close,volume\n', 1, 'high', /column 3 is "hi"/],
      ['row missing a field', csv(row(T0), `${T0 + M},1,2,1,2`), 3, 'volume', /missing field volume/],
      ['row with an extra field', csv(row(T0), `${row(T0 + M)},7`), 3, null, /extra field/],
      ['non-numeric field', csv(row(T0, '100', 'abc')), 2, 'high', /not a number: "abc"/],
      ['empty field', csv(row(T0, '100', '101', '')), 2, 'low', /empty value/],
      ['number with junk after it', csv(row(T0, '100', '101', '99', '100x')), 2, 'close', /not a number: "100x"/],
      ['NaN', csv(row(T0, 'NaN')), 2, 'open', /not a number/],
      ['bad exponent', csv(row(T0, '1e', '101')), 2, 'open', /not a number: "1e"/],
      ['zero price', csv(row(T0, '0', '101', '99', '100')), 2, 'open', /must be positive, was 0/],
      ['negative price', csv(row(T0, '100', '101', '-99', '100')), 2, 'low', /must be positive, was -99/],
      ['high below low', csv(row(T0, '100', '98', '99', '100')), 2, 'high', /high 98 is below low 99/],
      ['open above high', csv(row(T0, '102', '101', '99', '100')), 2, 'open', /open 102 is outside \[low 99, high 101\]/],
      ['close below low', csv(row(T0, '100', '101', '99', '98.5')), 2, 'close', /close 98.5 is outside/],
      ['negative volume', csv(row(T0, '100', '101', '99', '100', '-1')), 2, 'volume', /must not be negative, was -1/],
      ['unsorted ts', csv(row(T0), row(T0 + 2 * M), row(T0 + M)), 4, 'ts', /before the previous row/],
      ['duplicate ts', csv(row(T0), row(T0 + M), row(T0 + M)), 4, 'ts', /duplicate ts/],
      ['ts off the minute', csv(row(T0), row(T0 + M + 1000)), 3, 'ts', /not on a minute boundary/],
      ['fractional ts', csv(row(T0 + 0.5)), 2, 'ts', /integer/],
      ['blank line between rows', `${CANDLE_CSV_HEADER}\n${row(T0)}\n\n${row(T0 + M)}\n`, 3, null, /empty line/],
    ];
    it.each(cases)('%s', (_name, text, line, field, reason) => {
      const error = failure(text);
      expect(error).toBeInstanceOf(CandleFileError);
      expect(error.name).toBe('CandleFileError');
      expect(error.file).toBe(FILE);
      expect(error.line).toBe(line);
      expect(error.field).toBe(field);
      expect(error.reason).toMatch(reason);
      expect(error.message).toContain(`${FILE}:${line}`);
      if (field !== null) expect(error.message).toContain(`(${field})`);
    });

    it('reports the same line when the bad row is split across chunks', () => {
      const text = csv(row(T0), row(T0 + M), row(T0 + 2 * M, '100', '101', '99', '100', '-3'));
      for (const chunkSize of [1, 3, 7, 20]) {
        expect(() => parse(text, {}, chunkSize)).toThrow(expect.objectContaining({ line: 4, field: 'volume' }));
      }
    });

    it('validates rows outside --from/--to too: a broken file is broken', () => {
      expect(() => parse(csv(row(T0, 'x')), { from: T0 + M })).toThrow(expect.objectContaining({ line: 2, field: 'open' }));
    });
  });
});
