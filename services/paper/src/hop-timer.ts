import type { Bus } from '@mast/bus';
import { ANY, subjects, type MastEvent } from '@mast/contracts';

/** The hops from a closed candle to an order the exchange accepted, as the bus shows them. */
export const HOPS = ['CandleClosed -> CandleAssessed', 'CandleAssessed -> OrderRequested', 'OrderRequested -> OrderAccepted'] as const;
export type Hop = (typeof HOPS)[number];

export interface HopTimer {
  /** Milliseconds per hop, one entry per OrderAccepted whose whole chain was seen. */
  readonly hops: Readonly<Record<Hop, readonly number[]>>;
  close(): void;
}

/**
 * Where the time from a candle's close to an accepted order goes: core subscriptions on the
 * subjects of the four events of the chain, each event timed as it arrives here and linked to the
 * one before it by its causation id. One clock (this process's) times every hop; the arrival
 * here lags each publish by the same loopback delivery, which cancels out in the differences.
 */
export async function timeHops(nc: Bus['nc'], ns: string): Promise<HopTimer> {
  const s = subjects(ns);
  const seen = new Map<string, { readonly at: number; readonly type: string; readonly cause: string | null }>();
  const hops: Record<Hop, number[]> = { 'CandleClosed -> CandleAssessed': [], 'CandleAssessed -> OrderRequested': [], 'OrderRequested -> OrderAccepted': [] };
  const decoder = new TextDecoder();
  const onEvent = (data: Uint8Array): void => {
    const at = performance.now();
    const event = JSON.parse(decoder.decode(data)) as MastEvent;
    seen.set(event.id, { at, type: event.type, cause: event.causationId });
    if (event.type !== 'OrderAccepted') return;
    const chain = [seen.get(event.id)!];
    for (let cause = event.causationId; cause !== null && seen.has(cause); cause = seen.get(cause)!.cause) chain.unshift(seen.get(cause)!);
    if (chain.length !== HOPS.length + 1 || chain[0]!.type !== 'CandleClosed') return;
    HOPS.forEach((hop, i) => hops[hop].push(chain[i + 1]!.at - chain[i]!.at));
  };
  const subs = [s.candle(ANY), s.assessed(ANY), s.orderRequest(ANY), s.execOrder(ANY)].map((subject) => nc.subscribe(subject, { callback: (_err, msg) => onEvent(msg.data) }));
  await nc.flush();
  return {
    hops,
    close: () => {
      for (const sub of subs) sub.unsubscribe();
    },
  };
}
