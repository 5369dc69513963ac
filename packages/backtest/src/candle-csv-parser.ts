import { MINUTE_MS } from '@mast/core';
import { CandleFileError } from './candle-file-error';
// Module-local copies: under tsx (esbuild's CommonJS) an imported binding is a getter call, too
// slow for a loop over millions of rows.
const MINUTE = MINUTE_MS;

/** The one header a candle file may have, in this order. */
export const CANDLE_CSV_COLUMNS = ['ts', 'open', 'high', 'low', 'close', 'volume'] as const;
export const CANDLE_CSV_HEADER = CANDLE_CSV_COLUMNS.join(',');

/** Rows kept by open time: `from` inclusive, `to` exclusive (either may be absent). */
export interface TimeRange {
  readonly from?: number;
  readonly to?: number;
}

/** One symbol's candles as columns, sorted by `ts`, one row per candle. */
export interface SymbolCandles {
  readonly symbol: string;
  readonly length: number;
  readonly ts: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

const LF = 10;
const CR = 13;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
const UPPER_E = 69;
const LOWER_E = 101;
/** `m / 10^k` is correctly rounded (equal to `Number(text)`) while m and 10^k are exact doubles. */
const MAX_EXACT_MANTISSA = 2 ** 53;
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const NUMBER_TEXT = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const latin1 = new TextDecoder('latin1');

/**
 * A hand-written parser for `ts,open,high,low,close,volume` files that writes straight into typed
 * arrays: millions of rows load without one object or string per row. It takes the decompressed
 * bytes in chunks of any size (a streaming gunzip) and checks every row, stopping at the first bad
 * one with its line number and column.
 */
export class CandleCsvParser {
  private headerDone = false;
  /** Lines seen so far (the header is line 1). */
  private line = 0;
  /** Line number of a blank line not yet followed by a row: blank lines may only trail. */
  private blankLine = 0;
  private prevTs = -Infinity;
  private count = 0;
  private capacity: number;
  private carry: Uint8Array | null = null;
  /** Decompressed size of the whole file when known (0 if not): sizes the columns. */
  private readonly expectedBytes: number;
  private reserved = false;
  private bytesSeen = 0;
  private readonly from: number;
  private readonly to: number;
  private tsColumn: Float64Array;
  private openColumn: Float64Array;
  private highColumn: Float64Array;
  private lowColumn: Float64Array;
  private closeColumn: Float64Array;
  private volumeColumn: Float64Array;

  constructor(
    private readonly file: string,
    range: TimeRange = {},
    capacityHint = 1 << 16,
    expectedBytes = 0,
  ) {
    this.expectedBytes = expectedBytes;
    this.from = range.from ?? -Infinity;
    this.to = range.to ?? Infinity;
    this.capacity = Math.max(16, capacityHint);
    this.tsColumn = new Float64Array(this.capacity);
    this.openColumn = new Float64Array(this.capacity);
    this.highColumn = new Float64Array(this.capacity);
    this.lowColumn = new Float64Array(this.capacity);
    this.closeColumn = new Float64Array(this.capacity);
    this.volumeColumn = new Float64Array(this.capacity);
  }

  /** Feeds the next bytes of the file; a line may be split across chunks. */
  push(chunk: Uint8Array): void {
    if (!this.reserved) this.reserveFor(chunk);
    this.bytesSeen += chunk.length;
    let start = 0;
    if (this.carry !== null) {
      const newline = chunk.indexOf(LF);
      if (newline === -1) {
        this.carry = concatBytes(this.carry, chunk);
        return;
      }
      const joined = concatBytes(this.carry, chunk.subarray(0, newline + 1));
      this.carry = null;
      this.consume(joined, 0, joined.length);
      start = newline + 1;
    }
    const lastNewline = chunk.lastIndexOf(LF);
    if (lastNewline >= start) {
      this.consume(chunk, start, lastNewline + 1);
      start = lastNewline + 1;
    }
    if (start < chunk.length) this.carry = chunk.slice(start);
  }

  /** Ends the file (a last line without newline is fine) and returns the kept rows. */
  end(symbol: string): SymbolCandles {
    if (this.carry !== null) {
      const last = concatBytes(this.carry, Uint8Array.of(LF));
      this.carry = null;
      this.consume(last, 0, last.length);
    }
    if (!this.headerDone) throw new CandleFileError(this.file, 1, null, `empty file, expected the header ${CANDLE_CSV_HEADER}`);
    const n = this.count;
    return {
      symbol,
      length: n,
      ts: this.tsColumn.subarray(0, n),
      open: this.openColumn.subarray(0, n),
      high: this.highColumn.subarray(0, n),
      low: this.lowColumn.subarray(0, n),
      close: this.closeColumn.subarray(0, n),
      volume: this.volumeColumn.subarray(0, n),
    };
  }

  /** `[start, end)` holds whole lines: `end - 1` is a newline. */
  private consume(buf: Uint8Array, start: number, end: number): void {
    if (!this.headerDone) {
      const newline = buf.indexOf(LF, start);
      this.parseHeader(buf, start, newline);
      start = newline + 1;
    }
    if (start < end) this.parseRows(buf, start, end);
  }

