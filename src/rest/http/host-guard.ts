/**
 * DNS rebinding protection. A page on `attacker.example` can make its own name resolve to
 * 127.0.0.1 and then read a loopback-only REST API as same-origin, but its requests still carry
 * `Host: attacker.example`. So while the server is bound to a loopback address it answers only
 * loopback host names and those listed in `rest.allowed-hosts`.
 */
import type { FastifyRequest } from 'fastify';
import { HttpError } from './http-error.js';
import { listOption } from './list-option.js';

const ALLOWED_HOSTS_KEY = 'rest.allowed-hosts';
const LOOPBACK_V4 = /^127(\.\d{1,3}){3}$/;

/** Whether a bind address (`127.0.0.1`, `::1`, `localhost`, ...) only accepts local connections. */
export function isLoopbackAddress(address: string): boolean {
  const a = address.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return a === 'localhost' || a === '::1' || LOOPBACK_V4.test(a) || LOOPBACK_V4.test(a.replace(/^::ffff:/, ''));
}

/** The name part of a `Host` header: `[::1]:8081` → `[::1]`, `localhost:8081` → `localhost`. */
function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  return h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.replace(/:\d*$/, '');
}

/** `rest.allowed-hosts` and whether the server listens on a loopback address only. */
export class HostAllowList {
  private readonly allowed: Set<string>;

  /** `allowedHosts`: the option's text. */
  constructor(allowedHosts: string, private readonly boundToLoopback: () => boolean) {
    this.allowed = new Set(listOption(allowedHosts));
  }

  /**
   * Refuses (403) a request whose `Host` names neither a loopback name nor a listed host, while the
   * server is bound to a loopback address. Requests without `Host` (HTTP/1.0) pass: no browser sends those.
   */
  check(req: FastifyRequest): void {
    const host = req.headers.host;
    if (host === undefined || !this.boundToLoopback()) return;
    const name = hostName(host);
    if (isLoopbackAddress(name) || this.allowed.has(name)) return;
    throw new HttpError(403, `Host '${name}' refused: this server is bound to a loopback address and answers only loopback host names (localhost, 127.x.x.x, [::1]) and those listed in ${ALLOWED_HOSTS_KEY}.`);
  }
}
