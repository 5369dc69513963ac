#!/usr/bin/env node
import { main } from './cli-main';

// `pnpm backtest -- --data DIR ...`: see cli-args.ts for the options, README.md for the outputs.
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
