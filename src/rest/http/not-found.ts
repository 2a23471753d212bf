/**
 * Requests no route takes: 404 for an unknown path, 405 with `Allow` for a known path asked with
 * another method, and CORS preflights. Flink's router answers 404 in both of the first cases;
 * Sluice says which methods the path has.
 */
import type { FastifyInstance } from 'fastify';
import { answerPreflight, type AllowedOrigins } from './origin-guard.js';
import type { RouteMethods } from './route-methods.js';

/** Installs the handler on the root instance; `routes` must have recorded every route. */
export function installNotFoundHandling(app: FastifyInstance, routes: RouteMethods, origins: AllowedOrigins): void {
  app.setNotFoundHandler(async (req, reply) => {
    const path = req.url.split('?')[0]!;
    const allowed = routes.allowed(path);
    if (allowed.length === 0) return reply.code(404).send({ errors: [`Not found: ${path}`] });
    void reply.header('allow', allowed.join(', '));
    if (answerPreflight(req, reply, origins, allowed)) return reply;
    if (req.method === 'OPTIONS') return reply.code(204).send();
    return reply.code(405).send({ errors: [`Method ${req.method} is not allowed on ${path}: it answers ${allowed.join(', ')}.`] });
  });
}
