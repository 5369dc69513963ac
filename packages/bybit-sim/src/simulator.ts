/**
 * Composition: options -> instruments, market, exchange, streams, fault engine -> one HTTP
 * server that answers REST, upgrades /v5/public/linear and /v5/private to WebSocket and serves
 * /admin. Nothing here has protocol logic of its own.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import pino from 'pino';
import { WebSocketServer } from 'ws';
import { toCandleColumns, type CandleColumns } from './candles';
import { SimulatorConfigError, SimulatorStateError } from './errors';
import type { Account } from './exchange/account';
import { Exchange } from './exchange/exchange';
import { positionIM, unrealisedPnl } from './exchange/margin';
import type { OrderRecord } from './exchange/records';
import { FaultEngine } from './faults/fault-engine';
import { accountRoutes } from './http/account-routes';
import { handleAdmin } from './http/admin-routes';
import { marketRoutes } from './http/market-routes';
import { RestHandler } from './http/rest-handler';
import type { Route, SimContext } from './http/route';
import { tradeRoutes } from './http/trade-routes';
import { buildInstruments, DEFAULT_INSTRUMENTS } from './instruments';
import { MarketDriver } from './market/driver';
import { Market } from './market/market';
import type { ConnectionKind, OrderView, PositionView, Simulator, SimulatorOptions, SimulatorState, WalletView } from './options';
import { PrivateStream } from './ws/private-stream';
import { PublicStream } from './ws/public-stream';

export const PUBLIC_WS_PATH = '/v5/public/linear';
export const PRIVATE_WS_PATH = '/v5/private';

function validate(options: SimulatorOptions): void {
  const problems: string[] = [];
  const o = options;
  if (o.port !== undefined && !(Number.isInteger(o.port) && o.port >= 0 && o.port <= 65535)) problems.push(`port must be an integer in [0, 65535], was ${o.port}`);
  if (o.takerFee !== undefined && !(o.takerFee >= 0 && o.takerFee < 0.1)) problems.push(`takerFee must be in [0, 0.1), was ${o.takerFee}`);
  if (o.makerFee !== undefined && !(o.makerFee > -0.1 && o.makerFee < 0.1)) problems.push(`makerFee must be in (-0.1, 0.1), was ${o.makerFee}`);
  if (o.fundingRate !== undefined && !(Math.abs(o.fundingRate) <= 0.05)) problems.push(`fundingRate must be in [-0.05, 0.05], was ${o.fundingRate}`);
  if (o.recvWindowDefault !== undefined && !(o.recvWindowDefault > 0)) problems.push(`recvWindowDefault must be positive, was ${o.recvWindowDefault}`);
  (o.accounts ?? []).forEach((a, i) => {
    if (typeof a.apiKey !== 'string' || a.apiKey === '') problems.push(`accounts[${i}].apiKey must be a non-empty string`);
    if (typeof a.secret !== 'string' || a.secret === '') problems.push(`accounts[${i}].secret must be a non-empty string`);
    if (a.balanceUsdt !== undefined && !(a.balanceUsdt >= 0)) problems.push(`accounts[${i}].balanceUsdt must be >= 0, was ${a.balanceUsdt}`);
  });
  const speed = o.market?.speed;
  if (o.market && !(speed === 'max' || speed === 'manual' || (typeof speed === 'number' && speed > 0 && Number.isFinite(speed)))) {
    problems.push(`market.speed must be a positive number, 'max' or 'manual', was ${String(speed)}`);
  }
  const steps = o.market?.stepsPerLeg;
  if (steps !== undefined && !(Number.isInteger(steps) && steps >= 1 && steps <= 60)) problems.push(`market.stepsPerLeg must be an integer in [1, 60], was ${steps}`);
  if (problems.length > 0) throw new SimulatorConfigError(`invalid simulator options:\n  ${problems.join('\n  ')}`);
}

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  validate(options);
  const logger = options.logger ?? pino({ level: 'silent' });
  const now = options.now ?? Date.now;
  const instruments = buildInstruments(options.instruments ?? DEFAULT_INSTRUMENTS);
  const series = new Map<string, CandleColumns>();
  for (const [symbol, candles] of Object.entries(options.market?.candles ?? {})) {
    if (!instruments.has(symbol)) throw new SimulatorConfigError(`market.candles has ${symbol}, which is not an instrument`);
    series.set(symbol, toCandleColumns(symbol, candles));
  }
  const market = new Market(series, instruments, { from: options.market?.from, stepsPerLeg: options.market?.stepsPerLeg, pathOrder: options.market?.pathOrder });
  const takerFee = options.takerFee ?? 0.00055;
  const fundingRate = options.fundingRate ?? 0;
  const exchange = new Exchange({ instruments, market, accounts: options.accounts ?? [], takerFee, fundingRate, now });
  const faults = new FaultEngine(options.faults ?? []);
  const publicStream = new PublicStream(market, instruments, faults, fundingRate);
  const privateStream = new PrivateStream(exchange, faults, now);
  const ctx: SimContext = { exchange, market, instruments, takerFee, makerFee: options.makerFee ?? 0.0002, fundingRate, now };
  const routes: Route[] = [...marketRoutes, ...accountRoutes, ...tradeRoutes];
  const rest = new RestHandler({ routes, ctx, faults, recvWindowDefault: options.recvWindowDefault ?? 5000, logger });
  const driver = new MarketDriver(market, options.market?.speed ?? 'manual', logger);

  const server = createServer();
  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    const path = (req.url ?? '').split('?')[0];
    const stream = path === PUBLIC_WS_PATH ? publicStream : path === PRIVATE_WS_PATH ? privateStream : undefined;
    if (!stream) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => stream.attach(ws));
  });

  const requireAccount = (apiKey: string): Account => {
    const account = exchange.accounts.get(apiKey);
    if (!account) throw new SimulatorStateError(`no account with apiKey ${apiKey}`);
    return account;
  };
  const walletOf = (account: Account): WalletView => {
    const t = account.totals(exchange.priceOf, instruments);
    return {
      walletBalance: t.walletBalance, equity: t.equity, unrealisedPnl: t.unrealisedPnl, availableBalance: t.available,
      positionIM: t.positionIM, positionMM: t.positionMM, cumRealisedPnl: account.cumRealisedPnl,
    };
  };
  const positionsOf = (account: Account): PositionView[] => [...account.positions.values()]
    .filter((p) => p.size > 0 && p.side !== '')
    .map((p) => {
      const mark = market.price(p.symbol) ?? p.avgPrice;
      return {
        symbol: p.symbol, side: p.side as 'Buy' | 'Sell', size: p.size, avgPrice: p.avgPrice, leverage: p.leverage,
        takeProfit: p.takeProfit, stopLoss: p.stopLoss, markPrice: mark, unrealisedPnl: unrealisedPnl(p, mark),
        positionIM: positionIM(p), curRealisedPnl: p.curRealisedPnl, cumRealisedPnl: p.cumRealisedPnl,
      };
    });

  const orderView = (o: OrderRecord): OrderView => ({
    orderId: o.orderId, orderLinkId: o.orderLinkId, symbol: o.symbol, side: o.side, qty: o.qty, avgPrice: o.avgPrice,
    orderStatus: o.orderStatus, reduceOnly: o.reduceOnly, stopOrderType: o.stopOrderType, cumExecFee: o.cumExecFee, createdTime: o.createdTime,
  });

  let closed = false;
  let url = '';
  const sim: Simulator = {
    get url() { return url; },
    get wsPublicUrl() { return `${url.replace(/^http/, 'ws')}${PUBLIC_WS_PATH}`; },
    get wsPrivateUrl() { return `${url.replace(/^http/, 'ws')}${PRIVATE_WS_PATH}`; },
    get port() { return (server.address() as AddressInfo).port; },
    step: async () => driver.step(),
    tick: async () => driver.tick(),
    advanceTo: async (ts) => driver.advanceTo(ts),
    marketTime: () => market.now(),
    currentPrice: (symbol) => {
      const p = market.price(symbol);
      if (p === undefined) throw new SimulatorStateError(`no market price for ${symbol}`);
      return p;
    },
    wallet: (apiKey) => walletOf(requireAccount(apiKey)),
    positions: (apiKey) => positionsOf(requireAccount(apiKey)),
    orders: (apiKey): OrderView[] => requireAccount(apiKey).orders.map(orderView),
    onOrderPlaced: (listener) => exchange.onOrderPlaced((apiKey, order) => listener(apiKey, orderView(order))),
    setFaults: (rules) => faults.set(rules),
    faultState: () => faults.state(),
    dropConnections: (kind: ConnectionKind = 'all') => {
      if (kind !== 'private') publicStream.dropAll();
      if (kind !== 'public') privateStream.dropAll();
    },
    state: (): SimulatorState => ({
      url,
      serverTime: now(),
      market: {
        time: market.now(), speed: driver.speed, nextCandleTs: market.nextCandleTs() ?? null,
        prices: Object.fromEntries([...instruments.keys()].map((s) => [s, market.price(s) ?? null])),
      },
      accounts: [...exchange.accounts.values()].map((a) => ({
        apiKey: a.apiKey, uid: a.uid, wallet: walletOf(a), positions: positionsOf(a), orders: a.orders.length,
      })),
      connections: { public: publicStream.connections.size, private: privateStream.connections.size },
      faults: faults.state(),
    }),
    close: async () => {
      if (closed) return;
      closed = true;
      await driver.stop();
      rest.releaseHeld();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = req.url ?? '/';
      const q = raw.indexOf('?');
      const path = q < 0 ? raw : raw.slice(0, q);
      const query = q < 0 ? '' : raw.slice(q + 1);
      const body = Buffer.concat(chunks);
      const work = path.startsWith('/admin/')
        ? handleAdmin(sim, req.method ?? 'GET', path, body, res)
        : rest.handle(req, res, path, query, body);
      work.catch((err: unknown) => {
        logger.error({ err, path }, 'request failed');
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  url = `http://${host}:${address.port}`;
  driver.start();
  logger.info({ url, speed: driver.speed, symbols: [...series.keys()] }, 'bybit simulator listening');
  return sim;
}
