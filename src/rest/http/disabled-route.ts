/**
 * Routes switched off by configuration (`web.submit.enable`, `web.cancel.enable`): they answer
 * 404 as if they did not exist, saying which key removed them, and are left out of the OpenAPI
 * document.
 */
import type { FastifyRequest } from 'fastify';
import { HttpError } from './http-error.js';

/** Route options of a switched-off route: hidden from `/v1/openapi.json`. */
export const DISABLED_ROUTE = { schema: { hide: true } } as const;

/** A handler answering 404 for a route that `what` (e.g. "job submission") being off removed. */
export function disabledRoute(what: string, key: string): (req: FastifyRequest) => Promise<never> {
  return async (req) => {
    throw new HttpError(404, `Not found: ${req.url.split('?')[0]} (${what} is disabled: ${key} is false).`);
  };
}
