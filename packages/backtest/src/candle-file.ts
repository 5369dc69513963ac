import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { CandleCsvParser } from './candle-csv-parser';
import type { SymbolCandles, TimeRange } from './candle-csv-parser';
import { CandleFileError, isCandleFileError } from './candle-file-error';

/** `{SYMBOL}-1m.csv.gz`: the file name of a symbol's 1-minute candles in a data folder. */
export function candleFileName(symbol: string): string {
  return `${symbol}-1m.csv.gz`;
}

export function candleFilePath(dir: string, symbol: string): string {
  return join(dir, candleFileName(symbol));
}

const CHUNK_BYTES = 1 << 20;

/**
 * Reads one gzip CSV candle file. The file is gunzipped as a stream on libuv's thread pool while
 * this thread parses the chunks already out, so several files load in parallel with their parsing.
 */
export async function readCandleFile(
  file: string,
  symbol: string,
  range: TimeRange = {},
  onCompressedBytes?: (bytes: number) => void,
): Promise<SymbolCandles> {
  const parser = new CandleCsvParser(file, range, undefined, await gzipDecompressedSize(file));
  const source = createReadStream(file, { highWaterMark: CHUNK_BYTES });
  if (onCompressedBytes) source.on('data', (chunk) => onCompressedBytes(chunk.length));
  const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
  source.on('error', (error) => gunzip.destroy(error));
  source.pipe(gunzip);
  try {
    for await (const chunk of gunzip) parser.push(chunk as Buffer);
  } catch (error) {
    source.destroy();
    gunzip.destroy();
    throw toCandleFileError(error, file);
  }
  return parser.end(symbol);
}

/**
 * A gzip file ends with the decompressed size mod 2^32 (RFC 1952 ISIZE): a hint for sizing the
 * columns, 0 when the file cannot say (missing, too short). Errors surface when the file is read.
 */
async function gzipDecompressedSize(file: string): Promise<number> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(file, 'r');
    const { size } = await handle.stat();
    if (size < 18) return 0;
    const trailer = Buffer.alloc(4);
    await handle.read(trailer, 0, 4, size - 4);
    return trailer.readUInt32LE(0);
  } catch {
    return 0;
  } finally {
    await handle?.close();
  }
}

function toCandleFileError(error: unknown, file: string): unknown {
  if (isCandleFileError(error)) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return new CandleFileError(file, null, null, 'missing file (expected {SYMBOL}-1m.csv.gz for every symbol)', { cause: error });
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return new CandleFileError(file, null, null, `not a valid gzip file (${(error as Error).message})`, { cause: error });
  }
  if (code === 'EISDIR' || code === 'EACCES') return new CandleFileError(file, null, null, `cannot read: ${(error as Error).message}`, { cause: error });
  return error;
}
