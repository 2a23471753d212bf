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

/** What a body schema tells about itself: Flink's class name (`title`) and its fields. */
interface BodySchema {
  title?: string;
  properties?: Record<string, unknown>;
}

/**
 * One message for the validation errors of one part of a request. `bodySchema` (the route's)
 * names the expected format when a body has a field it does not know.
 */
export function validationMessage(context: RequestPart | undefined, errors: FastifySchemaValidationError[], bodySchema?: unknown): string {
  const place = PLACE[context ?? 'body'];
  return errors.map((e) => {
    const missing = typeof e.params.missingProperty === 'string' ? e.params.missingProperty : undefined;
    const field = missing ?? e.instancePath.replace(/^\//, '').replaceAll('/', '.');
    if (typeof e.params.additionalProperty === 'string') return unknownField(place, field, e.params.additionalProperty, bodySchema as BodySchema | undefined);
    if (field === '') return context === 'body' ? `The request body ${e.message}` : `Invalid ${place}s: ${e.message}`;
    return missing ? `Missing ${place} '${field}'` : `Invalid ${place} '${field}': ${e.message}`;
  }).join('; ');
}

/** Flink reads bodies with a mapper that fails on unknown properties ("Request did not match expected format X."). */
function unknownField(place: string, parent: string, name: string, schema: BodySchema | undefined): string {
  const field = parent === '' ? name : `${parent}.${name}`;
  if (schema?.title === undefined) return `Unknown ${place} '${field}'`;
  const known = parent === '' && schema.properties ? ` (known fields: ${Object.keys(schema.properties).join(', ')})` : '';
  return `Request did not match expected format ${schema.title}: unknown field '${field}'${known}.`;
}