  private parseHeader(buf: Uint8Array, start: number, newline: number): void {
    this.line = 1;
    let text = latin1.decode(buf.subarray(start, newline));
    if (text.startsWith('\u00ef\u00bb\u00bf')) text = text.slice(3); // a UTF-8 byte order mark
    if (text.endsWith('\r')) text = text.slice(0, -1);
    const names = text.split(',');
    for (let i = 0; i < CANDLE_CSV_COLUMNS.length; i++) {
      const expected = CANDLE_CSV_COLUMNS[i] as string;
      const name = names[i];
      if (name === undefined) {
        throw new CandleFileError(this.file, 1, expected, `header is missing column ${expected}, expected ${CANDLE_CSV_HEADER}`);
      }
      if (name.trim() !== expected) {
        throw new CandleFileError(this.file, 1, expected, `header column ${i + 1} is "${name}", expected ${expected} (header must be ${CANDLE_CSV_HEADER})`);
      }
    }
    if (names.length > CANDLE_CSV_COLUMNS.length) {
      const extra = names.slice(CANDLE_CSV_COLUMNS.length).join(',');
      throw new CandleFileError(this.file, 1, null, `header has extra column(s) "${extra}", expected ${CANDLE_CSV_HEADER}`);
    }
    this.headerDone = true;
  }

  private parseRows(buf: Uint8Array, start: number, end: number): void {
    // Hot loop: state in locals, written back at the end.
    let line = this.line;
    let prevTs = this.prevTs;
    let n = this.count;
    const from = this.from;
    const to = this.to;
    let tsCol = this.tsColumn;
    let openCol = this.openColumn;
    let highCol = this.highColumn;
    let lowCol = this.lowColumn;
    let closeCol = this.closeColumn;
    let volumeCol = this.volumeColumn;
    const row = ROW;
    let p = start;
    while (p < end) {
      line++;
      let c = buf[p] as number;
      if (c === LF || (c === CR && buf[p + 1] === LF)) {
        if (this.blankLine === 0) this.blankLine = line;
        p += c === CR ? 2 : 1;
        continue;
      }
      if (this.blankLine !== 0) this.fail(this.blankLine, null, 'empty line');
      for (let f = 0; f < 6; f++) {
        const fieldStart = p;
        let negative = false;
        if (c === MINUS) {
          negative = true;
          c = buf[++p] as number;
        }
        let mantissa = 0;
        let digits = 0;
        let fraction = 0;
        while (c >= DIGIT_0 && c <= DIGIT_9) {
          mantissa = mantissa * 10 + (c - DIGIT_0);
          digits++;
          c = buf[++p] as number;
        }
        if (c === DOT) {
          c = buf[++p] as number;
          while (c >= DIGIT_0 && c <= DIGIT_9) {
            mantissa = mantissa * 10 + (c - DIGIT_0);
            digits++;
            fraction++;
            c = buf[++p] as number;
          }
        }
        let value: number;
        if (c === UPPER_E || c === LOWER_E || mantissa > MAX_EXACT_MANTISSA || fraction > 22) {
          // Rare forms (exponent, more than 15-16 significant digits): let the engine convert them.
          const fieldEnd = fieldEndOf(buf, fieldStart, end);
          const text = latin1.decode(buf.subarray(fieldStart, fieldEnd));
          if (!NUMBER_TEXT.test(text)) this.fail(line, CANDLE_CSV_COLUMNS[f] as string, `not a number: "${clip(text)}"`);
          value = Number(text);
          if (!Number.isFinite(value)) this.fail(line, CANDLE_CSV_COLUMNS[f] as string, `not a finite number: "${clip(text)}"`);
          p = fieldEnd;
          c = buf[p] as number;
        } else {
          if (digits === 0) this.failField(buf, line, f, fieldStart, end);
          value = fraction === 0 ? mantissa : mantissa / (POW10[fraction] as number);
          if (negative) value = -value;
        }
        if (f < 5) {
          if (c !== COMMA) {
            if (c === LF || c === CR) this.fail(line, CANDLE_CSV_COLUMNS[f + 1] as string, `missing field ${CANDLE_CSV_COLUMNS[f + 1]}: a row has 6 fields (${CANDLE_CSV_HEADER}), this one has ${f + 1}`);
            this.failField(buf, line, f, fieldStart, end);
          }
        } else {
          if (c === CR) c = buf[++p] as number;
          if (c !== LF) {
            if (c === COMMA) this.fail(line, null, `extra field after volume: a row has 6 fields (${CANDLE_CSV_HEADER})`);
            this.failField(buf, line, f, fieldStart, end);
          }
        }
        row[f] = value;
        c = buf[++p] as number;
      }

      const ts = row[0] as number;
      const open = row[1] as number;
      const high = row[2] as number;
      const low = row[3] as number;
      const close = row[4] as number;
      const volume = row[5] as number;
      if (!Number.isSafeInteger(ts) || ts < 0) this.fail(line, 'ts', `must be a non-negative integer (epoch ms), was ${ts}`);
      // Not `ts % MINUTE`: V8's float modulo is a C call, a tenth of the parse time here.
      if (Math.floor(ts / MINUTE) * MINUTE !== ts) this.fail(line, 'ts', `${ts} is not on a minute boundary (${new Date(ts).toISOString()})`);
      if (ts <= prevTs) {
        this.fail(line, 'ts', ts === prevTs ? `duplicate ts ${ts}: same as the previous row` : `ts ${ts} is before the previous row's ${prevTs}: rows must be sorted by ts`);
      }
      if (!(open > 0)) this.fail(line, 'open', `price must be positive, was ${open}`);
      if (!(high > 0)) this.fail(line, 'high', `price must be positive, was ${high}`);
      if (!(low > 0)) this.fail(line, 'low', `price must be positive, was ${low}`);
      if (!(close > 0)) this.fail(line, 'close', `price must be positive, was ${close}`);
      if (high < low) this.fail(line, 'high', `high ${high} is below low ${low}`);
      if (open < low || open > high) this.fail(line, 'open', `open ${open} is outside [low ${low}, high ${high}]`);
      if (close < low || close > high) this.fail(line, 'close', `close ${close} is outside [low ${low}, high ${high}]`);
      if (!(volume >= 0)) this.fail(line, 'volume', `must not be negative, was ${volume}`);
      prevTs = ts;
      if (ts >= from && ts < to) {
        if (n === this.capacity) {
          this.count = n;
          this.grow();
          tsCol = this.tsColumn;
          openCol = this.openColumn;
          highCol = this.highColumn;
          lowCol = this.lowColumn;
          closeCol = this.closeColumn;
          volumeCol = this.volumeColumn;
        }
        tsCol[n] = ts;
        openCol[n] = open;
        highCol[n] = high;
        lowCol[n] = low;
        closeCol[n] = close;
        volumeCol[n] = volume;
        n++;
      }
    }
    this.line = line;
    this.prevTs = prevTs;
    this.count = n;
  }

