import { parseArgs } from 'node:util';
import { connectBus, deleteNamespace, silentBusLogger } from '@mast/bus';
import { replayNamespace, replayNamespaceOfStream } from './namespace';

const USAGE = `pnpm replay:gc [-- NAME ... | --all] [--older-than 7d] [--dry-run]
Deletes replay namespaces (every stream replay-<name> has, and its lease bucket). Only replay-*
namespaces can be named or matched: live, paper and every other namespace are never touched.
Without NAME or --all it lists them.`;

const DURATION = /^(\d+)([mhd])$/;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv.filter((a) => a !== '--'), allowPositionals: true, options: { all: { type: 'boolean' }, 'older-than': { type: 'string' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let maxAgeMs = 0;
  if (values['older-than']) {
    const m = DURATION.exec(values['older-than']);
    if (!m) {
      process.stderr.write(`replay:gc: --older-than takes N followed by m, h or d (e.g. 7d), was ${values['older-than']}\n`);
      return 2;
    }
    maxAgeMs = Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm' | 'h' | 'd'];
  }
  const named = positionals.map((name) => (name.startsWith('replay-') ? name : replayNamespace(name)));
  const bus = await connectBus({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222', name: 'replay-gc', logger: silentBusLogger });
  try {
    // Namespace -> when its newest stream was created.
    const found = new Map<string, number>();
    for await (const info of bus.jsm.streams.list()) {
      const ns = replayNamespaceOfStream(info.config.name);
      if (ns) found.set(ns, Math.max(found.get(ns) ?? 0, Date.parse(info.created)));
    }
    const now = Date.now();
    const targets = values.all || maxAgeMs > 0 ? [...found.keys()].filter((ns) => now - found.get(ns)! >= maxAgeMs) : named;
    if (targets.length === 0) {
      process.stdout.write(found.size === 0 ? 'no replay namespaces\n' : `replay namespaces (pass names, --all or --older-than to delete):\n${[...found].map(([ns, t]) => `  ${ns}  created ${new Date(t).toISOString()}`).join('\n')}\n`);
      return 0;
    }
    for (const ns of targets) {
      if (values['dry-run']) {
        process.stdout.write(`would delete ${ns}\n`);
        continue;
      }
      const deleted = await deleteNamespace(bus.jsm, ns);
      process.stdout.write(deleted.length > 0 ? `deleted ${ns}: ${deleted.join(', ')}\n` : `${ns}: nothing to delete\n`);
    }
    return 0;
  } finally {
    await bus.drain();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`replay:gc: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof Error && error.name === 'ReplayNameError' ? 2 : 1);
  },
);
