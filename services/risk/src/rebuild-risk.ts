import { readStream, type Bus, type StreamEntry } from '@mast/bus';
import { ANY, streamName, subjects, type EventOf } from '@mast/contracts';
import type { RiskHandler } from '@mast/pipeline';

export interface RebuildFloors {
  /** What the durable consumers had acknowledged: everything up to these was applied before. */
  readonly assessed: number;
  readonly exec: number;
  readonly ctl: number;
}

/** Pulls entries from a stream one at a time, up to a sequence. */
function cursor(bus: Bus, stream: string, filterSubject: string | undefined, untilSeq: number) {
  const iterator = untilSeq > 0 ? readStream(bus, { stream, untilSeq, ...(filterSubject ? { filterSubject } : {}) })[Symbol.asyncIterator]() : null;
  let head: StreamEntry | null | undefined;
  const peek = async (): Promise<StreamEntry | null> => {
    if (head === undefined) head = iterator ? ((await iterator.next()).value ?? null) : null;
    return head;
  };
  return {
    peek,
    async take(): Promise<StreamEntry | null> {
      const entry = await peek();
      head = undefined;
      return entry;
    },
  };
}

/**
 * Rebuilds risk's state by replaying its three inputs in the order it first applied them:
 * every PortfolioMarked records the execution and control sequences applied before its candle,
 * so before each assessed candle the fills and commands up to those marks are applied first.
 * After the last mark, the rest of the fills and commands the consumers had acknowledged.
 * Nothing is published. Returns how many candles were replayed.
 */
export async function rebuildRisk(bus: Bus, ns: string, handler: RiskHandler, floors: RebuildFloors): Promise<number> {
  const s = subjects(ns);
  const marks = cursor(bus, streamName(ns, 'risk'), s.marked(), Number.MAX_SAFE_INTEGER);
  const assessed = cursor(bus, streamName(ns, 'sig'), s.assessed(ANY), floors.assessed);
  const exec = cursor(bus, streamName(ns, 'exec'), undefined, floors.exec);
  const ctl = cursor(bus, streamName(ns, 'ctl'), undefined, floors.ctl);

  const applyUpTo = async (input: typeof exec, upTo: number, apply: (entry: StreamEntry) => void) => {
    for (let next = await input.peek(); next && next.meta.streamSeq <= upTo; next = await input.peek()) apply((await input.take())!);
  };
  const applyExec = (entry: StreamEntry) => handler.handleExecution(entry.event, entry.meta.streamSeq);
  const applyCtl = (entry: StreamEntry) => handler.handleControl(entry.event, entry.meta.streamSeq);

  let candles = 0;
  for (let entry = await assessed.take(); entry; entry = await assessed.take()) {
    // The mark of this candle, if it was handled (a repeat was skipped and has none).
    let mark = await marks.peek();
    while (mark && (mark.event as EventOf<'PortfolioMarked'>).data.applied.assessed < entry.meta.streamSeq) {
      await marks.take();
      mark = await marks.peek();
    }
    const applied = mark && (mark.event as EventOf<'PortfolioMarked'>).data.applied;
    if (applied && applied.assessed === entry.meta.streamSeq) {
      await applyUpTo(exec, applied.exec, applyExec);
      await applyUpTo(ctl, applied.ctl, applyCtl);
    }
    if (entry.event.type === 'CandleAssessed') handler.handleAssessed(entry.event, entry.meta.streamSeq);
    candles++;
  }
  await applyUpTo(exec, floors.exec, applyExec);
  await applyUpTo(ctl, floors.ctl, applyCtl);
  return candles;
}