  /**
   * Sizes the columns once for the whole file: its bytes over the mean line length of the first
   * chunk, plus a margin (line lengths drift as prices do). Growing by doubling from a small size
   * would allocate and copy twice the final size, a quarter of the load time of a 2-year file.
   */
  private reserveFor(firstChunk: Uint8Array): void {
    this.reserved = true;
    if (this.expectedBytes <= 0) return;
    let lines = 0;
    for (let p = firstChunk.indexOf(LF); p !== -1; p = firstChunk.indexOf(LF, p + 1)) lines++;
    if (lines < 2) return;
    const rows = Math.ceil((this.expectedBytes / (firstChunk.length / lines)) * 1.1) + 64;
    if (rows <= this.capacity || this.count > 0) return;
    this.capacity = rows;
    this.tsColumn = new Float64Array(rows);
    this.openColumn = new Float64Array(rows);
    this.highColumn = new Float64Array(rows);
    this.lowColumn = new Float64Array(rows);
    this.closeColumn = new Float64Array(rows);
    this.volumeColumn = new Float64Array(rows);
  }

  /** With the file size known, extrapolates the rows from the bytes read so far; else doubles. */
  private grow(): void {
    let capacity = this.capacity * 2;
    if (this.expectedBytes > this.bytesSeen && this.bytesSeen > 0) {
      capacity = Math.max(this.capacity + 1024, Math.ceil((this.count / this.bytesSeen) * this.expectedBytes * 1.05) + 1024);
    }
    const grown = (old: Float64Array): Float64Array => {
      const next = new Float64Array(capacity);
      next.set(old);
      return next;
    };
    this.tsColumn = grown(this.tsColumn);
    this.openColumn = grown(this.openColumn);
    this.highColumn = grown(this.highColumn);
    this.lowColumn = grown(this.lowColumn);
    this.closeColumn = grown(this.closeColumn);
    this.volumeColumn = grown(this.volumeColumn);
    this.capacity = capacity;
  }

  private failField(buf: Uint8Array, line: number, f: number, fieldStart: number, end: number): never {
    const text = latin1.decode(buf.subarray(fieldStart, fieldEndOf(buf, fieldStart, end)));
    return this.fail(line, CANDLE_CSV_COLUMNS[f] as string, text === '' ? 'empty value, expected a number' : `not a number: "${clip(text)}"`);
  }

  private fail(line: number, field: string | null, reason: string): never {
    throw new CandleFileError(this.file, line, field, reason);
  }
}

/** Scratch row shared by all parsers: parsing is synchronous, so one is enough. */
const ROW = new Float64Array(6);

function fieldEndOf(buf: Uint8Array, from: number, end: number): number {
  let p = from;
  while (p < end) {
    const c = buf[p];
    if (c === COMMA || c === LF || c === CR) break;
    p++;
  }
  return p;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
