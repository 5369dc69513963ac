import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';

/** Registers routes on the server; each runs in the order given. */
export type HttpRoutes = (app: FastifyInstance) => Promise<void>;

export interface HttpServerOptions {
  readonly port: number;
  readonly host?: string;
  readonly routes: readonly HttpRoutes[];
}

export interface HttpServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * One fastify server for a service's operator routes (the HTTP controls, a chat's webhook), so they
 * share a port. The fastify logger stays off: request lines would carry headers.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const app = Fastify({ logger: false, bodyLimit: 16 * 1024 });
  for (const routes of options.routes) await routes(app);
  await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  return { url: `http://${host}:${port}`, port, close: () => app.close() };
}
