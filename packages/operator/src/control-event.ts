import { makeEvent } from '@mast/contracts';
import type { EventOf, OperatorChannel } from '@mast/contracts';
import type { OperatorControl } from './operator-command';

export type ControlEvent = EventOf<'EntriesPaused' | 'EntriesResumed' | 'FlattenRequested' | 'HaltRequested' | 'TradingResumed'>;

export interface Issuer {
  readonly channel: OperatorChannel;
  /** The channel's own id of the person (Telegram user id, a name given to the HTTP API). */
  readonly id: string;
  /** A display name, when the channel knows one (`@alice`). */
  readonly name?: string;
}

/** `telegram:12345 (@alice)`: the channel first, so an audit reader knows where to look the id up. */
export function issuedBy(issuer: Issuer): string {
  return `${issuer.channel}:${issuer.id}${issuer.name ? ` (${issuer.name})` : ''}`;
}

export interface ControlEventInput {
  readonly control: OperatorControl;
  readonly issuer: Issuer;
  readonly why: string;
  /** Event time, epoch ms: when the operator asked. */
  readonly now: number;
  readonly source?: string;
}

/**
 * The control event for a command, validated by the contracts' schemas. Its id derives from its
 * content and time (contracts' default), so a resend of the same command is dropped by JetStream.
 */
export function buildControlEvent(input: ControlEventInput): ControlEvent {
  const { control } = input;
  const base = { issuedBy: issuedBy(input.issuer), why: input.why };
  const fields = { ts: input.now, source: input.source ?? 'operator' };
  switch (control.action) {
    case 'pause':
      return makeEvent('EntriesPaused', { ...fields, data: { symbol: control.symbol, ...base } });
    case 'resume':
      return makeEvent('EntriesResumed', { ...fields, data: { symbol: control.symbol, ...base } });
    case 'flatten':
      return makeEvent('FlattenRequested', { ...fields, data: { symbol: control.symbol, ...base } });
    case 'halt':
      return makeEvent('HaltRequested', { ...fields, data: base });
    case 'resume-trading':
      return makeEvent('TradingResumed', { ...fields, data: base });
  }
}
