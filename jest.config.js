/** Tests run on the TypeScript sources through swc; `pnpm typecheck` type-checks them separately. */
module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{packages,services}/*/{src,test}/**/*.spec.ts', '<rootDir>/deploy/test/**/*.spec.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2023' }, module: { type: 'commonjs' } }],
  },
  // ccxt's CommonJS bundle (bybit-sim's tests) requires ESM-only @noble/* and @scure/* packages, and
  // @mast/bybit requires ccxt's per-exchange ES modules (ccxt/js/): let swc transform them all.
  transformIgnorePatterns: ['/node_modules/(?!\\.pnpm/|@noble/|@scure/|ccxt/js/)'],
  testEnvironmentOptions: { customExportConditions: ['@mast/source', 'node', 'require', 'default'] },
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/'],
  // CI shares 2 cores with other work: a loaded machine must not turn slow into failed.
  testTimeout: 30_000,
};
