export { baseConfigShape, strategyOverrideSchema } from './base-config';
export { startService, resolveStrategyOrExit } from './start-service';
export type { ServiceContext, StartServiceOptions } from './start-service';
export { ackFloor, replayStream } from './rebuild';
export { publishOrDie } from './fatal';
export { runMain } from './run-main';
// Services take rotated credentials from mounted files without a restart (execution's exchange keys).
export { watchSecretFiles } from '@mast/observability';
