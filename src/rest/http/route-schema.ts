/**
 * A route's Fastify schema: request validation, response serialization (fast-json-stringify, so
 * only what the response schema lists is sent) and its entry in `/v1/openapi.json`.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifySchema } from 'fastify';
// `summary` and `tags` of FastifySchema are declared by @fastify/swagger's type augmentation.
import type {} from '@fastify/swagger';

/** Flink's ErrorResponseBody, the answer of every failed request. */
export const ErrorResponseBody = Type.Object({ errors: Type.Array(Type.String()) });

/** An empty JSON object (`{}`), Flink's EmptyResponseBody. */
export const EmptyResponseBody = Type.Object({});

/** What a route declares; `status` is the success status (default 200). */
export interface RouteSchemaOptions {
  /** Flink's description of the endpoint (or Sluice's, for its own). */
  summary: string;
  tags: string[];
  params?: unknown;
  querystring?: unknown;
  body?: unknown;
  response: TSchema;
  status?: number;
}

/** The schema of a route answering JSON. */
export function routeSchema(o: RouteSchemaOptions): FastifySchema {
  return {
    summary: o.summary,
    tags: o.tags,
    ...(o.params !== undefined && { params: o.params }),
    ...(o.querystring !== undefined && { querystring: o.querystring }),
    ...(o.body !== undefined && { body: o.body }),
    response: { [o.status ?? 200]: o.response, '4xx': ErrorResponseBody, '5xx': ErrorResponseBody },
  };
}
