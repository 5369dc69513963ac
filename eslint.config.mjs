import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The pure trading core must give the same answer in the backtest, a replay and live trading,
// so nothing in it may read a clock, draw a random number, see the environment, log or do I/O.
const impureGlobals = ['Date', 'process', 'console', 'setTimeout', 'setInterval', 'setImmediate',
  'queueMicrotask', 'performance', 'fetch', 'require', 'crypto', 'Buffer']
  .map((name) => ({ name, message: 'the pure core takes time and inputs as data: no clock, environment, console or I/O' }));

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.test-results/**', 'out/**', 'runs/**', 'coverage/**', '.tools/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', URL: 'readonly', performance: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['packages/core/src/**/*.ts'],
    ignores: ['packages/core/src/**/*.spec.ts'],
    rules: {
      'no-restricted-globals': ['error', ...impureGlobals],
      'no-restricted-properties': ['error',
        { object: 'Math', property: 'random', message: 'randomness breaks replay parity' },
        { object: 'Date', property: 'now', message: 'time enters the core as data' },
        { object: 'globalThis', message: 'the core reaches nothing global' }],
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '^(node:|fs|net|http|https|child_process|os|path|worker_threads|dgram|dns|tls|crypto|stream|zlib|readline|timers)', message: 'the pure core does no I/O' },
          { regex: '^@mast/(?!contracts$)', message: 'the pure core imports only @mast/contracts' }],
      }],
      'no-restricted-syntax': ['error',
        { selector: ':function[async=true]', message: 'the pure core is synchronous' },
        { selector: 'AwaitExpression', message: 'the pure core is synchronous' },
        { selector: 'NewExpression[callee.name="Date"]', message: 'time enters the core as data' }],
    },
  },
);
