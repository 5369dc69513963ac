/** Decides, event by event, which fault rules fire. Counting makes every run repeatable. */
import { isWsRule, parseFaultRules, type FaultRule, type WsChannel } from './fault-rule';
import { seededRandom } from '@mast/contracts';

interface ActiveRule {
  readonly rule: FaultRule;
  readonly ws: boolean;
  readonly random: () => number;
  matched: number;
  fired: number;
}

export interface FaultRuleState {
  rule: FaultRule;
  matched: number;
  fired: number;
}

function matches(pattern: string | undefined, value: string): boolean {
  if (pattern === undefined) return true;
  return pattern.endsWith('*') ? value.startsWith(pattern.slice(0, -1)) : pattern === value;
}

export class FaultEngine {
  private active: ActiveRule[] = [];

  constructor(rules: readonly FaultRule[] = []) {
    this.set(rules);
  }

  /** Replaces every rule (and resets their counters). */
  set(rules: readonly FaultRule[]): void {
    this.active = parseFaultRules([...rules]).map((rule) => ({
      rule, ws: isWsRule(rule), random: seededRandom(rule.seed ?? 1), matched: 0, fired: 0,
    }));
  }

  private fire(candidates: ActiveRule[]): FaultRule[] {
    const fired: FaultRule[] = [];
    for (const a of candidates) {
      a.matched++;
      if (a.matched <= (a.rule.after ?? 0)) continue;
      if (a.rule.count !== undefined && a.fired >= a.rule.count) continue;
      if (a.rule.probability !== undefined && a.random() >= a.rule.probability) continue;
      a.fired++;
      fired.push(a.rule);
    }
    return fired;
  }

  /** Rules that fire for one REST request. */
  forRequest(path: string): FaultRule[] {
    if (this.active.length === 0) return [];
    return this.fire(this.active.filter((a) => !a.ws && matches(a.rule.path, path)));
  }

  /** Rules that fire for one push on one connection. */
  forPush(channel: WsChannel, topic: string): FaultRule[] {
    if (this.active.length === 0) return [];
    return this.fire(this.active.filter((a) => a.ws && (a.rule.channel === undefined || a.rule.channel === channel) && matches(a.rule.topic, topic)));
  }

  state(): FaultRuleState[] {
    return this.active.map((a) => ({ rule: a.rule, matched: a.matched, fired: a.fired }));
  }
}
