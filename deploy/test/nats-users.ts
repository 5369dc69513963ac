import { leaseBucketName, leaseBucketStreamName } from '@mast/bus';
import { CONTEXTS, SERVICES, consumerDefinitions, streamName, subjects } from '@mast/contracts';
import type { Context, ServiceName } from '@mast/contracts';

/**
 * The NATS users of a MAST deployment and what each may do, derived from the contracts'
 * builders (stream names, subjects, durable consumers) so that deploy/nats/users.conf cannot
 * drift from the code: `pnpm nats:users` writes it, and nats-users.unit.spec.ts fails when the
 * committed file differs from what this module renders.
 *
 * The rules (issue "Production shape"): only execution publishes execution events, only risk
 * publishes order requests, only the operator path (notifier, and the projection's HTTP API)
 * publishes controls, and the replay user cannot reach the deployment namespaces.
 */

/** The namespaces a deployment runs in; replay namespaces (`replay-<id>`) belong to the replay user. */
export const DEPLOY_NAMESPACES = ['live', 'paper'] as const;

export type NatsUserName = 'admin' | 'market-data' | ServiceName | 'replay';

export interface NatsPermissions {
  readonly publish: { readonly allow: readonly string[]; readonly deny: readonly string[] };
  readonly subscribe: { readonly allow: readonly string[]; readonly deny: readonly string[] };
}

export interface NatsUser {
  readonly user: NatsUserName;
  /** The environment variable the server reads the password from (a Kubernetes Secret or compose's .env). */
  readonly passwordEnv: string;
  /** Absent for admin: every subject. */
  readonly permissions?: NatsPermissions;
}

/** What each service publishes, as contexts of its namespace. Controls and audit are the operator path. */
const PUBLISHES: Readonly<Record<Exclude<NatsUserName, 'admin' | 'replay'>, readonly ('md' | 'sig' | 'risk' | 'exec' | 'ctl' | 'audit')[]>> = {
  'market-data': ['md'],
  signal: ['sig'],
  risk: ['risk'],
  execution: ['exec'],
  // The notifier takes operator commands from Telegram and Discord; the projection's HTTP API
  // takes them from the dashboard. Both record refused attempts as audit events.
  notifier: ['ctl', 'audit'],
  projection: ['ctl', 'audit'],
};

/**
 * Streams a service reads outside its durable consumers, with ordered consumers or direct gets:
 * market-data finds the last candle on the log (services/market-data/src/main.ts), risk reads its
 * own PortfolioMarked marks when rebuilding (services/risk/src/rebuild-risk.ts), execution rebuilds
 * positions from its own stream (services/execution/src/main.ts).
 */
const EXTRA_READS: Readonly<Partial<Record<NatsUserName, readonly Context[]>>> = {
  'market-data': ['md'],
  risk: ['risk'],
  execution: ['exec'],
};

/** Stream operations that change or remove data: never allowed to a service, denied to replay on deployment streams. */
const STREAM_WRITE_APIS = ['CREATE', 'UPDATE', 'DELETE', 'PURGE', 'MSG.DELETE', 'SNAPSHOT', 'RESTORE'] as const;

export function passwordEnv(user: NatsUserName): string {
  return `NATS_PASSWORD_${user.toUpperCase().replace(/-/g, '_')}`;
}

const uniq = (items: readonly string[]): string[] => [...new Set(items)];

/** Every durable of a namespace, by stream: the ones a user may use and the ones nobody else may. */
function durablesByStream(ns: string): Map<string, { service: ServiceName; durable: string }[]> {
  const byStream = new Map<string, { service: ServiceName; durable: string }[]>();
  for (const service of SERVICES) {
    for (const def of consumerDefinitions(ns, service)) {
      const list = byStream.get(def.stream) ?? [];
      list.push({ service, durable: def.config.durable_name });
      byStream.set(def.stream, list);
    }
  }
  return byStream;
}

/**
 * Reading a stream: its info, direct and stored-message gets, and ordered consumers (random
 * names, so the consumer token is a wildcard): create, info, pull, delete, ack.
 */
