/**
 * Turns Fastify/Ajv schema errors into one sentence that names the parameter and where it was
 * sent, e.g. "Invalid query parameter 'parallelism': must be <= 32768".
 */
import type { FastifyError, FastifySchemaValidationError } from 'fastify';

/** The part of the request that failed validation. */
type RequestPart = NonNullable<FastifyError['validationContext']>;

const PLACE: Record<RequestPart, string> = {
  body: 'request body field',
  querystring: 'query parameter',
  params: 'path parameter',
  headers: 'header',
};

/** One message for the validation errors of one part of a request. */
export function validationMessage(context: RequestPart | undefined, errors: FastifySchemaValidationError[]): string {
  const place = PLACE[context ?? 'body'];
  return errors.map((e) => {
    const missing = typeof e.params.missingProperty === 'string' ? e.params.missingProperty : undefined;
    const field = missing ?? e.instancePath.replace(/^\//, '').replaceAll('/', '.');
    if (field === '') return context === 'body' ? `The request body ${e.message}` : `Invalid ${place}s: ${e.message}`;
    return missing ? `Missing ${place} '${field}'` : `Invalid ${place} '${field}': ${e.message}`;
  }).join('; ');
}
