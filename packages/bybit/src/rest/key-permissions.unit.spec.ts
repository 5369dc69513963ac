import { KeyPermissionError } from '../errors/bybit-errors';
import { assertSafeKeyPermissions, describeKeyPermissions } from './key-permissions';
import { apiKeyInfoSchema } from './response-schemas';

const info = (permissions: Record<string, string[]>, readOnly = 0) => apiKeyInfoSchema.parse({ readOnly, permissions, expiredAt: '2030-01-01T00:00:00Z' });
const tradingOnly = { ContractTrade: ['Order', 'Position'], Spot: [], Wallet: ['AccountTransfer'], Options: [], Derivatives: [] };

describe('API key permissions (GET /v5/user/query-api)', () => {
  it.each([
    ['trading key without withdraw', tradingOnly, 0, true, { canTrade: true, canWithdraw: false, readOnly: false }, undefined],
    ['Wallet Withdraw', { ...tradingOnly, Wallet: ['AccountTransfer', 'Withdraw'] }, 0, true, { canWithdraw: true }, /can withdraw/],
    ['withdraw named elsewhere', { ...tradingOnly, Exchange: ['ExchangeHistory', 'FiatWithdraw'] }, 0, false, { canWithdraw: true }, /can withdraw/],
    ['read-only key when trading', tradingOnly, 1, true, { readOnly: true, canTrade: false }, /read-only/],
    ['read-only key for market data', tradingOnly, 1, false, { readOnly: true }, undefined],
    ['no Contract Order permission', { ...tradingOnly, ContractTrade: ['Position'] }, 0, true, { canTrade: false }, /lacks Contract/],
    ['no ContractTrade group at all', { Spot: ['SpotTrade'] }, 0, true, { canTrade: false }, /lacks Contract/],
  ] as const)('%s', (_name, permissions, readOnly, requireTrading, expected, refusal) => {
    const perms = describeKeyPermissions(info({ ...permissions } as Record<string, string[]>, readOnly));
    expect(perms).toMatchObject(expected);
    if (refusal === undefined) expect(() => assertSafeKeyPermissions(perms, requireTrading)).not.toThrow();
    else expect(() => assertSafeKeyPermissions(perms, requireTrading)).toThrow(refusal);
  });

  it('refusals are KeyPermissionError', () => {
    const perms = describeKeyPermissions(info({ ...tradingOnly, Wallet: ['Withdraw'] }));
    expect(() => assertSafeKeyPermissions(perms, false)).toThrow(KeyPermissionError);
  });

  it('accepts null permission lists as empty', () => {
    const perms = describeKeyPermissions(apiKeyInfoSchema.parse({ readOnly: '0', permissions: { ContractTrade: ['Order', 'Position'], NFT: null } }));
    expect(perms.permissions['NFT']).toEqual([]);
    expect(perms.canTrade).toBe(true);
  });
});
