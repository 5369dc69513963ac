/**
 * Plays the market in time. Speed 1 is real time (a candle per 60 s), N is N times faster,
 * 'max' plays as fast as possible while yielding to the event loop after every point (so REST
 * and WS traffic still gets served), 'manual' plays only on `step()`/`advanceTo()`.
 *
 * Points are scheduled against a fixed wall-clock origin, so slow pushes do not accumulate drift.
 */
import { setImmediate as yieldNow, setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { MINUTE_MS } from '../candles';
import { SimulatorStateError } from '../errors';
import type { Market } from './market';

export type MarketSpeed = number | 'max' | 'manual';

export class MarketDriver {
  private stopped = false;
  private nextPoint = 0;
  private running: Promise<void> | undefined;
  private readonly abort = new AbortController();

  constructor(
    private readonly market: Market,
    readonly speed: MarketSpeed,
    private readonly logger: Logger,
  ) {
    if (typeof speed === 'number' && !(speed > 0 && Number.isFinite(speed))) {
      throw new SimulatorStateError(`market.speed must be a positive number, 'max' or 'manual', was ${speed}`);
    }
  }

  start(): void {
    if (this.speed === 'manual' || this.running) return;
    this.running = this.loop().catch((err: unknown) => {
      if (!this.stopped) this.logger.error({ err }, 'market driver failed');
    });
  }

  private async loop(): Promise<void> {
    const points = this.market.pointsPerCandle;
    const candleMs = this.speed === 'max' || this.speed === 'manual' ? 0 : MINUTE_MS / this.speed;
    const origin = performance.now();
    let candle = 0;
    while (!this.stopped && this.market.beginCandle()) {
      for (let i = 0; i < points && !this.stopped; i++) {
        await this.waitUntil(origin + candle * candleMs + (i * candleMs) / points);
        this.market.playPoint(i);
      }
      await this.waitUntil(origin + (candle + 1) * candleMs);
      if (this.stopped) return;
      this.market.confirmCandle();
      candle++;
    }
    if (!this.stopped) this.logger.info({ candles: candle }, 'market data exhausted; prices stay at the last close');
  }

  private async waitUntil(target: number): Promise<void> {
    const delay = target - performance.now();
    if (delay > 1) await sleep(delay, undefined, { signal: this.abort.signal }).catch(() => undefined);
    else await yieldNow();
  }

  private requireManual(what: string): void {
    if (this.speed !== 'manual') throw new SimulatorStateError(`${what} needs market.speed 'manual', the market runs at ${this.speed}`);
  }

  /**
   * Manual mode: one tick, i.e. the next path point of the candle in play (opening the next
   * candle first when none is), or its close once every point has played. False when exhausted.
   */
  tick(): boolean {
    this.requireManual('tick()');
    if (!this.market.isPlaying()) {
      if (!this.market.beginCandle()) return false;
      this.nextPoint = 0;
    }
    if (this.nextPoint < this.market.pointsPerCandle) this.market.playPoint(this.nextPoint++);
    else this.market.confirmCandle();
    return true;
  }

  /** Manual mode: plays the rest of the candle in play, or the next candle, through its close. */
  step(): boolean {
    this.requireManual('step()');
    if (!this.market.isPlaying() && this.market.nextCandleTs() === undefined) return false;
    while (this.tick() && this.market.isPlaying());
    return true;
  }

  /** Manual mode: plays every candle that opens at or before `ts`. Returns the number played. */
  advanceTo(ts: number): number {
    let played = 0;
    for (let next = this.market.nextCandleTs(); next !== undefined && next <= ts; next = this.market.nextCandleTs()) {
      this.step();
      played++;
    }
    return played;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    await this.running;
  }
}
