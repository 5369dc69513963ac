import { KeyPermissionError } from '../errors/bybit-errors';
import type { ApiKeyInfo } from './response-schemas';
import type { KeyPermissions } from './rest-types';

/**
 * Reads GET /v5/user/query-api. Trading USDT perpetuals needs ContractTrade "Order" and
 * "Position"; anything that can move funds out ("Withdraw" under Wallet, or any other
 * permission naming withdrawal) is refused: a leaked trading key must not empty the account.
 */
export function describeKeyPermissions(info: ApiKeyInfo): KeyPermissions {
  const permissions: Record<string, readonly string[]> = {};
  for (const [group, list] of Object.entries(info.permissions)) permissions[group] = list ?? [];
  const all = Object.values(permissions).flat();
  const contract = permissions['ContractTrade'] ?? [];
  const readOnly = info.readOnly === 1;
  return {
    readOnly,
    canTrade: !readOnly && contract.includes('Order') && contract.includes('Position'),
    canWithdraw: all.some((p) => /withdraw/i.test(p)),
    permissions,
    expiresAt: info.expiredAt === '' ? undefined : info.expiredAt,
  };
}

export function assertSafeKeyPermissions(perms: KeyPermissions, requireTrading: boolean): void {
  if (perms.canWithdraw) {
    throw new KeyPermissionError('refusing to run: this API key can withdraw funds; create a key with Contract Orders + Positions only and no Withdraw permission');
  }
  if (requireTrading && !perms.canTrade) {
    const why = perms.readOnly ? 'it is read-only' : 'it lacks Contract "Order" and "Position" permissions';
    throw new KeyPermissionError(`refusing to run: trading is required but ${why}`);
  }
}
