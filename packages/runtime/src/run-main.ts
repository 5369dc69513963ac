/**
 * Runs a service's `main` and ends the process with the error's stack on stderr if start-up
 * fails: what every composition root does with an error it cannot handle.
 */
export function runMain(name: string, main: () => Promise<unknown>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
