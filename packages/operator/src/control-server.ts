import Fastify from 'fastify';
import { registerControlRoutes } from './control-routes';
import type { ControlRoutesOptions } from './control-routes';

export interface ControlServerOptions extends ControlRoutesOptions {
  readonly port: number;
  readonly host?: string;
}

export interface ControlServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The control routes on a port of their own, for a service to serve until the query API (which
 * mounts the same routes) runs. The fastify logger stays off: request lines would carry headers.
 */
export async function startControlServer(options: ControlServerOptions): Promise<ControlServer> {
  const app = Fastify({ logger: false, bodyLimit: 16 * 1024 });
  await registerControlRoutes(app, options);
  await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  return { url: `http://${host}:${port}`, port, close: () => app.close() };
}