function readStreamAllow(stream: string): string[] {
  return [
    `$JS.API.STREAM.INFO.${stream}`,
    `$JS.API.STREAM.MSG.GET.${stream}`,
    `$JS.API.DIRECT.GET.${stream}`,
    `$JS.API.DIRECT.GET.${stream}.>`,
    `$JS.API.CONSUMER.CREATE.${stream}`,
    `$JS.API.CONSUMER.CREATE.${stream}.>`,
    `$JS.API.CONSUMER.INFO.${stream}.>`,
    `$JS.API.CONSUMER.MSG.NEXT.${stream}.>`,
    `$JS.API.CONSUMER.DELETE.${stream}.>`,
    `$JS.ACK.${stream}.>`,
  ];
}

/** A durable a user may not touch: not redefine, not delete, not pull from, not acknowledge for. */
function foreignDurableDeny(stream: string, durable: string): string[] {
  return [
    `$JS.API.CONSUMER.CREATE.${stream}.${durable}`,
    `$JS.API.CONSUMER.CREATE.${stream}.${durable}.>`,
    `$JS.API.CONSUMER.DELETE.${stream}.${durable}`,
    `$JS.API.CONSUMER.MSG.NEXT.${stream}.${durable}`,
    `$JS.ACK.${stream}.${durable}.>`,
  ];
}

/** Its own durables a service uses but does not redefine or delete: the provisioning job owns them. */
function ownDurableDeny(stream: string, durable: string): string[] {
  return [`$JS.API.CONSUMER.CREATE.${stream}.${durable}`, `$JS.API.CONSUMER.CREATE.${stream}.${durable}.>`, `$JS.API.CONSUMER.DELETE.${stream}.${durable}`];
}

function publishSubjects(ns: string, what: (typeof PUBLISHES)[keyof typeof PUBLISHES][number]): string {
  const s = subjects(ns);
  return what === 'audit' ? s.system('audit') : s.context(what);
}

function serviceUser(user: Exclude<NatsUserName, 'admin' | 'replay'>, namespaces: readonly string[]): NatsUser {
  const allow: string[] = ['$JS.API.INFO'];
  const deny: string[] = [];
  for (const ns of namespaces) {
    const s = subjects(ns);
    allow.push(...PUBLISHES[user].map((what) => publishSubjects(ns, what)));
    // Every service may announce itself (ServiceStarted/Stopped).
    allow.push(s.system('service'));
    const own = user === 'market-data' ? [] : consumerDefinitions(ns, user);
    const readContexts = new Set<Context>(EXTRA_READS[user] ?? []);
    for (const def of own) {
      // A consumer dead-letters what it cannot handle, on the subject naming its stream.
      allow.push(s.deadLetter(def.stream));
      readContexts.add(CONTEXTS.find((c) => streamName(ns, c) === def.stream)!);
    }
    const ownNames = new Set(own.map((d) => `${d.stream}/${d.config.durable_name}`));
    const durables = durablesByStream(ns);
    for (const context of CONTEXTS) {
      if (!readContexts.has(context)) continue;
      const stream = streamName(ns, context);
      allow.push(...readStreamAllow(stream));
      for (const { durable } of durables.get(stream) ?? []) {
        deny.push(...(ownNames.has(`${stream}/${durable}`) ? ownDurableDeny(stream, durable) : foreignDurableDeny(stream, durable)));
      }
    }
    if (user === 'execution' || user === 'signal') {
      // One active instance each, by a lease in the namespace's KV bucket, which they open
      // themselves: execution per account (keys `execution-<account>`), signal per namespace (key
      // `signal`). Each may write only its own keys.
      const bucket = leaseBucketName(ns);
      const bucketStream = leaseBucketStreamName(ns);
      allow.push(`$JS.API.STREAM.INFO.${bucketStream}`, `$JS.API.STREAM.CREATE.${bucketStream}`, `$JS.API.STREAM.MSG.GET.${bucketStream}`, `$JS.API.DIRECT.GET.${bucketStream}`, `$JS.API.DIRECT.GET.${bucketStream}.>`);
      if (user === 'signal') {
        allow.push(`$KV.${bucket}.signal`);
      } else {
        allow.push(`$KV.${bucket}.>`);
        deny.push(`$KV.${bucket}.signal`);
      }
    }
  }
  return {
    user,
    passwordEnv: passwordEnv(user),
    permissions: { publish: { allow: uniq(allow), deny: uniq(deny) }, subscribe: { allow: ['_INBOX.>'], deny: [] } },
  };
}

