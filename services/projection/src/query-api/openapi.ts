import { z } from 'zod';
import { problemSchema } from './api-schemas';
import { API_PREFIX, type RouteSpec } from './routes';

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

function parameters(schema: z.ZodType | undefined, where: 'query' | 'path'): JsonSchema[] {
  if (!schema) return [];
  const json = toSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || (json.required ?? []).includes(name),
      schema: rest,
      ...(typeof description === 'string' ? { description } : {}),
    };
  });
}

export interface OpenApiExtras {
  /** Paths registered outside the route table (the live stream, the controls), already in OpenAPI form. */
  readonly paths?: Record<string, unknown>;
  readonly securitySchemes?: Record<string, unknown>;
}

/** The OpenAPI 3.1 document of the read endpoints, generated from the same zod schemas that parse requests. */
export function openApiDocument(routes: readonly RouteSpec[], version: string, extras: OpenApiExtras = {}): JsonSchema {
  const problem = { description: 'problem details (RFC 9457)', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
  const paths: Record<string, unknown> = {};
  for (const r of routes) {
    const path = `${API_PREFIX}${r.path.replace(/:(\w+)/g, '{$1}')}`;
    paths[path] = {
      get: {
        operationId: r.operationId,
        summary: r.summary,
        tags: [r.tag],
        parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
        responses: {
          200: { description: 'OK', content: { 'application/json': { schema: toSchema(r.response, 'output') } } },
          400: problem,
          ...(r.params ? { 404: problem } : {}),
          503: problem,
        },
      },
    };
  }
  Object.assign(paths, extras.paths ?? {});
  return {
    openapi: '3.1.0',
    info: { title: 'MAST query API', version, description: 'The read model of one namespace: Postgres and Redis only. Errors are application/problem+json.' },
    paths,
    components: { schemas: { Problem: toSchema(problemSchema, 'output') }, ...(extras.securitySchemes ? { securitySchemes: extras.securitySchemes } : {}) },
  };
}
