import type { MastEvent } from '@mast/contracts';
import { inArray } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type { PoolClient } from 'pg';
import type { ReadModelTables } from '../schema/tables';
import type { BaseState } from './batch-fold';
import { dailyDaysOf } from './batch-fold';

/** Which of the small stateful tables a batch must read before folding. */
export interface StateNeeds {
  assets: boolean;
  positions: boolean;
  cooldowns: boolean;
  tradingState: boolean;
  days: Set<string>;
}

export function noNeeds(): StateNeeds {
  return { assets: false, positions: false, cooldowns: false, tradingState: false, days: new Set() };
}

/** Adds what folding `event` reads (see BatchFold.fold: each case touches exactly these). */
export function addNeeds(needs: StateNeeds, event: MastEvent): void {
  switch (event.type) {
    case 'CandleClosed':
    case 'CandleAssessed':
    case 'RegimeChanged':
    case 'EmaCrossed':
      needs.assets = true;
      break;
    case 'PositionOpened':
      needs.positions = true;
      break;
    case 'PositionClosed':
      needs.positions = true;
      needs.tradingState = true;
      break;
    case 'BalanceChanged':
    case 'TradingStateChanged':
    case 'SizeFactorChanged':
    case 'PortfolioMarked':
    case 'DailyLossLocked':
    case 'DailyLossUnlocked':
      needs.tradingState = true;
      break;
    case 'CooldownStarted':
    case 'CooldownEnded':
      needs.cooldowns = true;
      break;
    default:
      break;
  }
  const day = dailyDaysOf(event);
  if (day !== null) needs.days.add(day);
}

export async function loadState(client: PoolClient, tables: ReadModelTables, needs: StateNeeds): Promise<BaseState> {
  const db = drizzle(client);
  // One client runs one query at a time: awaiting them in turn is as fast as Promise.all here.
  const assets = needs.assets ? await db.select().from(tables.assets) : [];
  const positions = needs.positions ? await db.select().from(tables.positions) : [];
  const cooldowns = needs.cooldowns ? await db.select().from(tables.cooldowns) : [];
  const tradingState = needs.tradingState ? await db.select().from(tables.tradingState) : [];
  const daily = needs.days.size > 0 ? await db.select().from(tables.dailyPerformance).where(inArray(tables.dailyPerformance.day, [...needs.days])) : [];
  return {
    assets,
    positions,
    cooldowns,
    tradingState: tradingState[0] ?? null,
    daily,
    loaded: { assets: needs.assets, positions: needs.positions, cooldowns: needs.cooldowns, tradingState: needs.tradingState, days: needs.days },
  };
}
