/**
 * Request body parsing. Only bodies declared as JSON (`application/json`, `application/*+json`)
 * are parsed: a web page may send `text/plain` or form bodies to another site without asking it
 * first, so reading those as JSON (as Flink does) would let any page the user opens run jobs.
 * An empty body counts as no body whatever its content type (`curl -X POST`). Multipart is
 * parsed only where uploads are received (jar-routes.ts).
 */
import type { FastifyContentTypeParser, FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from './http-error.js';

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

/** Replaces Fastify's parsers with the JSON-only ones (multipart is added where uploads go). */
export function installJsonBodyParsing(app: FastifyInstance): void {
  // The default parser rejects __proto__ and constructor.prototype keys (prototype poisoning).
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(JSON_TYPE, { parseAs: 'string' }, (req, body, done) => {
    const text = String(body);
    if (text.trim() === '') done(null, undefined);
    else parseJson(req, text, done);
  });
  app.addContentTypeParser('*', refuseNonBlankBody((req) => {
    const type = req.headers['content-type']?.split(';')[0]?.trim();
    const sent = type ? `Content-Type ${type}` : 'no Content-Type';
    return new HttpError(415, `The request body is not declared as JSON (${sent}): send JSON with Content-Type: application/json.`);
  }));
}

/**
 * A content type parser for bodies a route does not read: a blank body is no body, any other is
 * answered with `refusal(req)` once it has been read to its end, without keeping it (Fastify
 * closes the connection after a parser error, and a client still sending would see it reset).
 * A body over the route's body limit is refused at once, as a 413.
 */
export function refuseNonBlankBody(refusal: (req: FastifyRequest) => HttpError): FastifyContentTypeParser {
  return (req, payload, done) => {
    let blank = true;
    let bytes = 0;
    const settle = (err: Error | null): void => {
      payload.off('data', onData).off('end', onEnd).off('error', settle);
      done(err, undefined);
    };
    const onData = (chunk: Buffer): void => {
      bytes += chunk.length;
      if (bytes > req.routeOptions.bodyLimit) settle(new HttpError(413, `The request body is larger than rest.server.max-content-length (${req.routeOptions.bodyLimit} bytes).`));
      else blank &&= chunk.toString('latin1').trim() === '';
    };
    const onEnd = (): void => settle(blank ? null : refusal(req));
    payload.on('data', onData).once('end', onEnd).once('error', settle);
  };
}

/** preValidation hook for routes with a body schema: a missing body is an empty JSON object. */
export async function missingBodyAsEmptyObject(req: FastifyRequest): Promise<void> {
  req.body ??= {};
}
