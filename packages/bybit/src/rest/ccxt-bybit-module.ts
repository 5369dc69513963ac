import { dirname, join } from 'node:path';
import type * as Ccxt from 'ccxt';

/**
 * ccxt's bybit class and its error classes, from ccxt's per-exchange ES modules rather than its
 * package entry. `require('ccxt')` (dist/ccxt.cjs) is one bundle of all ~100 exchanges: ~60 MB
 * of RSS (25 MB of it kept for good in V8's large-object space) and ~250 ms for the one exchange
 * we use. js/src/bybit.js pulls in only Bybit and the shared base: ~30 MB.
 *
 * The package's "exports" map exposes only the entry, so the files are found next to it, in the
 * layout of the pinned version (ccxt 4.5.84, exact); the unit tests that build the client and map
 * its errors fail if an upgrade moves them. Node >= 20.19 (engines) loads an ES module through
 * require(), synchronously, so building the client stays synchronous; under Jest, swc turns these
 * files into CommonJS first (transformIgnorePatterns in jest.config.js).
 *
 * The errors must come from this same module tree: the client throws these classes, and
 * `instanceof` against the bundle's copies of them would never match.
 */
const ccxtRoot = join(dirname(require.resolve('ccxt')), '..');
// No import statement can name these files (outside "exports"), and import() would make building
// the client asynchronous: plain require, which under Jest also keeps them in Jest's registry.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const esm = (file: string): Record<string, unknown> => require(join(ccxtRoot, 'js', 'src', file)) as Record<string, unknown>;

const ERROR_CLASSES = [
  'ArgumentsRequired',
  'AuthenticationError',
  'BadRequest',
  'BadResponse',
  'BadSymbol',
  'DDoSProtection',
  'DuplicateOrderId',
  'ExchangeError',
  'ExchangeNotAvailable',
  'InsufficientFunds',
  'InvalidNonce',
  'InvalidOrder',
  'NetworkError',
  'OrderNotFound',
  'PermissionDenied',
  'RateLimitExceeded',
  'RequestTimeout',
] as const;

function exported<T>(module: Record<string, unknown>, name: string, file: string): T {
  const value = module[name];
  if (typeof value !== 'function') throw new Error(`ccxt ${file} has no ${name} class: was ccxt upgraded past the pinned version?`);
  return value as T;
}

export const CcxtBybitClass: typeof Ccxt.bybit = exported(esm('bybit.js'), 'default', 'js/src/bybit.js');

const errorsModule = esm(join('base', 'errors.js'));
export const ccxtErrors = Object.fromEntries(
  ERROR_CLASSES.map((name) => [name, exported(errorsModule, name, 'js/src/base/errors.js')]),
) as Pick<typeof Ccxt, (typeof ERROR_CLASSES)[number]>;
