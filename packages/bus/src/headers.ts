import { headers } from '@nats-io/transport-node';
import type { MsgHdrs } from '@nats-io/transport-node';
import type { MastEvent } from '@mast/contracts';

/**
 * Our headers, beside `Nats-Msg-Id` (the event id, set through nats.js `msgID`): a tool or a
 * subscriber can route and trace a message without parsing its payload.
 */
export const MastHeaders = {
  Type: 'Mast-Type',
  CorrelationId: 'Mast-Correlation-Id',
  CausationId: 'Mast-Causation-Id',
} as const;
export type MastHeaders = (typeof MastHeaders)[keyof typeof MastHeaders];

export function eventHeaders(event: MastEvent): MsgHdrs {
  const h = headers();
  h.set(MastHeaders.Type, event.type);
  if (event.correlationId !== null) h.set(MastHeaders.CorrelationId, event.correlationId);
  if (event.causationId !== null) h.set(MastHeaders.CausationId, event.causationId);
  return h;
}
