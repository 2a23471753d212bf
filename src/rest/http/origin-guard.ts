/**
 * Cross-site request refusal and CORS. A web page the user opens can send requests to the
 * cluster from the user's browser (a form post uploading a package, then one running it), so a
 * state-changing request that a browser marks as coming from another site is refused unless that
 * site is listed in `web.access-control-allow-origin`. Listed origins also get Flink's
 * `Access-Control-Allow-Origin` header, and their preflights are answered.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from './http-error.js';
import { listOption } from './list-option.js';

const ALLOW_ORIGIN_KEY = 'web.access-control-allow-origin';
const STATE_CHANGING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Marks a GET that changes state (Flink's legacy `yarn-cancel`) for the origin guard. */
    changesState?: boolean;
  }
}

/** The origins of `web.access-control-allow-origin`, and what they allow. */
export class AllowedOrigins {
  private readonly all: boolean;
  private readonly listed: Set<string>;

  /** `value`: the option's text. */
  constructor(value: string) {
    const entries = listOption(value).map((o) => o.replace(/\/+$/, ''));
    this.all = entries.includes('*');
    this.listed = new Set(entries);
  }

  /** Whether pages of `origin` may call the API (own origin aside). */
  allows(origin: string): boolean {
    return this.all || this.listed.has(origin.toLowerCase());
  }

  /** The `Access-Control-Allow-Origin` value for an allowed `origin`: `*` as configured, else the origin itself. */
  headerFor(origin: string): string {
    return this.all ? '*' : origin;
  }
}

/** `scheme://host[:port]` this request was sent to, as a browser writes it in `Origin`. */
function ownOrigin(req: FastifyRequest): string {
  return `${req.protocol}://${req.headers.host ?? ''}`.toLowerCase();
}

/**
 * Adds CORS headers for listed origins and refuses (403) state-changing requests from other
 * sites. Browsers send `Origin` with every POST/PUT/PATCH/DELETE; for a GET that changes state (a
 * link or image pointing at `yarn-cancel`) they send only `Sec-Fetch-Site`.
 */
export function checkOrigin(origins: AllowedOrigins, req: FastifyRequest, reply: FastifyReply): void {
  const origin = req.headers.origin;
  const changesState = STATE_CHANGING_METHODS.has(req.method) || req.routeOptions.config?.changesState === true;
  if (origin === undefined) {
    const site = req.headers['sec-fetch-site'];
    if (changesState && (site === 'cross-site' || site === 'same-site')) {
      throw new HttpError(403, `Cross-site request refused: ${req.method} ${req.url.split('?')[0]} came from another site's page (Sec-Fetch-Site: ${site}) without an Origin that ${ALLOW_ORIGIN_KEY} could allow.`);
    }
    return;
  }
  if (origins.allows(origin)) {
    void reply.header('access-control-allow-origin', origins.headerFor(origin)).header('vary', 'Origin');
    return;
  }
  if (changesState && origin.toLowerCase() !== ownOrigin(req)) {
    throw new HttpError(403, `Cross-origin request refused: Origin ${origin} is neither this server's origin (${ownOrigin(req)}) nor listed in ${ALLOW_ORIGIN_KEY}.`);
  }
}

/**
 * Answers a CORS preflight (`OPTIONS` with `Access-Control-Request-Method`) for a path that
 * answers `allowed` methods: 204 with the CORS headers for a listed origin, 403 otherwise.
 * Returns false for any other OPTIONS request.
 */
export function answerPreflight(req: FastifyRequest, reply: FastifyReply, origins: AllowedOrigins, allowed: string[]): boolean {
  const origin = req.headers.origin;
  if (req.method !== 'OPTIONS' || origin === undefined || req.headers['access-control-request-method'] === undefined) return false;
  if (!origins.allows(origin)) {
    throw new HttpError(403, `Cross-origin request refused: Origin ${origin} is not listed in ${ALLOW_ORIGIN_KEY}.`);
  }
  void reply.code(204).headers({
    'access-control-allow-origin': origins.headerFor(origin),
    'access-control-allow-methods': allowed.join(', '),
    'access-control-allow-headers': 'Content-Type',
    'access-control-max-age': '600',
    vary: 'Origin',
  }).send();
  return true;
}
