import { EVENT_ROUTES, SERVICES, consumerDefinitions, streamName, subjects } from '@mast/contracts';
import type { EventType } from '@mast/contracts';
import { DEPLOY_NAMESPACES, natsUsers } from './nats-users';
import type { NatsUser, NatsUserName } from './nats-users';

/**
 * The generated permissions as a table: for every event type of every deployment namespace, which
 * users may publish it, evaluated with NATS's matching rules (`*` one token, `>` the rest; deny
 * wins over allow). nats-permissions.int.spec.ts shows a real server enforcing a sample of it.
 */

function matches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length || (p[i] !== '*' && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}

function mayPublish(user: NatsUser, subject: string): boolean {
  if (!user.permissions) return true;
  const { allow, deny } = user.permissions.publish;
  return allow.some((a) => matches(a, subject)) && !deny.some((d) => matches(d, subject));
}

const SERVICE_USERS = ['market-data', ...SERVICES] as const;
const users = natsUsers();
const publishers = (subject: string) => users.filter((u) => u.user !== 'admin' && mayPublish(u, subject)).map((u) => u.user).sort();

/** Who publishes each event type (by its subject), by the rules. */
function expectedPublishers(ns: string, type: EventType): NatsUserName[] {
  const route = EVENT_ROUTES[type];
  switch (route.context) {
    case 'md':
      return ['market-data'];
    case 'sig':
      return ['signal'];
    case 'risk':
      return ['risk'];
    case 'exec':
      return ['execution'];
    case 'ctl':
      return ['notifier', 'projection'];
    case 'sys':
      return route.kind === 'service' ? [...SERVICE_USERS].sort() : ['notifier', 'projection'];
    case 'dlq':
      // Dead letters of a stream come from the services that consume it (here: the candle stream).
      return SERVICES.filter((s) => consumerDefinitions(ns, s).some((d) => d.stream === streamName(ns, 'md'))).sort();
  }
}

const keyFor = (ns: string, type: EventType) => (EVENT_ROUTES[type].key === 'stream' ? streamName(ns, 'md') : EVENT_ROUTES[type].key === 'symbol' ? 'BTCUSDT' : undefined);

describe('generated NATS permissions', () => {
  it('cover the agreed users, each with a password variable', () => {
    expect(users.map((u) => u.user).sort()).toEqual(['admin', 'execution', 'market-data', 'notifier', 'projection', 'replay', 'risk', 'signal']);
    expect(new Set(users.map((u) => u.passwordEnv)).size).toBe(users.length);
  });

  describe.each(DEPLOY_NAMESPACES)('namespace %s', (ns) => {
    it.each(Object.keys(EVENT_ROUTES) as EventType[])('%s is published only by its producer', (type) => {
      const subject = subjects(ns).forType(type, keyFor(ns, type));
      expect({ subject, publishers: publishers(subject) }).toEqual({ subject, publishers: expectedPublishers(ns, type) });
    });

    it('lets no service user change streams or consumers, and the replay user touch none of them', () => {
      for (const user of users.filter((u) => u.user !== 'admin')) {
        for (const context of ['md', 'risk', 'exec'] as const) {
          const stream = streamName(ns, context);
          for (const api of ['STREAM.DELETE', 'STREAM.PURGE', 'STREAM.UPDATE', 'STREAM.MSG.DELETE']) expect({ user: user.user, api, allowed: mayPublish(user, `$JS.API.${api}.${stream}`) }).toEqual({ user: user.user, api, allowed: false });
        }
        expect({ user: user.user, allowed: mayPublish(user, `$JS.API.CONSUMER.DELETE.${streamName(ns, 'risk')}.execution-orders`) }).toEqual({ user: user.user, allowed: false });
      }
    });
  });

  it('lets the replay user publish everything of a replay namespace', () => {
    const replay = users.find((u) => u.user === 'replay')!;
    for (const type of Object.keys(EVENT_ROUTES) as EventType[]) {
      const subject = subjects('replay-7f3a').forType(type, keyFor('replay-7f3a', type));
      expect({ subject, allowed: mayPublish(replay, subject) }).toEqual({ subject, allowed: true });
    }
  });
});
