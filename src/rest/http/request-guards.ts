/**
 * The Host and Origin checks as one synchronous onRequest hook: every request passes it, so it
 * costs no promise and no second hook (the REST benchmark's `/jobs/:id` is measured through it).
 */
import type { FastifyInstance } from 'fastify';
import type { HostAllowList } from './host-guard.js';
import { checkOrigin, type AllowedOrigins } from './origin-guard.js';

/** Refuses (403) requests that fail the DNS-rebinding or cross-site checks, before routing to a handler. */
export function installRequestGuards(app: FastifyInstance, hosts: HostAllowList, origins: AllowedOrigins): void {
  app.addHook('onRequest', (req, reply, done) => {
    try {
      hosts.check(req);
      checkOrigin(origins, req, reply);
    } catch (err) {
      done(err as Error);
      return;
    }
    done();
  });
}
