import type { AlertKind, Severity } from './alert-kinds';

/** One thing to tell people, before it is addressed to destinations. */
export interface Alert {
  /** The event id it comes from (or the summary's own id): one alert per destination, ever. */
  readonly id: string;
  readonly kind: AlertKind;
  readonly severity: Severity;
  /** Alerts with the same severity and key within the coalescing window go out as one. */
  readonly key: string;
  /** Plain text (no markup: nothing to escape, nothing a symbol or reason can break). */
  readonly text: string;
}

/** Warnings carry their kind's own sign; only a critical alert gets a prefix of its own. */
const ICONS: Readonly<Record<Severity, string>> = { info: '', warning: '', critical: '🚨 ' };

export function severityIcon(severity: Severity): string {
  return ICONS[severity];
}
