import { stableJson, type MastEvent } from '@mast/contracts';
import type { NamespaceDecisions } from './run-result';

/** Decisions a quant compares: signals, rejections, orders (entries and exits), cooldowns, state changes. */
const COMPARED = new Set(['EntrySignalled', 'EntryRejected', 'OrderRequested', 'CooldownStarted', 'TradingStateChanged', 'DailyLossLocked']);

/** Config keys (top-level groups) that can change each kind of decision. */
const RELATED_KEYS: Record<string, readonly string[]> = {
  EntrySignalled: ['ema', 'entry', 'regime'],
  EntryRejected: ['cooldowns', 'risk', 'sizing', 'instruments', 'initialBalance'],
  OPEN: ['ema', 'entry', 'regime', 'sizing', 'risk', 'cooldowns', 'slippageBps', 'instruments'],
  CLOSE: ['exits', 'regime', 'risk', 'slippageBps'],
  CooldownStarted: ['cooldowns', 'exits'],
  TradingStateChanged: ['risk', 'sizing', 'exits'],
  DailyLossLocked: ['risk', 'sizing', 'exits'],
};

export interface DecisionDifference {
  /** The decision's deterministic id: type, symbol, decision time and discriminator. */
  readonly id: string;
  readonly type: string;
  readonly symbol: string | null;
  readonly T: number;
  readonly kind: 'only-a' | 'only-b' | 'changed';
  readonly a: string | null;
  readonly b: string | null;
  readonly cause: string;
}

export interface DecisionDiff {
  readonly compared: { readonly a: number; readonly b: number };
  readonly configDifferences: readonly string[];
  readonly differences: readonly DecisionDifference[];
}

interface Indexed {
  readonly byId: Map<string, MastEvent>;
  readonly events: readonly MastEvent[];
}

const decisionT = (event: MastEvent): number => {
  const data = event.data as { T?: number };
  return typeof data.T === 'number' ? data.T : event.ts;
};

function index(decisions: NamespaceDecisions, from: number, to: number): Indexed {
  const events = [...decisions.signal, ...decisions.risk].filter((e) => COMPARED.has(e.type) && decisionT(e) > from && decisionT(e) <= to);
  return { byId: new Map(events.map((e) => [e.id, e])), events };
}

/** A one-line description of a decision, the way a quant reads it. */
export function describeDecision(event: MastEvent): string {
  const d = event.data as Record<string, unknown>;
  switch (event.type) {
    case 'OrderRequested':
      return d['intent'] === 'OPEN' ? `entry ${d['qty']} @ ${d['modelPrice']}` : `exit ${d['reason']} ${d['qty']} @ ${d['modelPrice']} (opened ${iso(d['entryT'] as number)})`;
    case 'EntryRejected':
      return `entry rejected: ${d['reason']}`;
    case 'EntrySignalled':
      return `entry signal (cross ${iso(d['crossT'] as number)})`;
    case 'CooldownStarted':
      return `cooldown ${d['rule']} until ${iso(d['until'] as number)}`;
    case 'TradingStateChanged':
      return `trading state ${d['from']} -> ${d['to']} (drawdown ${(Number(d['drawdown']) * 100).toFixed(2)}%)`;
    default:
      return `${event.type} ${stableJson(d)}`;
  }
}

const iso = (ms: number | undefined) => (typeof ms === 'number' ? new Date(ms).toISOString().slice(0, 16).replace('T', ' ') : '?');

