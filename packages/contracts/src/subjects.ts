import type { MastEvent } from './envelope';
import type { EventType } from './events/registry';
import { SubjectTokenError, assertNamespace, streamToken, symbolToken, wordToken } from './subject-tokens';

/**
 * Every subject is `<ns>.<context>.<kind>[.<SYMBOL>]`: the namespace first so that a replay runs
 * beside live without touching it, then the bounded context, which is also the stream it lands in.
 * Services build subjects here and never write them inline.
 */

export const CONTEXTS = ['md', 'sig', 'risk', 'exec', 'ctl', 'sys', 'dlq'] as const;
export type Context = (typeof CONTEXTS)[number];

export const CONTROL_COMMANDS = ['pause-entries', 'resume-entries', 'flatten', 'halt', 'resume-trading'] as const;
export type ControlCommand = (typeof CONTROL_COMMANDS)[number];

export const SYSTEM_KINDS = ['service', 'audit'] as const;
export type SystemKind = (typeof SYSTEM_KINDS)[number];

export interface EventRoute {
  readonly context: Context;
  readonly kind: string | null;
  /** The last token: the event's symbol, the dead-lettered message's stream, or nothing. */
  readonly key: 'symbol' | 'stream' | null;
}

const bySymbol = <C extends Context, K extends string>(context: C, kind: K) => ({ context, kind, key: 'symbol' }) as const;
const fixed = <C extends Context, K extends string>(context: C, kind: K) => ({ context, kind, key: null }) as const;

export const EVENT_ROUTES = {
  CandleClosed: bySymbol('md', 'candle'),
  CandleGapDetected: bySymbol('md', 'gap'),
  FeedConnected: fixed('md', 'feed'),
  FeedDisconnected: fixed('md', 'feed'),
  EmaCrossed: bySymbol('sig', 'cross'),
  RegimeChanged: bySymbol('sig', 'regime'),
  EntrySignalled: bySymbol('sig', 'entry'),
  CandleAssessed: bySymbol('sig', 'assessed'),
  EntryRejected: bySymbol('risk', 'rejected'),
  CooldownStarted: bySymbol('risk', 'cooldown'),
  CooldownEnded: bySymbol('risk', 'cooldown'),
  TradingStateChanged: fixed('risk', 'state'),
  SizeFactorChanged: fixed('risk', 'state'),
  DailyLossLocked: fixed('risk', 'state'),
  DailyLossUnlocked: fixed('risk', 'state'),
  OrderRequested: bySymbol('risk', 'order'),
  PortfolioMarked: fixed('risk', 'marked'),
  OrderAccepted: bySymbol('exec', 'order'),
  OrderRejected: bySymbol('exec', 'order'),
  OrderFilled: bySymbol('exec', 'order'),
  PositionOpened: bySymbol('exec', 'position'),
  PositionClosed: bySymbol('exec', 'position'),
  BalanceChanged: fixed('exec', 'balance'),
  ReconciliationDriftFound: bySymbol('exec', 'recon'),
  EntriesPaused: fixed('ctl', 'pause-entries'),
  EntriesResumed: fixed('ctl', 'resume-entries'),
  FlattenRequested: fixed('ctl', 'flatten'),
  HaltRequested: fixed('ctl', 'halt'),
  TradingResumed: fixed('ctl', 'resume-trading'),
  ServiceStarted: fixed('sys', 'service'),
  ServiceStopped: fixed('sys', 'service'),
  OperatorCommandRefused: fixed('sys', 'audit'),
  MessageDeadLettered: { context: 'dlq', kind: null, key: 'stream' },
} as const satisfies Record<EventType, EventRoute>;

export interface Subjects {
  readonly ns: string;
  /** `<ns>.<context>.>`: everything of one bounded context (its stream's subject). */
  context(context: Context): string;
  candle(symbol: string): string;
  gap(symbol: string): string;
  feed(): string;
  cross(symbol: string): string;
  regime(symbol: string): string;
  entry(symbol: string): string;
  assessed(symbol: string): string;
  orderRequest(symbol: string): string;
  rejected(symbol: string): string;
  cooldown(symbol: string): string;
  riskState(): string;
  marked(): string;
  execOrder(symbol: string): string;
  position(symbol: string): string;
  balance(): string;
  recon(symbol: string): string;
  control(command: ControlCommand): string;
  system(kind: SystemKind): string;
  deadLetter(stream: string): string;
  /** The subject of an event type; `key` is the symbol (or, for MessageDeadLettered, the stream), or ANY. */
  forType(type: EventType, key?: string): string;
  /** The subject an event is published on. */
  forEvent(event: MastEvent): string;
}

/** Subject builders for one namespace; symbol and stream arguments also take ANY (`*`) for filters. */
export function subjects(ns: string): Subjects {
  assertNamespace(ns);
  const join = (...tokens: string[]) => [ns, ...tokens].join('.');

  const forType = (type: EventType, key?: string): string => {
    const route: EventRoute | undefined = EVENT_ROUTES[type];
    if (!route) throw new SubjectTokenError('token', type);
    const head = route.kind === null ? [route.context] : [route.context, route.kind];
    if (route.key === null) return join(...head);
    if (key === undefined) throw new SubjectTokenError(route.key, key);
    return join(...head, route.key === 'symbol' ? symbolToken(key) : streamToken(key));
  };

  return Object.freeze({
    ns,
    context: (context: Context) => join(wordToken(context), '>'),
    candle: (symbol: string) => join('md', 'candle', symbolToken(symbol)),
    gap: (symbol: string) => join('md', 'gap', symbolToken(symbol)),
    feed: () => join('md', 'feed'),
    cross: (symbol: string) => join('sig', 'cross', symbolToken(symbol)),
    regime: (symbol: string) => join('sig', 'regime', symbolToken(symbol)),
    entry: (symbol: string) => join('sig', 'entry', symbolToken(symbol)),
    assessed: (symbol: string) => join('sig', 'assessed', symbolToken(symbol)),
    orderRequest: (symbol: string) => join('risk', 'order', symbolToken(symbol)),
    rejected: (symbol: string) => join('risk', 'rejected', symbolToken(symbol)),
    cooldown: (symbol: string) => join('risk', 'cooldown', symbolToken(symbol)),
    riskState: () => join('risk', 'state'),
    marked: () => join('risk', 'marked'),
    execOrder: (symbol: string) => join('exec', 'order', symbolToken(symbol)),
    position: (symbol: string) => join('exec', 'position', symbolToken(symbol)),
    balance: () => join('exec', 'balance'),
    recon: (symbol: string) => join('exec', 'recon', symbolToken(symbol)),
    control: (command: ControlCommand) => join('ctl', wordToken(command)),
    system: (kind: SystemKind) => join('sys', wordToken(kind)),
    deadLetter: (stream: string) => join('dlq', streamToken(stream)),
    forType,
    forEvent: (event: MastEvent) => {
      const route: EventRoute = EVENT_ROUTES[event.type];
      const data = event.data as { symbol?: unknown; stream?: unknown };
      const key = route.key === null ? undefined : data[route.key];
      if (route.key !== null && typeof key !== 'string') throw new SubjectTokenError(route.key, key);
      return forType(event.type, key as string | undefined);
    },
  });
}

/** The subject an event is published on, in a namespace. */
export function subjectForEvent(ns: string, event: MastEvent): string {
  return subjects(ns).forEvent(event);
}
