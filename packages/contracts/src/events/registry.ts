import type { z } from 'zod';
import { controlEvents } from './control';
import { executionEvents } from './execution';
import { marketDataEvents } from './market-data';
import { riskEvents } from './risk';
import { signalEvents } from './signal';
import { systemEvents } from './system';

/** Every event type on the log, with its current version and the schema of its data. */
export const EVENT_REGISTRY = {
  ...marketDataEvents,
  ...signalEvents,
  ...riskEvents,
  ...executionEvents,
  ...controlEvents,
  ...systemEvents,
} as const;

export type EventType = keyof typeof EVENT_REGISTRY;
export type EventData<T extends EventType> = z.infer<(typeof EVENT_REGISTRY)[T]['data']>;

export const EVENT_TYPES = Object.keys(EVENT_REGISTRY) as EventType[];

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && Object.hasOwn(EVENT_REGISTRY, value);
}
