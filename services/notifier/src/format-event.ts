import type { MastEvent } from '@mast/contracts';
import type { Alert } from './alert';
import { severityIcon } from './alert';
import type { AlertKind, Severity } from './alert-kinds';
import { formatAmount, formatDuration, formatPercent, formatPrice, formatQty, formatTime, formatUsdt } from './format-values';

const alert = (event: MastEvent, kind: AlertKind, severity: Severity, key: string, lines: readonly string[]): Alert => ({
  id: event.id,
  kind,
  severity,
  key,
  text: `${severityIcon(severity)}${lines.join('\n')}`,
});

/** Exits that mean something went wrong get a warning; the rest are routine. */
const EXIT_SEVERITY: Readonly<Record<string, Severity>> = { STOP_LOSS: 'warning', EMERGENCY: 'warning' };
const EXIT_TITLES: Readonly<Record<string, string>> = {
  STOP_LOSS: 'stop-loss',
  TAKE_PROFIT: 'take-profit',
  TIME_LIMIT: 'time limit',
  REGIME: 'regime change',
  EMERGENCY: 'emergency (halt)',
  FLATTEN: 'flattened by an operator',
};

/**
 * The alert an event raises, or null for events people need not hear about (marks, orders
 * on their way, candles). Keys make only true repeats coalesce: a trade is keyed by its own id,
 * a dead letter by its stream and consumer, a drift by its symbol and kind.
 */
export function formatEvent(event: MastEvent): Alert | null {
  switch (event.type) {
    case 'PositionOpened': {
      const d = event.data;
      return alert(event, 'entry', 'info', event.id, [
        `📉 Entry ${d.symbol} short`,
        `${formatQty(d.qty)} @ ${formatPrice(d.entryPrice)} · TP ${formatPrice(d.takeProfit)} · SL ${formatPrice(d.stopLoss)}${d.sizeFactor < 1 ? ` · size ×${d.sizeFactor}` : ''}`,
        `at ${formatTime(d.T)}`,
      ]);
    }
    case 'PositionClosed': {
      const d = event.data;
      const mark = d.pnl >= 0 ? '✅' : '❌';
      return alert(event, 'exit', EXIT_SEVERITY[d.reason] ?? 'info', event.id, [
        `${mark} Exit ${d.symbol} ${EXIT_TITLES[d.reason] ?? d.reason}: ${formatUsdt(d.pnl)}`,
        `${formatQty(d.qty)} @ ${formatPrice(d.entryPrice)} → ${formatPrice(d.exitPrice)} · fees ${formatAmount(d.entryFee + d.exitFee)} · held ${formatDuration(d.T - d.entryT)}`,
        `at ${formatTime(d.T)}`,
      ]);
    }
    case 'CooldownStarted': {
      const d = event.data;
      return alert(event, 'cooldown', 'info', `cooldown:${d.symbol}:${d.T}`, [`⏸ Cooldown ${d.symbol} (${d.rule.toLowerCase().replace('_', ' ')}) until ${formatTime(d.until)}`]);
    }
    case 'DailyLossLocked': {
      const d = event.data;
      return alert(event, 'daily_loss_lock', 'warning', `daily:${d.day}`, [
        `⚠️ Daily loss lock: no new entries today`,
        `loss ${formatUsdt(-d.loss)} of day-start equity ${formatAmount(d.dayStartEquity)} (equity ${formatAmount(d.equity)}) at ${formatTime(d.T)}`,
      ]);
    }
    case 'DailyLossUnlocked':
      return alert(event, 'daily_loss_lock', 'info', `daily:${event.data.day}`, [`🔓 Daily loss lock lifted at ${formatTime(event.data.T)}`]);
    case 'TradingStateChanged': {
      const d = event.data;
      if (d.to === 'HALTED') {
        return alert(event, 'halt', 'critical', `halt:${d.T}`, [
          `HALT: trading halted, every position closed`,
          `drawdown ${formatPercent(d.drawdown)}, equity ${formatAmount(d.equity)} at ${formatTime(d.T)}`,
          `No entry until an operator resumes (/resume halt).`,
        ]);
      }
      const blocked = d.to === 'REDUCING' && d.blockedUntil !== null ? `, entries blocked until ${formatTime(d.blockedUntil)}` : '';
      return alert(event, 'drawdown_tier', d.to === 'REDUCING' ? 'warning' : 'info', 'tier', [
        `📊 Trading state ${d.from} → ${d.to}${blocked}`,
        `drawdown ${formatPercent(d.drawdown)}, equity ${formatAmount(d.equity)} at ${formatTime(d.T)}`,
      ]);
    }
    case 'SizeFactorChanged': {
      const d = event.data;
      return alert(event, 'drawdown_tier', d.sizeFactor < 1 ? 'warning' : 'info', 'size', [`📊 Position size ×${d.sizeFactor} (drawdown ${formatPercent(d.drawdown)}) at ${formatTime(d.T)}`]);
    }
    case 'ReconciliationDriftFound': {
      const d = event.data;
      return alert(event, 'reconciliation', 'warning', `recon:${d.symbol}:${d.kind}`, [`🧭 Reconciliation drift ${d.symbol}: ${d.kind}`, `log says ${String(d.expected)}, exchange says ${String(d.actual)}`]);
    }
    case 'OrderRejected': {
      const d = event.data;
      return alert(event, 'order_rejected', 'warning', `orej:${d.symbol}`, [`⛔ Order rejected ${d.symbol}${d.code === null ? '' : ` (code ${d.code})`}: ${d.reason}`]);
    }
    case 'MessageDeadLettered': {
      const d = event.data;
      return alert(event, 'dead_letter', 'warning', `dlq:${d.stream}:${d.consumer}`, [
        `🪦 Dead letter on ${d.stream} (consumer ${d.consumer}, ${d.deliveries} ${d.deliveries === 1 ? 'delivery' : 'deliveries'})`,
        `${d.subject} #${d.sequence}: ${d.reason}`,
      ]);
    }
    case 'ServiceStarted':
      return alert(event, 'service', 'info', `service:${event.data.service}`, [`🟢 ${event.data.service} up (${event.data.instance}, ${event.data.version})`]);
    case 'ServiceStopped':
      return alert(event, 'service', 'warning', `service:${event.data.service}`, [`🔴 ${event.data.service} down (${event.data.instance})`]);
    case 'EntriesPaused':
    case 'EntriesResumed':
    case 'FlattenRequested': {
      const d = event.data;
      const what = { EntriesPaused: 'paused entries for', EntriesResumed: 'resumed entries for', FlattenRequested: 'asked to flatten' }[event.type];
      return alert(event, 'control', event.type === 'FlattenRequested' ? 'warning' : 'info', event.id, [`🎛 ${d.issuedBy} ${what} ${d.symbol ?? 'all symbols'}: ${d.why}`]);
    }
    case 'HaltRequested':
      return alert(event, 'control', 'critical', event.id, [`🎛 ${event.data.issuedBy} asked to HALT trading: ${event.data.why}`]);
    case 'TradingResumed':
      return alert(event, 'control', 'warning', event.id, [`🎛 ${event.data.issuedBy} resumed trading after a halt (drawdown peak rebased): ${event.data.why}`]);
    case 'OperatorCommandRefused': {
      const d = event.data;
      return alert(event, 'audit', 'warning', `audit:${d.issuedBy}`, [`🛡 Refused ${d.channel} command from ${d.issuedBy}: ${d.command} (${d.reason.toLowerCase()}: ${d.detail})`]);
    }
    default:
      return null;
  }
}
