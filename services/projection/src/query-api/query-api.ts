import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { Metrics } from '@mast/observability';
import { registerControlRoutes, type EventPublisher } from '@mast/operator';
import type { QueryApiMetrics } from './api-metrics';
import { registerQueryApiMetrics } from './api-metrics';
import { loadDashboardAssets } from './dashboard-assets';
import { createLiveFeed, type LiveFeedLogger } from './live-feed';
import { openApiDocument } from './openapi';
import { invalidRequest, replyProblem, sendProblem, queryProblemTypes } from './problem';
import type { ReadSource } from './read-source';
import { API_PREFIX, ROUTES } from './routes';

export const CONTROLS_PREFIX = `${API_PREFIX}/controls`;

export interface QueryApiOptions {
  readonly source: ReadSource;
  readonly logger: LiveFeedLogger & { error(object: object, message: string): void };
  readonly metrics?: Metrics;
  /**
   * The operator controls of @mast/operator, mounted under /api/v1/controls behind this bearer
   * token. Without it the control endpoints do not exist (a read-only API).
   */
  readonly controls?: { readonly token: string; readonly publisher: EventPublisher; readonly symbols?: readonly string[] };
  readonly dashboardDir?: string;
  readonly liveIntervalMs?: number;
  readonly version?: string;
}

export interface QueryApi {
  readonly app: FastifyInstance;
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

const CONTROL_PATHS: Record<string, unknown> = Object.fromEntries(
  ['pause', 'resume', 'flatten', 'halt', 'resume-trading'].map((action) => [
    `${CONTROLS_PREFIX}/${action}`,
    {
      post: {
        operationId: `control-${action}`,
        summary: `Operator control: ${action} (published as a control event; risk applies it)`,
        tags: ['controls'],
        security: [{ bearer: [] }],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['issuedBy', 'why', ...(action === 'flatten' ? ['symbol'] : [])],
                properties: { ...(action === 'halt' || action === 'resume-trading' ? {} : { symbol: { type: ['string', 'null'], description: "a symbol, or 'all'" } }), issuedBy: { type: 'string' }, why: { type: 'string', minLength: 3 } },
                additionalProperties: false,
              },
            },
          },
        },
        responses: {
          202: { description: 'published', content: { 'application/json': { schema: { type: 'object', properties: { accepted: { type: 'boolean' }, eventId: { type: 'string' }, type: { type: 'string' }, ts: { type: 'number' } } } } } },
          400: { description: 'invalid control', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
          401: { description: 'no or wrong bearer token', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
          503: { description: 'not published', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
        },
      },
    },
  ]),
);

/**
 * The projection's HTTP side: the read endpoints (ROUTES), their OpenAPI document, the live
 * stream and the dashboard, and the operator controls when a token is configured. It reads only
 * Postgres and Redis (through `source`); controls publish through the given publisher.
 */
export async function createQueryApi(options: QueryApiOptions): Promise<QueryApi> {
  const { source, logger } = options;
  const app = Fastify({ logger: false, routerOptions: { ignoreTrailingSlash: true } });
  const apiMetrics: QueryApiMetrics | null = options.metrics ? registerQueryApiMetrics(options.metrics) : null;
  const live = createLiveFeed({ source, logger, ...(options.liveIntervalMs ? { intervalMs: options.liveIntervalMs } : {}), onClients: (n) => apiMetrics?.clients(n) });
  const assets = loadDashboardAssets(options.dashboardDir);

  app.addHook('onResponse', async (request, reply) => {
    apiMetrics?.request(request.routeOptions.url ?? '(unmatched)', request.method, reply.statusCode, reply.elapsedTime / 1000);
  });
  app.setErrorHandler((error, request, reply) => {
    const answer = replyProblem(reply, error);
    if (reply.statusCode >= 500) logger.error({ err: error, url: request.url }, 'query API request failed');
    return answer;
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, { type: queryProblemTypes.notFound, title: 'Not found', status: 404, detail: `no ${request.method} ${request.url.split('?')[0]}; the API is described at ${API_PREFIX}/openapi.json` }),
  );

  for (const spec of ROUTES) {
    app.get(`${API_PREFIX}${spec.path}`, async (request, reply) => {
      const query = spec.query.safeParse(request.query ?? {});
      if (!query.success) throw invalidRequest('query', query.error);
      const params = spec.params ? spec.params.safeParse(request.params) : { success: true as const, data: {} };
      if (!params.success) throw invalidRequest('path', params.error);
      const answer = await spec.answer(source, query.data, params.data);
      if (answer.source) reply.header('x-mast-source', answer.source);
      return reply.code(answer.status ?? 200).header('cache-control', 'no-store').send(answer.body);
    });
  }

  const document = openApiDocument(ROUTES, options.version ?? '0.1.0', {
    paths: {
      [`${API_PREFIX}/stream`]: {
        get: {
          operationId: 'streamDashboard',
          summary: 'Server-sent events: a `snapshot` (as /dashboard), then an `update` whenever the read model moved',
          tags: ['dashboard'],
          responses: { 200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } } },
        },
      },
      ...(options.controls ? CONTROL_PATHS : {}),
    },
    ...(options.controls ? { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } } : {}),
  });
  app.get(`${API_PREFIX}/openapi.json`, async () => document);

  app.get(`${API_PREFIX}/stream`, async (request, reply) => {
    reply.hijack();
    try {
      await live.attach(reply.raw);
    } catch (error) {
      logger.warn({ err: error }, 'dashboard stream could not start');
      reply.raw.end();
    }
  });

  const sendAsset = (name: string) => {
    const asset = assets.get(name)!;
    return async (_request: unknown, reply: FastifyReply) => reply.type(asset.type).header('cache-control', 'no-cache').send(asset.body);
  };
  app.get('/', sendAsset('index.html'));
  for (const name of assets.keys()) if (name !== 'index.html') app.get(`/dashboard/${name}`, sendAsset(name));

  if (options.controls) {
    await registerControlRoutes(app, { token: options.controls.token, publisher: options.controls.publisher, prefix: CONTROLS_PREFIX, ...(options.controls.symbols ? { symbols: options.controls.symbols } : {}) });
  }

  return {
    app,
    async listen(port, host) {
      await app.listen({ port, host });
      const address = app.server.address();
      return typeof address === 'object' && address ? address.port : port;
    },
    async close() {
      live.close();
      await app.close();
    },
  };
}