/** Flattened `a.b.c` keys whose values differ between two configs. */
export function configDifferences(a: unknown, b: unknown, prefix = ''): string[] {
  if (stableJson(a) === stableJson(b)) return [];
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(a) || !isObject(b)) return [`${prefix}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.flatMap((k) => configDifferences(a[k], b[k], prefix ? `${prefix}.${k}` : k));
}

/**
 * Compares two namespaces' decisions over `(from, to]` (decision times) by their deterministic ids,
 * and explains each difference from the other run's decisions around it: a rejection and its
 * reason, a cooldown, a position already held, a signal the other run did not have, or a config
 * key that governs that kind of decision. `configA`/`configB` are null when unknown (live).
 */
export function diffDecisions(a: NamespaceDecisions, b: NamespaceDecisions, range: { from: number; to: number }, configA: unknown, configB: unknown): DecisionDiff {
  const A = index(a, range.from, range.to);
  const B = index(b, range.from, range.to);
  const configDiff = configA !== null && configB !== null ? configDifferences(configA, configB) : [];
  const ids = [...new Set([...A.byId.keys(), ...B.byId.keys()])];
  const differences: DecisionDifference[] = [];
  for (const id of ids) {
    const ea = A.byId.get(id);
    const eb = B.byId.get(id);
    if (ea && eb && stableJson(ea.data) === stableJson(eb.data)) continue;
    const event = (ea ?? eb)!;
    const symbol = event.symbol ?? null;
    const T = decisionT(event);
    const kind = ea && eb ? 'changed' : ea ? 'only-a' : 'only-b';
    differences.push({ id, type: event.type, symbol, T, kind, a: ea ? describeDecision(ea) : null, b: eb ? describeDecision(eb) : null, cause: explain(event, kind, ea, eb, A, B, configDiff) });
  }
  differences.sort((x, y) => x.T - y.T || x.id.localeCompare(y.id));
  return { compared: { a: A.events.length, b: B.events.length }, configDifferences: configDiff, differences };
}

function explain(event: MastEvent, kind: DecisionDifference['kind'], ea: MastEvent | undefined, eb: MastEvent | undefined, A: Indexed, B: Indexed, configDiff: readonly string[]): string {
  const T = decisionT(event);
  const symbol = event.symbol;
  const other = kind === 'only-a' ? B : A;
  const otherName = kind === 'only-a' ? 'B' : 'A';
  const group = event.type === 'OrderRequested' ? String((event.data as { intent: string }).intent) : event.type;
  const keys = configDiff.filter((line) => (RELATED_KEYS[group] ?? []).some((k) => line === k || line.startsWith(`${k}.`) || line.startsWith(`${k}:`)));
  const configNote = keys.length > 0 ? `config differs: ${keys.join('; ')}` : '';
  const reasons: string[] = [];
  if (kind === 'changed') {
    const da = ea!.data as Record<string, unknown>;
    const db = eb!.data as Record<string, unknown>;
    const fields = Object.keys({ ...da, ...db }).filter((k) => stableJson(da[k]) !== stableJson(db[k]));
    reasons.push(`same decision, different ${fields.join(', ')}${fields.includes('qty') ? ' (sizing: balance or size factor differ after earlier decisions)' : ''}`);
  } else {
    const same = (e: MastEvent) => e.symbol === symbol && decisionT(e) === T;
    const rejected = other.events.find((e) => same(e) && e.type === 'EntryRejected');
    const opened = other.events.find((e) => same(e) && e.type === 'OrderRequested' && (e.data as { intent: string }).intent === 'OPEN');
    const signalled = other.events.find((e) => same(e) && e.type === 'EntrySignalled');
    if (event.type === 'OrderRequested' && (event.data as { intent: string }).intent === 'OPEN') {
      if (rejected) reasons.push(`${otherName} rejected this entry: ${(rejected.data as { reason: string }).reason}${cooldownNote(other, symbol, T)}`);
      else if (!signalled) reasons.push(`${otherName} had no entry signal here`);
      else {
        const held = positionHeld(other, symbol, T);
        reasons.push(held !== null ? `${otherName} already held ${symbol} (opened ${iso(held)})` : `${otherName} signalled but did not enter (sizing or exposure)`);
      }
    } else if (event.type === 'EntryRejected') {
      const reason = (event.data as { reason: string }).reason;
      const mine = kind === 'only-a' ? A : B;
      reasons.push(opened ? `rejected (${reason}${cooldownNote(mine, symbol, T)}) where ${otherName} entered` : `rejected (${reason}${cooldownNote(mine, symbol, T)}); ${otherName} ${signalled ? 'had the signal but no rejection' : 'had no entry signal here'}`);
    } else if (event.type === 'OrderRequested') {
      const entryT = (event.data as { entryT?: number }).entryT;
      const otherClose = other.events.find((e) => e.type === 'OrderRequested' && e.symbol === symbol && (e.data as { entryT?: number }).entryT === entryT);
      reasons.push(otherClose ? `${otherName} exited this position differently: ${describeDecision(otherClose)} at ${iso(decisionT(otherClose))}` : `${otherName} never held the position opened ${iso(entryT)}`);
    } else if (event.type === 'EntrySignalled') {
      reasons.push(`${otherName}'s indicators or regime gave no signal here`);
    } else if (event.type === 'CooldownStarted') {
      reasons.push(`follows a different exit on ${symbol}`);
    } else {
      reasons.push('the portfolio differs after earlier decisions');
    }
  }
  if (configNote) reasons.push(configNote);
  return reasons.join('; ');
}

function cooldownNote(side: Indexed, symbol: string | undefined, T: number): string {
  const cooldown = [...side.events].reverse().find((e) => e.type === 'CooldownStarted' && e.symbol === symbol && decisionT(e) <= T && (e.data as { until: number }).until > T);
  return cooldown ? `, ${(cooldown.data as { rule: string }).rule} cooldown from ${iso(decisionT(cooldown))} until ${iso((cooldown.data as { until: number }).until)}` : '';
}

/** When the side held a position on `symbol` at `T`: the entry time, else null. */
function positionHeld(side: Indexed, symbol: string | undefined, T: number): number | null {
  let openedAt: number | null = null;
  for (const e of side.events) {
    if (e.type !== 'OrderRequested' || e.symbol !== symbol || decisionT(e) >= T) continue;
    openedAt = (e.data as { intent: string }).intent === 'OPEN' ? decisionT(e) : null;
  }
  return openedAt;
}

/** The diff as text lines, A and B named. */
export function formatDiff(diff: DecisionDiff, nameA: string, nameB: string, limit = 200): string[] {
  const lines = [`decisions compared: ${nameA} ${diff.compared.a}, ${nameB} ${diff.compared.b}; ${diff.differences.length} differ`];
  if (diff.configDifferences.length > 0) lines.push(`config differences (A vs B): ${diff.configDifferences.join('; ')}`);
  for (const d of diff.differences.slice(0, limit)) {
    lines.push(`${iso(d.T)} ${d.symbol ?? '*'} ${d.type}: A ${d.a ?? '-'} | B ${d.b ?? '-'}\n    cause: ${d.cause}`);
  }
  if (diff.differences.length > limit) lines.push(`... ${diff.differences.length - limit} more (all in the file)`);
  return lines;
}
