/**
 * `/v5/public/linear`: kline.1.<SYMBOL> and tickers.<SYMBOL> (BYBIT_V5.md §5). Kline pushes
 * follow the price path (confirm:false) and end with the final candle (confirm:true); tickers
 * send a snapshot on subscribe, then deltas of the changed fields.
 */
import type WebSocket from 'ws';
import { fmt } from '../decimal';
import type { FaultEngine } from '../faults/fault-engine';
import { WsChannel } from '../faults/fault-rule';
import type { Instrument } from '../instruments';
import type { KlineState, Market, MarketListener, PricePoint } from '../market/market';
import { tickerDelta, tickerOf, type TickerRecord } from '../market/ticker';
import { parseClientFrame, StreamConnection, type PushFrame } from './stream-connection';

export class PublicStream implements MarketListener {
  readonly connections = new Set<StreamConnection>();
  private readonly lastTicker = new Map<string, TickerRecord>();
  private readonly crossSeq = new Map<string, number>();

  constructor(
    private readonly market: Market,
    private readonly instruments: ReadonlyMap<string, Instrument>,
    private readonly faults: FaultEngine,
    private readonly fundingRate: number,
  ) {
    market.addListener(this);
  }

  attach(ws: WebSocket): void {
    const conn = new StreamConnection(ws, WsChannel.PUBLIC, this.faults);
    this.connections.add(conn);
    ws.on('close', () => this.connections.delete(conn));
    ws.on('message', (data) => this.onMessage(conn, parseClientFrame(data)));
  }

  private isTopic(topic: string): boolean {
    const m = /^(kline\.1|tickers)\.([A-Z0-9]+)$/.exec(topic);
    return m !== null && this.instruments.has(m[2]!);
  }

  private onMessage(conn: StreamConnection, msg: Record<string, unknown> | undefined): void {
    if (!msg) {
      conn.sendControl({ success: false, ret_msg: 'error:invalid request, the message is not a JSON object', conn_id: conn.connId, req_id: '', op: '' });
      return;
    }
    const op = msg['op'];
    const reqId = String(msg['req_id'] ?? '');
    if (op === 'ping') {
      conn.sendControl({ success: true, ret_msg: 'pong', conn_id: conn.connId, req_id: reqId, op: 'ping' });
      return;
    }
    if (op !== 'subscribe' && op !== 'unsubscribe') {
      conn.sendControl({ success: false, ret_msg: `error:unknown op ${String(op)}`, conn_id: conn.connId, req_id: reqId, op: String(op ?? '') });
      return;
    }
    const args = Array.isArray(msg['args']) ? msg['args'].map(String) : [];
    const failures: string[] = [];
    const snapshots: string[] = [];
    for (const topic of args) {
      if (op === 'unsubscribe') {
        conn.topics.delete(topic);
      } else if (!this.isTopic(topic)) {
        failures.push(`error:handler not found,topic:${topic}`);
      } else if (conn.topics.has(topic)) {
        failures.push(`error:already subscribed,topic:${topic}`);
      } else {
        conn.topics.add(topic);
        if (topic.startsWith('tickers.')) snapshots.push(topic.slice('tickers.'.length));
      }
    }
    conn.sendControl({ success: failures.length === 0, ret_msg: failures.join(';'), conn_id: conn.connId, req_id: reqId, op });
    for (const symbol of snapshots) this.sendTickerSnapshot(conn, symbol);
  }

  private sendTickerSnapshot(conn: StreamConnection, symbol: string): void {
    const inst = this.instruments.get(symbol);
    const ticker = inst && tickerOf(this.market, inst, this.fundingRate);
    if (!ticker) return;
    this.lastTicker.set(symbol, ticker);
    conn.push({ topic: `tickers.${symbol}`, type: 'snapshot', cs: this.crossSeq.get(symbol) ?? 0, ts: this.market.now(), data: ticker });
  }

  private broadcast(frame: PushFrame): void {
    for (const conn of this.connections) if (conn.topics.has(frame.topic)) conn.push(frame);
  }

  private hasSubscriber(topic: string): boolean {
    for (const conn of this.connections) if (conn.topics.has(topic)) return true;
    return false;
  }

  private klineFrame(k: KlineState, confirm: boolean, time: number): PushFrame {
    const inst = this.instruments.get(k.symbol);
    const d = inst?.priceDecimals ?? 8;
    return {
      topic: `kline.1.${k.symbol}`, type: 'snapshot', ts: time,
      data: [{
        start: k.start, end: k.start + 59_999, interval: '1', open: fmt(k.open, d), close: fmt(k.close, d),
        high: fmt(k.high, d), low: fmt(k.low, d), volume: fmt(k.volume, inst?.qtyDecimals ?? 8),
        turnover: fmt(k.turnover, 4), confirm, timestamp: time,
      }],
    };
  }

  onPrice(point: PricePoint, kline: KlineState): void {
    const klineTopic = `kline.1.${point.symbol}`;
    if (this.hasSubscriber(klineTopic)) this.broadcast(this.klineFrame(kline, false, point.time));
    const tickerTopic = `tickers.${point.symbol}`;
    const inst = this.instruments.get(point.symbol);
    if (!inst || !this.hasSubscriber(tickerTopic)) return;
    const next = tickerOf(this.market, inst, this.fundingRate);
    const previous = this.lastTicker.get(point.symbol);
    if (!next) return;
    this.lastTicker.set(point.symbol, next);
    const delta = previous ? tickerDelta(previous, next) : next;
    if (Object.keys(delta).length <= 1) return;
    const cs = (this.crossSeq.get(point.symbol) ?? 0) + 1;
    this.crossSeq.set(point.symbol, cs);
    this.broadcast({ topic: tickerTopic, type: 'delta', cs, ts: point.time, data: delta });
  }

  onCandleClosed(kline: KlineState, time: number): void {
    const topic = `kline.1.${kline.symbol}`;
    if (this.hasSubscriber(topic)) this.broadcast(this.klineFrame(kline, true, time));
  }

  dropAll(): void {
    for (const conn of this.connections) conn.ws.terminate();
  }
}
