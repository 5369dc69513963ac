// The MAST dashboard: plain JavaScript, no library, no network beyond this service. It takes a
// snapshot and then updates from /api/v1/stream (server-sent events) and redraws from `state`.
/* global document, requestAnimationFrame, EventSource */
'use strict';
(function () {
  const MAX_POINTS = 1500;
  const state = { ns: '', portfolio: null, positions: [], cooldowns: [], assets: [], trades: [], equity: [], series: {}, feed: [], risk: null, correlation: null };
  const seenTrades = new Set();
  const $ = (id) => document.getElementById(id);
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  const num = (v, d = 2) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }));
  const pct = (v, d = 2) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : `${(v * 100).toFixed(d)}%`);
  const price = (v) => (v === null || v === undefined ? '–' : v >= 1000 ? num(v, 1) : v >= 10 ? num(v, 3) : num(v, 4));
  const time = (ms) => (ms ? new Date(ms).toISOString().slice(0, 16).replace('T', ' ') : '–');
  const signed = (v, d = 2) => `<span class="${v > 0 ? 'pos' : v < 0 ? 'neg' : ''}">${num(v, d)}</span>`;

  /** Appends points newer than the last one, thinning the oldest half when the series grows long. */
  function append(list, points) {
    const last = list.length ? list[list.length - 1].t : -Infinity;
    for (const p of points) if (p.t > last) list.push(p);
    if (list.length > MAX_POINTS) {
      const half = Math.floor(list.length / 2);
      const kept = list.slice(0, half).filter((_, i) => i % 2 === 0);
      list.splice(0, list.length, ...kept, ...list.slice(half));
    }
  }

  /** An SVG line chart: lines [{ points: [{x, y}], color, label }], levels [{ y, color, label }]. */
  function lineChart(lines, levels, options) {
    const W = 600, H = options.height || 160, L = 56, R = 8, T = 8, B = 18;
    const xs = [], ys = [];
    for (const line of lines) for (const p of line.points) if (Number.isFinite(p.y)) { xs.push(p.x); ys.push(p.y); }
    for (const level of levels) if (Number.isFinite(level.y)) ys.push(level.y);
    if (xs.length < 2) return `<svg viewBox="0 0 ${W} ${H}"><text class="axis" x="${W / 2}" y="${H / 2}" text-anchor="middle">waiting for data…</text></svg>`;
    let x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
    if (options.zeroBased) y0 = Math.min(0, y0);
    if (y1 === y0) { y1 += Math.abs(y1) * 0.01 || 1; y0 -= Math.abs(y0) * 0.01 || 1; }
    const pad = (y1 - y0) * 0.05; y0 -= options.zeroBased ? 0 : pad; y1 += pad;
    if (x1 === x0) x1 = x0 + 1;
    const sx = (x) => L + ((x - x0) / (x1 - x0)) * (W - L - R);
    const sy = (y) => T + (1 - (y - y0) / (y1 - y0)) * (H - T - B);
    const fmt = options.format || ((v) => num(v));
    let svg = `<svg viewBox="0 0 ${W} ${H}" preserveAspectRatio="none">`;
    for (let i = 0; i <= 3; i++) {
      const y = y0 + ((y1 - y0) * i) / 3;
      svg += `<line x1="${L}" x2="${W - R}" y1="${sy(y)}" y2="${sy(y)}" stroke="#2a3540"/><text class="axis" x="${L - 4}" y="${sy(y) + 3}" text-anchor="end">${esc(fmt(y))}</text>`;
    }
    svg += `<text class="axis" x="${L}" y="${H - 4}">${esc(time(x0))}</text><text class="axis" x="${W - R}" y="${H - 4}" text-anchor="end">${esc(time(x1))}</text>`;
    for (const level of levels) {
      if (!Number.isFinite(level.y)) continue;
      svg += `<line x1="${L}" x2="${W - R}" y1="${sy(level.y)}" y2="${sy(level.y)}" stroke="${level.color}" stroke-dasharray="4 3"/><text class="axis" x="${W - R - 2}" y="${sy(level.y) - 2}" text-anchor="end" style="fill:${level.color}">${esc(level.label)}</text>`;
    }
    for (const line of lines) {
      const d = line.points.filter((p) => Number.isFinite(p.y)).map((p, i) => `${i ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join('');
      if (d) svg += `<path d="${d}" fill="none" stroke="${line.color}" stroke-width="1.4" vector-effect="non-scaling-stroke"/>`;
    }
    svg += '</svg>';
    const legend = lines.length > 1 ? `<div class="legend">${lines.map((l) => `<span><i style="background:${l.color}"></i>${esc(l.label)}</span>`).join('')}</div>` : '';
    return svg + legend;
  }

  function renderKpis() {
    const p = state.portfolio;
    if (!p) return;
    $('ns').textContent = state.ns ? `· ${state.ns}` : '';
    const badge = $('state');
    badge.textContent = p.halted ? 'HALTED' : p.state;
    badge.className = `badge ${p.halted ? 'HALTED' : p.state}`;
    const kpis = [
      ['Balance', num(p.balance ?? p.riskBalance)],
      ['Equity', num(p.equity)],
      ['Drawdown', pct(p.drawdown)],
      ['Exposure', pct(p.exposureRatio)],
      ['Size factor', num(p.sizeFactor, 2)],
      ['Open positions', String(p.openPositions)],
      ['Trades (wins)', `${p.trades} (${p.wins})`],
      ['Realized P&L', signed(p.realizedPnl)],
    ];
    $('kpis').innerHTML = kpis.map(([label, value]) => `<div class="card kpi"><div class="label">${label}</div><div class="value">${value}</div></div>`).join('');
  }

  function renderCurves() {
    const pts = state.equity;
    $('equity-chart').innerHTML = lineChart([{ points: pts.map((p) => ({ x: p.t, y: p.equity })), color: '#58a6ff', label: 'equity' }], [], { height: 170 });
    $('drawdown-chart').innerHTML = lineChart(
      [{ points: pts.map((p) => ({ x: p.t, y: p.drawdown })), color: '#f85149', label: 'drawdown' }],
      [{ y: 0.1, color: '#d29922', label: 'reduce 10%' }, { y: 0.15, color: '#f85149', label: 'block 15%' }].filter((l) => pts.some((p) => p.drawdown > l.y * 0.5)),
      { height: 170, zeroBased: true, format: (v) => pct(v, 1) },
    );
  }

  function renderAssets() {
    const bySymbol = new Map(state.positions.map((p) => [p.symbol, p]));
    const cooldowns = new Map(state.cooldowns.map((c) => [c.symbol, c]));
    const now = state.assets.reduce((m, a) => Math.max(m, (a.lastCandleTs || 0) + 60000), 0);
    $('assets').innerHTML = state.assets.map((a) => {
      const pos = bySymbol.get(a.symbol);
      const cd = cooldowns.get(a.symbol);
      const series = state.series[a.symbol] || [];
      const lines = [
        { points: series.map((p) => ({ x: p.t, y: p.close })), color: '#d8dee6', label: 'close' },
        { points: series.map((p) => ({ x: p.t, y: p.emaFast })), color: '#58a6ff', label: 'EMA fast' },
        { points: series.map((p) => ({ x: p.t, y: p.emaSlow })), color: '#bc8cff', label: 'EMA slow' },
      ];
      const levels = pos ? [{ y: pos.entryPrice, color: '#8b98a5', label: 'entry' }, { y: pos.takeProfit, color: '#3fb950', label: 'TP' }, { y: pos.stopLoss, color: '#f85149', label: 'SL' }] : [];
      const cooling = cd && cd.until > now;
      return `<div class="card asset" data-testid="asset-${esc(a.symbol)}">
        <div class="head"><h2>${esc(a.symbol)}</h2><span class="regime">${esc(a.regime || 'no regime yet')}</span><span class="price">${price(a.lastPrice)}</span></div>
        <div class="chart">${lineChart(lines, levels, { height: 150, format: price })}</div>
        <dl>
          <dt>EMA fast</dt><dd>${price(a.emaFast)}</dd><dt>EMA slow</dt><dd>${price(a.emaSlow)}</dd>
          <dt>position</dt><dd>${pos ? `short ${num(pos.qty, 4)} @ ${price(pos.entryPrice)}` : 'none'}</dd><dt>unrealized</dt><dd>${pos ? signed(pos.unrealizedPnl) : '–'}</dd>
          <dt>TP / SL</dt><dd>${pos ? `${price(pos.takeProfit)} / ${price(pos.stopLoss)}` : '–'}</dd><dt>cooldown</dt><dd>${cooling ? `until ${time(cd.until)} (${esc(cd.rule)})` : 'none'}</dd>
        </dl></div>`;
    }).join('');
  }

  function renderTrades() {
    const rows = state.trades.map((t) => {
      const fresh = !seenTrades.has(t.eventId);
      seenTrades.add(t.eventId);
      return `<tr data-event-id="${esc(t.eventId)}"${fresh && seenTrades.size > state.trades.length ? ' class="new"' : ''}><td>${esc(t.symbol)}</td><td>${time(t.entryTs)}</td><td>${time(t.exitTs)}</td><td>${price(t.entryPrice)}</td><td>${price(t.exitPrice)}</td><td>${num(t.qty, 4)}</td><td>${esc(t.reason)}</td><td>${num(t.fees)}</td><td>${signed(t.pnl)}</td></tr>`;
    });
    document.querySelector('#trades tbody').innerHTML = rows.join('');
    $('trade-count').textContent = state.portfolio ? `(${state.portfolio.trades} closed, newest first)` : '';
  }

  function renderRisk() {
    const r = state.risk;
    if (!r) return;
    const maxShare = Math.max(0.0001, ...r.assets.map((a) => a.riskShare));
    document.querySelector('#risk tbody').innerHTML = r.assets.map((a) => `<tr><td>${esc(a.symbol)}</td><td>${pct(a.exposureRatio, 1)}</td><td>${num(a.riskAtStop)}</td><td><span class="bar" style="width:${Math.round((a.riskShare / maxShare) * 40)}px"></span>${pct(a.riskShare, 0)}</td><td>${a.unrealizedPnl === null ? '–' : signed(a.unrealizedPnl)}</td><td>${signed(a.realizedPnl)}</td></tr>`).join('');
  }

  function renderCorrelation() {
    const c = state.correlation;
    if (!c) return;
    $('corr-window').textContent = `(1-min returns, last ${c.minutes} min)`;
    const n = c.symbols.length;
    const color = (v) => (v === null ? '#2a3540' : v >= 0 ? `rgba(88,166,255,${0.15 + 0.85 * v})` : `rgba(248,81,73,${0.15 + 0.85 * -v})`);
    let html = `<div class="corr" style="grid-template-columns: 70px repeat(${n}, 1fr)"><div></div>${c.symbols.map((s) => `<div class="muted">${esc(s.replace(/USDT$/, ''))}</div>`).join('')}`;
    c.symbols.forEach((s, i) => {
      html += `<div class="muted" style="text-align:left">${esc(s.replace(/USDT$/, ''))}</div>`;
      c.matrix[i].forEach((v) => { html += `<div style="background:${color(v)}">${v === null ? '–' : v.toFixed(2)}</div>`; });
    });
    $('correlation').innerHTML = `${html}</div>`;
  }

  function describe(e) {
    const d = e.data || {};
    const bits = [];
    for (const key of ['intent', 'reason', 'side', 'qty', 'price', 'fillPrice', 'pnl', 'from', 'to', 'direction', 'state', 'rule', 'until', 'kind']) if (d[key] !== undefined && d[key] !== null) bits.push(`${key}=${typeof d[key] === 'number' && key === 'until' ? time(d[key]) : d[key]}`);
    return bits.join(' ');
  }

  function renderFeed() {
    $('feed').innerHTML = state.feed.map((e) => `<li><span class="t">${time(e.ts)}</span><span class="type">${esc(e.type)}</span>${esc(e.symbol || '')} <span class="muted">${esc(describe(e))}</span></li>`).join('');
  }

  let pending = false;
  function render() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      renderKpis(); renderCurves(); renderAssets(); renderTrades(); renderRisk(); renderCorrelation(); renderFeed();
    });
  }

  function connect() {
    const live = $('live');
    const source = new EventSource('/api/v1/stream');
    source.addEventListener('snapshot', (msg) => {
      const s = JSON.parse(msg.data);
      Object.assign(state, s);
      state.series = s.series || {};
      live.textContent = 'live'; live.className = 'live on';
      render();
    });
    source.addEventListener('update', (msg) => {
      const u = JSON.parse(msg.data);
      for (const key of ['portfolio', 'positions', 'cooldowns', 'assets', 'risk', 'trades', 'correlation']) if (u[key] !== undefined) state[key] = u[key];
      append(state.equity, u.equity || []);
      for (const [symbol, points] of Object.entries(u.series || {})) append(state.series[symbol] || (state.series[symbol] = []), points);
      if (u.feed && u.feed.length) state.feed = [...u.feed.slice().reverse(), ...state.feed].slice(0, 50);
      render();
    });
    source.addEventListener('status', (msg) => {
      const s = JSON.parse(msg.data);
      live.textContent = s.ok ? 'live' : 'read model unavailable'; live.className = s.ok ? 'live on' : 'live off';
    });
    source.onerror = () => { live.textContent = 'reconnecting'; live.className = 'live off'; };
  }
  connect();
})();
