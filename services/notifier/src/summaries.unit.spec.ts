import { dueSummaries, formatSummary, summaryId } from './summaries';

const schedule = { dailyAt: '00:05', weeklyDay: 1, weeklyAt: '00:10' };

describe('dueSummaries', () => {
  it('gives the latest daily and weekly slots at or before now, and the days they cover', () => {
    // Tuesday 2025-05-06 00:06 UTC: the daily of 05-05 is due; the weekly of Monday 05-05 00:10 covers 04-28..05-04.
    const due = dueSummaries(Date.UTC(2025, 4, 6, 0, 6), schedule);
    expect(due).toEqual([
      { period: 'daily', from: '2025-05-05', to: '2025-05-05', slot: Date.UTC(2025, 4, 6, 0, 5) },
      { period: 'weekly', from: '2025-04-28', to: '2025-05-04', slot: Date.UTC(2025, 4, 5, 0, 10) },
    ]);
  });

  it('keeps the previous slot until the next time comes', () => {
    const [daily] = dueSummaries(Date.UTC(2025, 4, 6, 0, 4), schedule);
    expect(daily).toMatchObject({ from: '2025-05-04', slot: Date.UTC(2025, 4, 5, 0, 5) });
    const [, weekly] = dueSummaries(Date.UTC(2025, 4, 5, 0, 9), schedule);
    expect(weekly).toMatchObject({ from: '2025-04-21', to: '2025-04-27' });
  });
});

describe('formatSummary', () => {
  it('gives P&L per asset and for the portfolio, win rate, max drawdown, fees and closing equity', () => {
    const due = { period: 'weekly' as const, from: '2025-04-28', to: '2025-05-04' };
    const rows = [
      { day: '2025-04-29', symbol: 'BTCUSDT', trades: 2, wins: 1, pnl: 120.5, fees: 8.2, drawdownMax: null, equityLast: null },
      { day: '2025-04-30', symbol: 'BTCUSDT', trades: 1, wins: 1, pnl: 40, fees: 4, drawdownMax: null, equityLast: null },
      { day: '2025-04-30', symbol: 'ETHUSDT', trades: 1, wins: 0, pnl: -60.25, fees: 3.1, drawdownMax: null, equityLast: null },
      { day: '2025-04-29', symbol: '*', trades: 2, wins: 1, pnl: 120.5, fees: 8.2, drawdownMax: 0.031, equityLast: 10_112.3 },
      { day: '2025-04-30', symbol: '*', trades: 2, wins: 1, pnl: -20.25, fees: 7.1, drawdownMax: 0.042, equityLast: 10_100.25 },
    ];
    const alert = formatSummary(due, rows);
    expect(alert).toMatchObject({ id: summaryId(due), kind: 'summary', severity: 'info' });
    expect(alert.text).toBe(
      [
        '🧾 Weekly summary 2025-04-28 to 2025-05-04 (UTC)',
        'BTCUSDT: +160.50 USDT, 3 trades, win rate 66.67%, fees 12.20',
        'ETHUSDT: -60.25 USDT, 1 trades, win rate 0.00%, fees 3.10',
        'Portfolio: +100.25 USDT, 4 trades, win rate 50.00%, fees 15.30',
        'max drawdown 4.20%, equity 10100.25',
      ].join('\n'),
    );
  });

  it('says so when no trade closed', () => {
    expect(formatSummary({ period: 'daily', from: '2025-05-05', to: '2025-05-05' }, []).text).toBe(
      '🧾 Daily summary 2025-05-05 (UTC)\nno trades closed\nPortfolio: 0.00 USDT, 0 trades, win rate -, fees 0.00\nmax drawdown -',
    );
  });
});
