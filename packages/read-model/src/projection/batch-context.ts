import { DEFAULT_STRATEGY_CONFIG, streamForEvent } from '@mast/contracts';
import type { EventType, InstrumentSpec } from '@mast/contracts';
import { readModelTables } from '../schema/tables';
import type { BatchContext } from './apply-batch';

export const DEFAULT_CONSUMER = 'projection';

export interface ContextOptions {
  readonly ns: string;
  readonly schemaName: string;
  readonly consumer?: string;
  readonly instruments?: Readonly<Record<string, InstrumentSpec>>;
  readonly loadForSnapshots?: boolean;
}

/** What folding and writing a batch needs to know; the same for live batches and a rebuild's. */
export function batchContext(options: ContextOptions): BatchContext {
  const { ns, schemaName } = options;
  const sources = new Map<EventType, string>();
  return {
    tables: readModelTables(schemaName),
    schemaName,
    consumer: options.consumer ?? DEFAULT_CONSUMER,
    instruments: options.instruments ?? DEFAULT_STRATEGY_CONFIG.instruments,
    loadForSnapshots: options.loadForSnapshots ?? false,
    sourceStream: (type) => {
      let stream = sources.get(type);
      if (stream === undefined) sources.set(type, (stream = streamForEvent(ns, type)));
      return stream;
    },
  };
}
