import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { parse } from 'yaml';
import { natsUsers } from './nats-users';
import { REPO_ROOT, dockerComposeBinary, run } from './tools';

/**
 * docker-compose.yml, offline: `docker-compose config -q` (1.29 validates without an engine), then
 * policy on the resolved file. The env file here holds stub passwords only, so a developer's own
 * .env plays no part.
 */

interface ComposeService {
  image?: string;
  build?: { context: string; args?: Record<string, string> };
  environment?: Record<string, string | null>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  profiles?: string[];
  ports?: unknown[];
  container_name?: string;
  volumes?: (string | { source?: string; type?: string })[];
  secrets?: unknown[];
  restart?: string;
}

/** The long-running services of the image, each under its own NATS user. */
const SERVICES = ['market-data', 'signal', 'risk', 'execution', 'projection', 'notifier'] as const;

let dir: string;
let envFile: string;
let resolved: { services: Record<string, ComposeService> };

const compose = (args: readonly string[], env = envFile) => run(dockerComposeBinary(), ['--project-directory', REPO_ROOT, '-f', join(REPO_ROOT, 'docker-compose.yml'), '--env-file', env, ...args], { env: { PATH: process.env.PATH ?? '' } });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mast-compose-'));
  envFile = join(dir, 'stub.env');
  writeFileSync(envFile, natsUsers().map((u) => `${u.passwordEnv}=pstub`).join('\n'));
  const result = compose(['--profile', 'paper', '--profile', 'observability', 'config']);
  if (result.status !== 0) throw new Error(`docker-compose config failed:\n${result.stderr}`);
  resolved = parse(result.stdout) as typeof resolved;
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('docker-compose.yml', () => {
  it('passes `docker-compose config -q`', () => {
    const result = compose(['config', '-q']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('deploy/compose/dev.yml (the development dependencies, NATS without users) passes `config -q` with no .env at all', () => {
    const empty = join(dir, 'nothing.env');
    writeFileSync(empty, '');
    const result = run(dockerComposeBinary(), ['--project-directory', join(REPO_ROOT, 'deploy', 'compose'), '-f', join(REPO_ROOT, 'deploy', 'compose', 'dev.yml'), '--env-file', empty, 'config', '-q'], { env: { PATH: process.env.PATH ?? '' } });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('refuses to start without the NATS passwords (no default secret)', () => {
    const empty = join(dir, 'empty.env');
    writeFileSync(empty, '');
    const result = compose(['config', '-q'], empty);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('NATS_PASSWORD_');
  });

  it('has nats, postgres, redis, the provisioning job, every service, the simulator (paper) and observability', () => {
    const services = resolved.services;
    expect(Object.keys(services).sort()).toEqual(['alertmanager', 'bybit-sim', 'execution', 'grafana', 'market-data', 'nats', 'notifier', 'postgres', 'projection', 'prometheus', 'provision', 'redis', 'risk', 'signal'].sort());
    expect(services['bybit-sim']!.profiles).toEqual(['paper']);
    for (const name of ['prometheus', 'grafana', 'alertmanager']) expect(services[name]!.profiles).toEqual(['observability']);
    expect(services.provision!.restart).toBe('no');
    expect(services.provision!.environment!.MAST_NATS_USER).toBe('admin');
    expect(services.provision!.depends_on!.nats!.condition).toBe('service_healthy');
  });

  it('builds each service from the Dockerfile, under its own NATS user, after provisioning, with a healthcheck', () => {
    for (const name of SERVICES) {
      const service = resolved.services[name]!;
      expect({ name, arg: service.build?.args?.SERVICE }).toEqual({ name, arg: name });
      expect({ name, user: service.environment?.MAST_NATS_USER }).toEqual({ name, user: name });
      expect(service.environment?.MAST_NATS_PASS).toBe('pstub');
      expect({ name, after: service.depends_on?.provision?.condition }).toEqual({ name, after: 'service_completed_successfully' });
      expect(service.healthcheck?.test.join(' ')).toContain('/livez');
    }
    expect(resolved.services['bybit-sim']!.build!.args!.SERVICE).toBe('bybit-sim');
    expect(resolved.services.projection!.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
  });

  it('builds only workspace packages the Dockerfile can deploy (@mast/<SERVICE>)', () => {
    const packages = new Set(
      ['services', 'packages'].flatMap((dir) =>
        readdirSync(join(REPO_ROOT, dir))
          .map((name) => join(REPO_ROOT, dir, name, 'package.json'))
          .filter((file) => existsSync(file))
          .map((file) => (JSON.parse(readFileSync(file, 'utf8')) as { name: string }).name),
      ),
    );
    const built = Object.values(resolved.services).flatMap((s) => (s.build?.args?.SERVICE ? [s.build.args.SERVICE] : []));
    expect(built.length).toBeGreaterThan(SERVICES.length);
    for (const name of built) expect({ name, package: packages.has(`@mast/${name}`) }).toEqual({ name, package: true });
  });

  it('gives nats every user password the generated users.conf reads', () => {
    const env = resolved.services.nats!.environment ?? {};
    expect(Object.keys(env).sort()).toEqual(natsUsers().map((u) => u.passwordEnv).sort());
  });

  it('lets signal scale (`--scale signal=3`): no fixed container name or host port', () => {
    const signal = resolved.services.signal!;
    expect(signal.container_name).toBeUndefined();
    expect(signal.ports ?? []).toEqual([]);
  });

  it('pins every image to a version (no latest, no untagged image)', () => {
    for (const [name, service] of Object.entries(resolved.services)) {
      expect({ name, image: service.image }).toEqual({ name, image: expect.stringMatching(/^[\w./-]+:[\w.-]+$/) });
      expect({ name, latest: service.image!.endsWith(':latest') }).toEqual({ name, latest: false });
    }
  });

  it('mounts only files of the repository that exist (configs, dashboards, the sample)', () => {
    const mounts = Object.values(resolved.services).flatMap((s) => (s.volumes ?? []).map((v) => (typeof v === 'string' ? v.split(':')[0]! : (v.source ?? ''))));
    const binds = mounts.filter((m) => isAbsolute(m));
    expect(binds.length).toBeGreaterThan(0);
    for (const bind of binds) expect({ bind: relative(REPO_ROOT, bind), exists: existsSync(bind) }).toEqual({ bind: relative(REPO_ROOT, bind), exists: true });
  });
});