/**
 * Replay runs the real services in fresh namespaces (`replay-<id>`) it provisions itself. NATS
 * wildcards match whole tokens only, so `replay-*` cannot be written: the user may use any
 * namespace's contexts and the JetStream API, and everything of the deployment namespaces is
 * denied explicitly. It may still read the deployment's recorded streams (ordered consumers),
 * which is what a replay replays; it cannot publish there, change or delete those streams, or
 * touch their durable consumers and the execution lease.
 */
function replayUser(namespaces: readonly string[]): NatsUser {
  const allow = [...CONTEXTS.map((c) => `*.${c}.>`), '$JS.API.>', '$JS.ACK.>', '$KV.*.>'];
  const deny: string[] = [];
  const subDeny: string[] = [];
  for (const ns of namespaces) {
    deny.push(`${ns}.>`);
    subDeny.push(`${ns}.>`);
    const streams = [...CONTEXTS.map((c) => streamName(ns, c)), leaseBucketStreamName(ns)];
    for (const stream of streams) {
      deny.push(...STREAM_WRITE_APIS.map((api) => `$JS.API.STREAM.${api}.${stream}`), `$JS.API.CONSUMER.DURABLE.CREATE.${stream}.>`);
    }
    for (const [stream, list] of durablesByStream(ns)) for (const { durable } of list) deny.push(...foreignDurableDeny(stream, durable));
    deny.push(`$KV.${leaseBucketName(ns)}.>`);
  }
  return {
    user: 'replay',
    passwordEnv: passwordEnv('replay'),
    permissions: { publish: { allow, deny: uniq(deny) }, subscribe: { allow: ['_INBOX.>', ...CONTEXTS.map((c) => `*.${c}.>`)], deny: subDeny } },
  };
}

/**
 * Every user, admin first (provisioning streams and consumers: everything). `namespaces` are the
 * deployment's; tests pass a namespace of their own to boot the real services under these rules.
 */
export function natsUsers(namespaces: readonly string[] = DEPLOY_NAMESPACES): NatsUser[] {
  const services = ['market-data', ...SERVICES] as const;
  return [{ user: 'admin', passwordEnv: passwordEnv('admin') }, ...services.map((s) => serviceUser(s, namespaces)), replayUser(namespaces)];
}

const quote = (subject: string) => JSON.stringify(subject);

function renderList(name: string, items: readonly string[], indent: string): string {
  if (items.length === 0) return '';
  return `${indent}${name}: [\n${items.map((i) => `${indent}  ${quote(i)}`).join('\n')}\n${indent}]\n`;
}

/** deploy/nats/users.conf: the `authorization` block every NATS config of ours includes. */
export function renderUsersConf(namespaces: readonly string[] = DEPLOY_NAMESPACES): string {
  const users = natsUsers(namespaces)
    .map((u) => {
      const head = `    {\n      user: ${quote(u.user)}\n      password: $${u.passwordEnv}\n`;
      if (!u.permissions) return `${head}    }`;
      const { publish, subscribe } = u.permissions;
      const perms =
        `      permissions: {\n        publish: {\n${renderList('allow', publish.allow, '          ')}${renderList('deny', publish.deny, '          ')}        }\n` +
        `        subscribe: {\n${renderList('allow', subscribe.allow, '          ')}${renderList('deny', subscribe.deny, '          ')}        }\n      }\n`;
      return `${head}${perms}    }`;
    })
    .join('\n');
  return (
    '# GENERATED by `pnpm nats:users` (deploy/test/nats-users.ts) from the stream, subject and consumer\n' +
    '# builders in packages/contracts. Do not edit: a test fails when this file and the code differ.\n' +
    '# Passwords come from the environment (NATS_PASSWORD_<USER>), set from a Secret, never committed.\n' +
    `authorization {\n  users: [\n${users}\n  ]\n}\n`
  );
}
