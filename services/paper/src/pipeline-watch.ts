import type { Bus } from '@mast/bus';
import { subjects, type MastEvent } from '@mast/contracts';

/**
 * What a driver of the pipeline (lockstep, a fast replay) watches to know when it may go on:
 * risk's PortfolioMarked per candle, and the order requests still without an outcome from
 * execution. Core subscriptions, not consumers: the driver only needs to be woken, and it can
 * recount from the streams when a NATS restart made it miss something.
 */
export interface PipelineWatch {
  /** Request ids of OrderRequested without an OrderFilled or OrderRejected yet. */
  readonly pending: Set<string>;
  /** Date.now() of the last event seen. */
  lastChange(): number;
  /** Resolves at the next event seen, or after `maxMs`, whichever comes first. */
  next(maxMs?: number): Promise<void>;
  close(): void;
}

export interface PipelineWatchHooks {
  readonly onMarked?: (T: number) => void;
  readonly onOrderAccepted?: () => void;
}

export async function watchPipeline(nc: Bus['nc'], ns: string, hooks: PipelineWatchHooks = {}): Promise<PipelineWatch> {
  const s = subjects(ns);
  const pending = new Set<string>();
  let lastChange = Date.now();
  let wake: (() => void) | null = null;
  const seen = () => {
    lastChange = Date.now();
    const w = wake;
    wake = null;
    w?.();
  };
  const parse = (data: Uint8Array): MastEvent => JSON.parse(new TextDecoder().decode(data)) as MastEvent;
  const subs = [
    nc.subscribe(s.marked(), { callback: (_err, msg) => {
      const event = parse(msg.data);
      if (event.type === 'PortfolioMarked') hooks.onMarked?.(event.data.T);
      seen();
    } }),
    nc.subscribe(s.orderRequest('*'), { callback: (_err, msg) => {
      const event = parse(msg.data);
      if (event.type === 'OrderRequested') pending.add(event.data.requestId);
      seen();
    } }),
    nc.subscribe(s.execOrder('*'), { callback: (_err, msg) => {
      const event = parse(msg.data);
      if (event.type === 'OrderAccepted') hooks.onOrderAccepted?.();
      if (event.type === 'OrderRejected' || event.type === 'OrderFilled') pending.delete(event.data.requestId);
      seen();
    } }),
  ];
  await nc.flush();
  return {
    pending,
    lastChange: () => lastChange,
    next: (maxMs = 250) =>
      new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, maxMs);
      }),
    close: () => {
      for (const sub of subs) sub.unsubscribe();
    },
  };
}
