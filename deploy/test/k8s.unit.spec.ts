import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Service, ServiceAccount } from 'kubernetes-models/v1';
import { parse } from 'yaml';
import { kustomizationFiles, podSpecOf, renderKustomization } from './kustomize';
import type { K8sObject } from './kustomize';
import { natsUsers } from './nats-users';
import { REPO_ROOT } from './tools';

/**
 * k8s/ rendered per overlay (deploy/test/kustomize.ts), every object validated against the
 * Kubernetes schemas (kubernetes-models; they accept unknown fields, hence the policy checks).
 */

const K8S = join(REPO_ROOT, 'k8s');
const OVERLAYS = { paper: 'paper', live: 'live' } as const;
/** The long-running services; each has a base with Deployment, Service, SA, PDB, ServiceMonitor. */
const SERVICES = ['market-data', 'signal', 'risk', 'execution', 'projection', 'notifier'] as const;
/** Single active consumers without a lease: never two at once, not even during a rollout. */
const SINGLETONS = ['risk', 'projection', 'notifier'];

type Container = {
  name: string;
  image: string;
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string } } }[];
  envFrom?: { configMapRef?: { name: string } }[];
  startupProbe?: { httpGet?: { path: string; port: string | number } };
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  resources?: { requests?: { cpu?: string; memory?: string }; limits?: { memory?: string } };
  securityContext?: { allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean };
};
type PodSpec = { containers: Container[]; securityContext?: { runAsNonRoot?: boolean; runAsUser?: number }; volumes?: { secret?: { secretName: string } }[] };
type Selector = { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values: string[] }[] };

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'v1/ConfigMap': ConfigMap,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
};

