/**
 * What other tools (the replay runner in services/replay) reuse of the paper runner's machinery:
 * spawning services as processes, the lockstep driver and the dependency checks.
 */
export { freePort, simulatorEnv, startServiceProcess, waitReady, stopAll } from './processes';
export type { ServiceProcess } from './processes';
export { driveLockstep } from './lockstep';
export { watchPipeline } from './pipeline-watch';
export type { PipelineWatch, PipelineWatchHooks } from './pipeline-watch';
export type { LockstepOptions } from './lockstep';
export { answers, findNatsServer, spawnNatsServer } from './nats-server';
export { checkDependencies, startLocalNats } from './dependencies';
export type { Dependency } from './dependencies';
export { tradeTable } from './summary';
