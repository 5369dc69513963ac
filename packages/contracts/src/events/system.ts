import { z } from 'zod';
import type { EventSpec } from './event-spec';
import { textSchema } from './fields';

/** System: service lifecycle and messages that could not be handled. */

const serviceSchema = z.strictObject({ service: textSchema, instance: textSchema, version: textSchema });

export const serviceStartedSchema = serviceSchema;
export type ServiceStartedData = z.infer<typeof serviceStartedSchema>;

export const serviceStoppedSchema = serviceSchema;
export type ServiceStoppedData = z.infer<typeof serviceStoppedSchema>;

/** A stream name is the last token of the dead-letter subject, so it must be a valid token. */
const streamNameSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a stream name of [A-Za-z0-9_-]');

/** A message that failed validation or kept failing, parked so it never blocks its consumer. */
export const messageDeadLetteredSchema = z.strictObject({
  stream: streamNameSchema,
  subject: textSchema,
  /** Stream sequence of the original message. */
  sequence: z.number().int().positive(),
  consumer: textSchema,
  reason: textSchema,
  deliveries: z.number().int().positive(),
  /** The original payload, when it is small enough to keep. */
  rawBase64: z.base64().optional(),
});
export type MessageDeadLetteredData = z.infer<typeof messageDeadLetteredSchema>;

export const OPERATOR_CHANNELS = ['telegram', 'discord', 'http'] as const;
export const operatorChannelSchema = z.enum(OPERATOR_CHANNELS);
export type OperatorChannel = z.infer<typeof operatorChannelSchema>;

/**
 * An operator command that was not carried out (an unknown user, a bad token, a malformed
 * command): the attempt is part of the audit trail, like the commands that were.
 */
export const operatorCommandRefusedSchema = z.strictObject({
  channel: operatorChannelSchema,
  /** Who tried, as the channel names them (`telegram:12345`, `http:anonymous`). */
  issuedBy: textSchema,
  /** The command as given, cut to a sane length. */
  command: z.string().max(200),
  reason: z.enum(['UNAUTHORIZED', 'INVALID']),
  detail: textSchema.max(500),
});
export type OperatorCommandRefusedData = z.infer<typeof operatorCommandRefusedSchema>;

export const systemEvents = {
  ServiceStarted: { v: 1, data: serviceStartedSchema },
  ServiceStopped: { v: 1, data: serviceStoppedSchema },
  MessageDeadLettered: { v: 1, data: messageDeadLetteredSchema },
  OperatorCommandRefused: { v: 1, data: operatorCommandRefusedSchema },
} as const satisfies Record<string, EventSpec>;