const rendered = Object.fromEntries(Object.keys(OVERLAYS).map((o) => [o, renderKustomization(join(K8S, 'overlays', o))])) as Record<keyof typeof OVERLAYS, K8sObject[]>;
const of = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
const pod = (o: K8sObject) => podSpecOf(o) as unknown as PodSpec;
const templateLabels = (o: K8sObject) => (o.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels;

function matches(selector: Selector, labels: Record<string, string>): boolean {
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (selector.matchExpressions ?? []).every((e) => (e.operator === 'In' ? e.values.includes(labels[e.key] ?? '') : e.operator === 'NotIn' ? !e.values.includes(labels[e.key] ?? '') : false));
  return byLabels && byExpressions;
}

const operationsDoc = readFileSync(join(REPO_ROOT, 'docs', 'operations.md'), 'utf8');

describe.each(Object.keys(OVERLAYS) as (keyof typeof OVERLAYS)[])('k8s overlay %s', (overlay) => {
  const objects = rendered[overlay];
  const workloads = [...of(objects, 'Deployment'), ...of(objects, 'Job')];
  const mastServices = of(objects, 'Deployment').filter((d) => (SERVICES as readonly string[]).includes(d.metadata.name));

  it('renders only kinds it validates, each valid against the Kubernetes schema', () => {
    expect(objects.length).toBeGreaterThan(30);
    for (const o of objects) {
      const Model = MODELS[`${o.apiVersion}/${o.kind}`];
      expect({ object: `${o.kind}/${o.metadata.name}`, modelled: Model !== undefined }).toEqual({ object: `${o.kind}/${o.metadata.name}`, modelled: true });
      expect(() => new Model!(o as never).validate()).not.toThrow();
    }
    const names = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(names.length).toBe(new Set(names).size);
    for (const o of objects) expect(o.metadata.namespace).toBe(`mast-${overlay}`);
  });

  it('has a Deployment, Service, ServiceAccount, PDB and ServiceMonitor per service, and the provisioning Job', () => {
    for (const name of SERVICES) {
      for (const kind of ['Deployment', 'Service', 'ServiceAccount', 'PodDisruptionBudget', 'ServiceMonitor']) {
        expect({ name, kind, found: objects.some((o) => o.kind === kind && o.metadata.name === name) }).toEqual({ name, kind, found: true });
      }
    }
    expect(of(objects, 'Job').map((j) => j.metadata.name)).toEqual(['provision']);
  });

  it('probes every service: startup and liveness on /livez, readiness on /readyz, on a declared port', () => {
    for (const d of mastServices) {
      for (const c of pod(d).containers) {
        const ports = (c.ports ?? []).map((p) => p.name);
        expect({ d: d.metadata.name, startup: c.startupProbe?.httpGet?.path, liveness: c.livenessProbe?.httpGet?.path, readiness: c.readinessProbe?.httpGet?.path }).toEqual({ d: d.metadata.name, startup: '/livez', liveness: '/livez', readiness: '/readyz' });
        for (const probe of [c.startupProbe, c.livenessProbe, c.readinessProbe]) expect(ports).toContain(probe?.httpGet?.port);
      }
    }
    // Other Deployments (the paper simulator) are probed too.
    for (const d of of(objects, 'Deployment')) for (const c of pod(d).containers) expect([d.metadata.name, c.livenessProbe && c.readinessProbe && c.startupProbe ? 'probed' : 'unprobed']).toEqual([d.metadata.name, 'probed']);
  });

  it('sets requests and a memory limit, runs as non-root with no privilege escalation, and pins images', () => {
    for (const w of workloads) {
      const spec = pod(w);
      expect({ w: w.metadata.name, runAsNonRoot: spec.securityContext?.runAsNonRoot, uid: (spec.securityContext?.runAsUser ?? 0) > 0 }).toEqual({ w: w.metadata.name, runAsNonRoot: true, uid: true });
      for (const c of spec.containers) {
        expect({ c: c.name, cpu: !!c.resources?.requests?.cpu, memory: !!c.resources?.requests?.memory, limit: !!c.resources?.limits?.memory }).toEqual({ c: c.name, cpu: true, memory: true, limit: true });
        expect({ c: c.name, escalation: c.securityContext?.allowPrivilegeEscalation, readOnly: c.securityContext?.readOnlyRootFilesystem }).toEqual({ c: c.name, escalation: false, readOnly: true });
        expect(c.image).toMatch(/^[\w./-]+:[\w.-]+$/);
        expect(c.image).not.toMatch(/:latest$/);
      }
    }
  });

  it('never runs two of a lease-less singleton, even during a rollout', () => {
    for (const name of SINGLETONS) {
      const d = mastServices.find((o) => o.metadata.name === name)!;
      const spec = d.spec as { replicas: number; strategy: { type: string } };
      expect({ name, replicas: spec.replicas, strategy: spec.strategy.type }).toEqual({ name, replicas: 1, strategy: 'Recreate' });
    }
  });

  it('selects the right pods: PDBs and Services match exactly their Deployment, ServiceMonitors a Service port', () => {
    const deployments = of(objects, 'Deployment');
    for (const pdb of of(objects, 'PodDisruptionBudget')) {
      const selector = (pdb.spec as { selector: Selector }).selector;
      expect({ pdb: pdb.metadata.name, selects: deployments.filter((d) => matches(selector, templateLabels(d))).map((d) => d.metadata.name) }).toEqual({ pdb: pdb.metadata.name, selects: [pdb.metadata.name] });
    }
    for (const service of of(objects, 'Service')) {
      const spec = service.spec as { selector: Record<string, string>; ports: { name: string; targetPort: string | number }[] };
      const selected = deployments.filter((d) => matches({ matchLabels: spec.selector }, templateLabels(d)));
      expect(selected.map((d) => d.metadata.name)).toEqual([service.metadata.name]);
      const containerPorts = pod(selected[0]!).containers.flatMap((c) => (c.ports ?? []).map((p) => p.name));
      for (const port of spec.ports) expect(containerPorts).toContain(port.targetPort);
    }
    for (const monitor of of(objects, 'ServiceMonitor')) {
      const spec = monitor.spec as { selector: Selector; endpoints: { port: string; path: string }[] };
      const services = of(objects, 'Service').filter((s) => matches(spec.selector, s.metadata.labels ?? {}));
      expect(services.map((s) => s.metadata.name)).toEqual([monitor.metadata.name]);
      const servicePorts = (services[0]!.spec as { ports: { name: string }[] }).ports.map((p) => p.name);
      for (const endpoint of spec.endpoints) {
        expect(servicePorts).toContain(endpoint.port);
        expect(endpoint.path).toBe('/metrics');
      }
    }
    for (const policy of of(objects, 'NetworkPolicy')) {
      const selector = (policy.spec as { podSelector: Selector }).podSelector;
      const empty = Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
      expect({ policy: policy.metadata.name, selectsPods: empty || workloads.some((w) => matches(selector, templateLabels(w))) }).toEqual({ policy: policy.metadata.name, selectsPods: true });
    }
  });

  it('connects each service to NATS as its own user, with config and secrets that exist or are documented', () => {
    const users = new Set(natsUsers().map((u) => u.user));
    const configMaps = new Set(of(objects, 'ConfigMap').map((c) => c.metadata.name));
    for (const w of workloads) {
      for (const c of pod(w).containers) {
        for (const ref of c.envFrom ?? []) if (ref.configMapRef) expect(configMaps).toContain(ref.configMapRef.name);
        const user = c.env?.find((e) => e.name === 'MAST_NATS_USER')?.value;
        if (w.metadata.name === 'bybit-sim') continue;
        expect({ w: w.metadata.name, user }).toEqual({ w: w.metadata.name, user: w.kind === 'Job' ? 'admin' : w.metadata.name });
        expect(users).toContain(user);
      }
      const secrets = [...pod(w).containers.flatMap((c) => (c.env ?? []).map((e) => e.valueFrom?.secretKeyRef?.name)), ...(pod(w).volumes ?? []).map((v) => v.secret?.secretName)].filter((s): s is string => !!s);
      for (const secret of secrets) expect({ secret, documented: operationsDoc.includes(`\`${secret}\``) }).toEqual({ secret, documented: true });
    }
    const config = of(objects, 'ConfigMap').find((c) => c.metadata.name === 'mast-config')!.data as Record<string, string>;
    expect(config.MAST_NS).toBe(overlay);
    expect(config.BYBIT_ENV).toBe(overlay === 'paper' ? 'custom' : 'live');
  });
});

describe('k8s files', () => {
  it('are all used by an overlay (no orphan manifest)', () => {
    const used = new Set(Object.keys(OVERLAYS).flatMap((o) => kustomizationFiles(join(K8S, 'overlays', o))));
    const all: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith('.yaml')) all.push(path);
      }
    };
    walk(join(K8S, 'base'));
    walk(join(K8S, 'overlays'));
    expect(all.filter((f) => !used.has(f)).map((f) => relative(K8S, f))).toEqual([]);
  });

  it('NATS Helm values: a 3-node JetStream cluster with our users, a password variable for each, and the streams replicated 3 times', () => {
    const values = parse(readFileSync(join(K8S, 'nats', 'values.yaml'), 'utf8')) as {
      config: { cluster: { enabled: boolean; replicas: number }; jetstream: { enabled: boolean; fileStore: { pvc: { enabled: boolean } } }; merge: Record<string, string> };
      container: { env: Record<string, { valueFrom: { secretKeyRef: { name: string; key: string } } }>; patch: { value: { name: string; mountPath: string } }[] };
      podTemplate: { patch: { value: { name: string; configMap: { name: string } } }[] };
    };
    expect(values.config.cluster).toEqual({ enabled: true, replicas: 3 });
    expect(values.config.jetstream.enabled).toBe(true);
    expect(values.config.jetstream.fileStore.pvc.enabled).toBe(true);
    expect(Object.keys(values.container.env).sort()).toEqual(natsUsers().map((u) => u.passwordEnv).sort());
    // The include resolves next to the chart's /etc/nats-config/nats.conf, where the users ConfigMap is mounted.
    const mount = values.container.patch.find((p) => p.value.name === 'mast-nats-users')!.value.mountPath;
    expect(`/etc/nats-config/${values.config.merge.$include}`).toBe(`${mount}/users.conf`);
    expect(values.podTemplate.patch.find((p) => p.value.name === 'mast-nats-users')?.value.configMap.name).toBe('mast-nats-users');
    const job = of(rendered.live, 'Job')[0]!;
    expect(pod(job).containers[0]!.env?.find((e) => e.name === 'MAST_REPLICAS')?.value).toBe(String(values.config.cluster.replicas));
  });
});
