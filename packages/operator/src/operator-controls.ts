import { makeEvent } from '@mast/contracts';
import type { EventOf, MastEvent, OperatorChannel } from '@mast/contracts';
import { buildControlEvent } from './control-event';
import type { ControlEvent, Issuer } from './control-event';
import type { OperatorControl } from './operator-command';

/** What the controls need of the bus: the `Publisher` of @mast/bus fits. */
export interface EventPublisher {
  readonly ns: string;
  publish(event: MastEvent): Promise<unknown>;
}

export type RefusalReason = 'UNAUTHORIZED' | 'INVALID';

export interface Refusal {
  readonly channel: OperatorChannel;
  /** `telegram:12345`, `http:anonymous`. */
  readonly issuedBy: string;
  readonly command: string;
  readonly reason: RefusalReason;
  readonly detail: string;
}

export interface OperatorControls {
  readonly ns: string;
  /** Publishes the control event (risk, and execution for flatten, apply it); resolves once stored. */
  issue(control: OperatorControl, issuer: Issuer, why: string): Promise<ControlEvent>;
  /** Records a refused attempt on the log (OperatorCommandRefused), the audit trail of what was not done. */
  refuse(refusal: Refusal): Promise<EventOf<'OperatorCommandRefused'>>;
}

export interface OperatorControlsOptions {
  readonly publisher: EventPublisher;
  /** Epoch ms; injectable so tests pin event times. */
  readonly now?: () => number;
  readonly source?: string;
}

/** The one place where a command from chat or HTTP becomes an event: both channels share it. */
export function createOperatorControls(options: OperatorControlsOptions): OperatorControls {
  const { publisher } = options;
  const now = options.now ?? Date.now;
  const source = options.source ?? 'operator';
  return {
    ns: publisher.ns,
    async issue(control, issuer, why) {
      const event = buildControlEvent({ control, issuer, why, now: now(), source });
      await publisher.publish(event);
      return event;
    },
    async refuse(refusal) {
      const data = {
        channel: refusal.channel,
        issuedBy: refusal.issuedBy,
        command: refusal.command.slice(0, 200),
        reason: refusal.reason,
        detail: refusal.detail.slice(0, 500) || refusal.reason,
      };
      const event = makeEvent('OperatorCommandRefused', { ts: now(), source, data });
      await publisher.publish(event);
      return event;
    },
  };
}
