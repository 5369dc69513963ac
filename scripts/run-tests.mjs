#!/usr/bin/env node
// Runs Jest with a JSON report and prints CI's closing line, `N passed, N failed`.
// Suites that crash before running a test count as failed; zero tests is a failure too.
// Extra arguments go to Jest (for example a path pattern).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const outDir = join(root, '.test-results');
const outFile = join(outDir, 'jest.json');
mkdirSync(outDir, { recursive: true });

const jest = join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const run = spawnSync(process.execPath, [jest, '--json', `--outputFile=${outFile}`, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});

if (!existsSync(outFile)) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const report = JSON.parse(readFileSync(outFile, 'utf8'));
const crashedSuites = report.testResults.filter(
  (suite) => suite.status === 'failed' && suite.assertionResults.length === 0,
).length;
const passed = report.numPassedTests;
const failed = report.numFailedTests + crashedSuites;
const ok = run.status === 0 && failed === 0 && passed > 0;
console.log(`${passed} passed, ${failed} failed`);
process.exit(ok ? 0 : 1);
