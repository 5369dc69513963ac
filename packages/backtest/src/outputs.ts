import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OpenPosition, Trade } from '@mast/core';
import type { EquityRows } from './downsample';

/** The fields of a trade, in STRATEGY.md's order: trades.json and trades.csv hold exactly these. */
export const TRADE_FIELDS = ['symbol', 'entryTs', 'entryPrice', 'exitTs', 'exitPrice', 'qty', 'reason', 'fees', 'pnl'] as const;

export const OUTPUT_FILES = {
  tradesJson: 'trades.json',
  tradesCsv: 'trades.csv',
  openPositionsJson: 'open-positions.json',
  equityCsv: 'equity.csv',
  summaryJson: 'summary.json',
  reportHtml: 'report.html',
} as const;
export type OutputFile = (typeof OUTPUT_FILES)[keyof typeof OUTPUT_FILES];

/** A copy with exactly the listed fields, in order, whatever else the core's object carries. */
function pickTrade(trade: Trade): Trade {
  return {
    symbol: trade.symbol,
    entryTs: trade.entryTs,
    entryPrice: trade.entryPrice,
    exitTs: trade.exitTs,
    exitPrice: trade.exitPrice,
    qty: trade.qty,
    reason: trade.reason,
    fees: trade.fees,
    pnl: trade.pnl,
  };
}

/** A JSON array with one element per line: small diffs, and `grep`/`jq -c` friendly. */
function jsonLinesArray(items: readonly unknown[]): string {
  if (items.length === 0) return '[]\n';
  return `[\n${items.map((item) => JSON.stringify(item)).join(',\n')}\n]\n`;
}

export function tradesToJson(trades: readonly Trade[]): string {
  return jsonLinesArray(trades.map(pickTrade));
}

export function openPositionsToJson(positions: readonly OpenPosition[]): string {
  return jsonLinesArray(
    positions.map((p) => ({
      symbol: p.symbol,
      entryTs: p.entryTs,
      entryPrice: p.entryPrice,
      qty: p.qty,
      entryFee: p.entryFee,
      lastClose: p.lastClose,
      unrealizedPnl: p.unrealizedPnl,
    })),
  );
}

function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Numbers as JavaScript prints them (shortest text that reads back to the same double). */
export function tradesToCsv(trades: readonly Trade[]): string {
  const lines = [TRADE_FIELDS.join(',')];
  for (const trade of trades) lines.push(TRADE_FIELDS.map((field) => csvCell(trade[field])).join(','));
  return `${lines.join('\n')}\n`;
}

export const EQUITY_CSV_HEADER = 'T,equity,drawdown';

/** `T` is the close time (epoch ms) of the last candle in the step. */
export function equityToCsv(rows: EquityRows): string {
  const { T, equity, drawdown } = rows;
  const lines: string[] = new Array(T.length + 1);
  lines[0] = EQUITY_CSV_HEADER;
  for (let i = 0; i < T.length; i++) lines[i + 1] = `${T[i]},${equity[i]},${drawdown[i]}`;
  return `${lines.join('\n')}\n`;
}

export function summaryToJson(summary: unknown): string {
  return `${JSON.stringify(summary, null, 2)}\n`;
}

/** Writes each named file into `dir` (created if needed); returns the paths written. */
export async function writeOutputFiles(dir: string, contents: Readonly<Record<OutputFile, string>>): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const entries = Object.entries(contents) as [OutputFile, string][];
  await Promise.all(entries.map(([name, text]) => writeFile(join(dir, name), text)));
  return entries.map(([name]) => join(dir, name));
}
