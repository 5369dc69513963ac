import { z } from 'zod';

/** What an alert is about; each destination turns each kind on, silent (no notification sound) or off. */
export const ALERT_KINDS = [
  'entry',
  'exit',
  'cooldown',
  'daily_loss_lock',
  'drawdown_tier',
  'halt',
  'reconciliation',
  'dead_letter',
  'order_rejected',
  'service',
  'control',
  'audit',
  'summary',
] as const;
export const alertKindSchema = z.enum(ALERT_KINDS);
export type AlertKind = z.infer<typeof alertKindSchema>;

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const DELIVERY_MODES = ['on', 'silent', 'off'] as const;
export const deliveryModeSchema = z.enum(DELIVERY_MODES);
export type DeliveryMode = z.infer<typeof deliveryModeSchema>;

/** Per-destination overrides; a kind not named is `on`. */
export const kindModesSchema = z.partialRecord(alertKindSchema, deliveryModeSchema);
export type KindModes = z.infer<typeof kindModesSchema>;

export function modeOf(modes: KindModes, kind: AlertKind): DeliveryMode {
  return modes[kind] ?? 'on';
}
