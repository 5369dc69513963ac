/** Signed account endpoints: wallet, positions, leverage, TP/SL, key info, fee rates, coins. */
import { BybitError, paramsError, RetCode } from '../exchange/bybit-error';
import { positionRestJson, walletJson } from '../exchange/bybit-shapes';
import { requireLinear } from '../exchange/order-request';
import type { PositionRecord } from '../exchange/records';
import { fmt } from '../decimal';
import type { SignedRoute } from './route';

export const accountRoutes: readonly SignedRoute[] = [
  {
    method: 'GET', path: '/v5/account/wallet-balance', signed: true, limit: 50, write: false,
    handle: (params, ctx, account) => {
      if (params['accountType'] !== 'UNIFIED') throw paramsError('accountType only support UNIFIED');
      return { list: [walletJson(account, ctx.exchange.priceOf, ctx.instruments)] };
    },
  },
  {
    method: 'GET', path: '/v5/position/list', signed: true, limit: 50, write: false,
    handle: (params, ctx, account) => {
      requireLinear(params);
      const symbol = params['symbol'];
      const settleCoin = params['settleCoin'];
      let positions: PositionRecord[];
      if (typeof symbol === 'string' && symbol !== '') {
        if (!ctx.instruments.has(symbol)) throw new BybitError(RetCode.PARAMS, 'Not supported symbols');
        positions = [account.positionOrFlat(symbol, ctx.market.now())];
      } else if (settleCoin === 'USDT') {
        positions = [...account.positions.values()].filter((p) => p.size > 0);
      } else if (settleCoin !== undefined) {
        positions = [];
      } else {
        throw paramsError('symbol or settleCoin is required');
      }
      const list = positions.map((p) => positionRestJson(p, account, ctx.exchange.priceOf, ctx.instruments));
      return { category: 'linear', nextPageCursor: '', list };
    },
  },
  {
    method: 'POST', path: '/v5/position/set-leverage', signed: true, limit: 10, write: true,
    handle: (params, ctx, account) => {
      ctx.exchange.setLeverage(account, params);
      return {};
    },
  },
  {
    method: 'POST', path: '/v5/position/trading-stop', signed: true, limit: 10, write: true,
    handle: (params, ctx, account) => {
      ctx.exchange.setTradingStop(account, params);
      return {};
    },
  },
  {
    method: 'GET', path: '/v5/user/query-api', signed: true, limit: 10, write: false,
    handle: (_params, _ctx, account) => ({
      id: String(account.uid), note: 'bybit-sim', apiKey: account.apiKey, readOnly: account.readOnly ? 1 : 0, secret: '',
      permissions: {
        ContractTrade: ['Order', 'Position'], Spot: [], Wallet: account.canWithdraw ? ['AccountTransfer', 'SubMemberTransfer', 'Withdraw'] : ['AccountTransfer', 'SubMemberTransfer'],
        Options: [], Derivatives: [], CopyTrading: [], BlockTrade: [], Exchange: [], NFT: [], Affiliate: [], Earn: [],
      },
      ips: ['*'], type: 1, deadlineDay: -1, expiredAt: '', createdAt: new Date(account.createdTime).toISOString(),
      unified: 0, uta: 1, userID: account.uid, inviterID: 0, vipLevel: 'No VIP', mktMakerLevel: '0', affiliateID: 0,
      rsaPublicKey: '', isMaster: true, parentUid: '0', kycLevel: 'LEVEL_DEFAULT', kycRegion: '',
    }),
  },
  {
    method: 'GET', path: '/v5/account/info', signed: true, limit: 50, write: false,
    handle: (_params, ctx) => ({
      unifiedMarginStatus: 6, marginMode: 'REGULAR_MARGIN', isMasterTrader: false, spotHedgingStatus: 'OFF',
      updatedTime: String(ctx.now()), dcpStatus: 'OFF', timeWindow: 10, smpGroup: 0,
    }),
  },
  {
    method: 'GET', path: '/v5/account/fee-rate', signed: true, limit: 10, write: false,
    handle: (params, ctx) => {
      requireLinear(params);
      const symbol = params['symbol'];
      if (symbol !== undefined && !ctx.instruments.has(String(symbol))) throw new BybitError(RetCode.PARAMS, 'Not supported symbols');
      const list = [...ctx.instruments.values()]
        .filter((i) => symbol === undefined || i.symbol === symbol)
        .map((i) => ({ symbol: i.symbol, baseCoin: '', takerFeeRate: fmt(ctx.takerFee, 8), makerFeeRate: fmt(ctx.makerFee, 8) }));
      return { category: 'linear', list };
    },
  },
  {
    method: 'GET', path: '/v5/asset/coin/query-info', signed: true, limit: 5, write: false,
    handle: (_params, ctx) => {
      const coins = ['USDT', ...new Set([...ctx.instruments.values()].map((i) => i.def.baseCoin))];
      return {
        rows: coins.map((coin) => ({
          name: coin, coin, remainAmount: '1000000',
          chains: [{
            chainType: coin, confirmation: '10', withdrawFee: '1', depositMin: '0', withdrawMin: '1', chain: coin,
            chainDeposit: '1', chainWithdraw: '1', minAccuracy: '8', withdrawPercentageFee: '0', contractAddress: '',
          }],
        })),
      };
    },
  },
];
