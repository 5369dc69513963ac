import { registerControlRoutes } from './control-routes';
import type { ControlRoutesOptions } from './control-routes';
import { startHttpServer } from './http-server';
import type { HttpServer } from './http-server';

export interface ControlServerOptions extends ControlRoutesOptions {
  readonly port: number;
  readonly host?: string;
}

export type ControlServer = HttpServer;

/**
 * The control routes on a port of their own, for a service to serve until the query API (which
 * mounts the same routes) runs.
 */
export async function startControlServer(options: ControlServerOptions): Promise<ControlServer> {
  return startHttpServer({ port: options.port, ...(options.host ? { host: options.host } : {}), routes: [(app) => registerControlRoutes(app, options)] });
}
