/**
 * Request body parsing. Flink reads every non-multipart body as JSON whatever its content type,
 * and clients such as curl send no body, an empty one, or `-d` with a form content type; so any
 * content type is parsed as JSON, and an empty body counts as no body.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Replaces Fastify's parsers with the lenient JSON parser (multipart is added separately). */
export function installJsonBodyParsing(app: FastifyInstance): void {
  // The default parser rejects __proto__ and constructor.prototype keys (prototype poisoning).
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (req, body, done) => {
    const text = String(body);
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    parseJson(req, text, done);
  });
}

/** preValidation hook for routes with a body schema: a missing body is an empty JSON object. */
export async function missingBodyAsEmptyObject(req: FastifyRequest): Promise<void> {
  req.body ??= {};
}
