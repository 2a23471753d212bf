/**
 * Flink's error responses: `{"errors": ["message"]}` with a status that says whose fault it is.
 * 4xx for the client's mistakes, 503 when the dispatcher cannot answer, 500 (logged) only for
 * our own faults.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OverloadedError, SluiceError, errorMessage } from '../../common/errors.js';
import { statusForCode } from './error-status.js';
import { HttpError } from './http-error.js';
import { validationMessage } from './validation-message.js';

/** Flink's ErrorResponseBody. */
interface ErrorBody {
  errors: string[];
}

interface ErrorResponse {
  status: number;
  body: ErrorBody;
}

/**
 * For Fastify's `frameworkErrors` option: requests the router rejects before any route runs (a
 * malformed URL, a path parameter over the length limit) get Flink's error shape too.
 */
export function frameworkErrorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const path = req.url.split('?')[0]!;
  const shown = path.length > 120 ? `${path.slice(0, 120)}…` : path;
  void reply.code(400).send({ errors: [`Bad request path ${shown}: ${err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'a path parameter is too long' : 'not a valid URL'}`] } satisfies ErrorBody);
}

/** Installs the error handler on the root instance. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, req, reply) => {
    const res = toErrorResponse(err, req);
    // An upload over the limit is answered before the rest of its body was read: closing the
    // connection stops the client sending what nothing would read. Only then: closing a socket
    // with unread bytes resets it, which can cost a client an answer it has not read yet.
    if (res.status === 413 && !req.raw.complete) void reply.header('connection', 'close');
    if (err instanceof OverloadedError) void reply.header('retry-after', String(err.retryAfterSeconds));
    void reply.code(res.status).send(res.body);
  });
}

function toErrorResponse(err: unknown, req: FastifyRequest): ErrorResponse {
  if (err instanceof HttpError) return response(err.statusCode, err.message);
  if (err instanceof SluiceError) {
    const status = statusForCode(err.code);
    if (status !== undefined) return response(status, err.message);
  } else if (isFastifyClientError(err)) {
    return fastifyClientError(err, req);
  }
  req.log.error({ err }, 'REST handler failed');
  return { status: 500, body: { errors: ['Internal server error.', errorMessage(err)] } };
}

function response(status: number, message: string): ErrorResponse {
  return { status, body: { errors: [message] } };
}

/** Errors Fastify and its plugins raise for bad requests (unparseable body, failed schema, ...). */
function isFastifyClientError(err: unknown): err is FastifyError {
  const status = (err as Partial<FastifyError> | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
}

function fastifyClientError(err: FastifyError, req: FastifyRequest): ErrorResponse {
  if (err.validation) return response(400, validationMessage(err.validationContext, err.validation, req.routeOptions.schema?.body));
  if (err.statusCode === 413) return response(413, err.message);
  if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return response(400, 'The request body is not valid JSON.');
  return response(400, err.message);
}
