/**
 * A signal that aborts when the client of a request goes away before its answer was written, so
 * work queued for it (a plan extraction waiting for a child) can be dropped.
 */
import type { FastifyReply } from 'fastify';

/** Aborts once the connection of `reply` closes with the answer unfinished. */
export function clientGone(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return controller.signal;
}
