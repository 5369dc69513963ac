/**
 * Errors the simulator throws at its own callers (bad options, wrong mode). Protocol-level
 * rejections are not exceptions to the caller: they travel as Bybit `retCode`s (see
 * exchange/bybit-error.ts).
 */

export class SimulatorConfigError extends Error {
  override readonly name = 'SimulatorConfigError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export class SimulatorStateError extends Error {
  override readonly name = 'SimulatorStateError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export function isSimulatorConfigError(err: unknown): err is SimulatorConfigError {
  return err instanceof SimulatorConfigError;
}

export function isSimulatorStateError(err: unknown): err is SimulatorStateError {
  return err instanceof SimulatorStateError;
}
