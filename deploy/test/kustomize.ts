import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * A small kustomize, for tests only (no kustomize or kubectl can be installed here): renders an
 * overlay the way `kustomize build` does for the features k8s/ uses, and throws on any other
 * kustomization field, so that a file using something this does not model fails loudly instead of
 * being checked half. Generated ConfigMap names carry no hash suffix here.
 */

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

interface Kustomization {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  resources?: string[];
  labels?: { pairs: Record<string, string>; includeSelectors?: boolean; includeTemplates?: boolean }[];
  configMapGenerator?: { name: string; behavior?: 'create' | 'merge' | 'replace'; literals?: string[] }[];
  images?: { name: string; newName?: string; newTag?: string }[];
  patches?: { target: { kind: string; name: string }; patch: string }[];
}

const KNOWN_FIELDS = new Set(['apiVersion', 'kind', 'namespace', 'resources', 'labels', 'configMapGenerator', 'images', 'patches']);
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding']);

export class KustomizeError extends Error {
  override readonly name = 'KustomizeError';
}

/** Every YAML document of a file, as objects (empty documents dropped). */
export function readYamlObjects(file: string): K8sObject[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((doc) => {
      if (doc.errors.length > 0) throw new KustomizeError(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
      return doc.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null);
}

/** The files a kustomization (and the ones it includes) reads: for the no-orphan check. */
export function kustomizationFiles(dir: string): string[] {
  const k = readKustomization(dir);
  const files = [join(dir, 'kustomization.yaml')];
  for (const resource of k.resources ?? []) {
    const path = join(dir, resource);
    files.push(...(statSync(path).isDirectory() ? kustomizationFiles(path) : [path]));
  }
  return files;
}

function readKustomization(dir: string): Kustomization {
  const file = join(dir, 'kustomization.yaml');
  if (!existsSync(file)) throw new KustomizeError(`${dir} has no kustomization.yaml`);
  const [k] = readYamlObjects(file) as unknown as Kustomization[];
  if (!k) throw new KustomizeError(`${file} is empty`);
  const unknown = Object.keys(k).filter((key) => !KNOWN_FIELDS.has(key));
  if (unknown.length > 0) throw new KustomizeError(`${file}: fields this test renderer does not model: ${unknown.join(', ')}`);
  if (k.kind !== 'Kustomization') throw new KustomizeError(`${file}: kind must be Kustomization`);
  return k;
}

/** Containers of a workload's pod template (Deployment, Job). */
export function podSpecOf(object: K8sObject): { containers: Record<string, unknown>[]; [field: string]: unknown } | undefined {
  const spec = object.spec as { template?: { spec?: { containers: Record<string, unknown>[] } } } | undefined;
  return spec?.template?.spec;
}

/** JSON pointer segments, with ~1 and ~0 unescaped. */
function pointer(path: string): string[] {
  if (!path.startsWith('/')) throw new KustomizeError(`patch path must start with /: ${path}`);
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function applyJsonPatch(target: K8sObject, ops: { op: string; path: string; value?: unknown }[], where: string): void {
  for (const { op, path, value } of ops) {
    const segments = pointer(path);
    const last = segments.pop()!;
    let node: unknown = target;
    for (const segment of segments) {
      node = (node as Record<string, unknown>)[segment];
      if (node === undefined || node === null) throw new KustomizeError(`${where}: ${path} does not exist`);
    }
    const parent = node as Record<string, unknown> | unknown[];
    if (op === 'replace') {
      if (!(last in parent)) throw new KustomizeError(`${where}: replace of a missing ${path}`);
      (parent as Record<string, unknown>)[last] = value;
    } else if (op === 'add') {
      if (Array.isArray(parent) && last === '-') parent.push(value);
      else (parent as Record<string, unknown>)[last] = value;
    } else {
      throw new KustomizeError(`${where}: patch op ${op} is not modelled`);
    }
  }
}

/** `kustomize build <dir>`, for what k8s/ uses. */
export function renderKustomization(dir: string, root = dir): K8sObject[] {
  const k = readKustomization(dir);
  const where = relative(root, join(dir, 'kustomization.yaml')) || 'kustomization.yaml';
  const objects: K8sObject[] = [];
  for (const resource of k.resources ?? []) {
    const path = join(dir, resource);
    if (!existsSync(path)) throw new KustomizeError(`${where}: resource ${resource} does not exist`);
    objects.push(...(statSync(path).isDirectory() ? renderKustomization(path, root) : readYamlObjects(path)));
  }
  for (const generator of k.configMapGenerator ?? []) {
    const data = Object.fromEntries(
      (generator.literals ?? []).map((literal) => {
        const at = literal.indexOf('=');
        if (at < 1) throw new KustomizeError(`${where}: literal ${literal} is not KEY=value`);
        return [literal.slice(0, at), literal.slice(at + 1)];
      }),
    );
    const existing = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === generator.name);
    if (generator.behavior === 'merge' || generator.behavior === 'replace') {
      if (!existing) throw new KustomizeError(`${where}: ${generator.behavior} of ConfigMap ${generator.name}, which no base generates`);
      existing.data = generator.behavior === 'merge' ? { ...(existing.data as Record<string, string>), ...data } : data;
    } else {
      if (existing) throw new KustomizeError(`${where}: ConfigMap ${generator.name} generated twice`);
      objects.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: generator.name }, data });
    }
  }
  for (const { pairs, includeSelectors, includeTemplates } of k.labels ?? []) {
    if (includeSelectors || includeTemplates) throw new KustomizeError(`${where}: labels with includeSelectors/includeTemplates are not modelled`);
    for (const o of objects) o.metadata.labels = { ...(o.metadata.labels ?? {}), ...pairs };
  }
  for (const image of k.images ?? []) {
    let used = false;
    for (const o of objects) {
      for (const container of podSpecOf(o)?.containers ?? []) {
        const current = String(container.image);
        const name = current.replace(/[:@].*$/, '');
        if (name !== image.name) continue;
        used = true;
        const tag = image.newTag ?? current.slice(name.length + 1);
        container.image = `${image.newName ?? name}:${tag}`;
      }
    }
    if (!used) throw new KustomizeError(`${where}: image ${image.name} is used by no container`);
  }
  for (const { target, patch } of k.patches ?? []) {
    const matches = objects.filter((o) => o.kind === target.kind && o.metadata.name === target.name);
    if (matches.length !== 1) throw new KustomizeError(`${where}: patch target ${target.kind}/${target.name} matched ${matches.length} objects`);
    const [ops] = parseAllDocuments(patch).map((d) => d.toJS() as { op: string; path: string; value?: unknown }[]);
    applyJsonPatch(matches[0]!, ops ?? [], where);
  }
  if (k.namespace) for (const o of objects) if (!CLUSTER_SCOPED.has(o.kind)) o.metadata.namespace = k.namespace;
  return objects;
}
