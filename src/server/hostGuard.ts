import { hostname, networkInterfaces } from 'node:os';
import { InputError } from '../errors/InputError.js';
import type { Reply } from './control.js';

/** What {@link hostGuard} checks requests against. */
export interface HostGuardOptions {
  /** The interface the server listens on (`127.0.0.1`, `::1`, `0.0.0.0`, a name…). */
  readonly host: string;
  /** The port it listens on. */
  readonly port: number;
  /** Origins (`http://example.org:3000`) besides the server's own that may connect; `*` allows any. */
  readonly allowOrigin?: readonly string[];
}

/** Checks one request's `Host` and `Origin` headers: undefined to go on, or the refusal to send. */
export type HostCheck = (host: string | undefined, origin: string | undefined) => Reply | undefined;

const loopbackNames = ['127.0.0.1', 'localhost', '[::1]'];
const wildcards = new Set(['0.0.0.0', '::', '[::]']);

/**
 * Guards against DNS rebinding and cross-site WebSocket hijacking. A page on `evil.example`
 * whose name the attacker re-points at 127.0.0.1 reaches this server with `Host: evil.example`,
 * and any page may open a WebSocket here (browsers send its `Origin` but enforce nothing). So a
 * request is answered only when its `Host` names this server (a loopback name or the bound host
 * with the port; on a wildcard bind, this machine's addresses and hostname too: 421 otherwise),
 * and, when it carries an `Origin` (browsers do; other clients usually do not), only when that
 * origin is the server's own or allowed by `allowOrigin` (403 otherwise).
 *
 * @example
 * const check = hostGuard({ host: '127.0.0.1', port: 8080 });
 * check('127.0.0.1:8080', undefined);                 // undefined: go on
 * check('evil.example:8080', undefined)?.status;      // 421
 * check('127.0.0.1:8080', 'http://evil.example')?.status; // 403
 */
export function hostGuard(options: HostGuardOptions): HostCheck {
  const origins = new Set((options.allowOrigin ?? []).map(normalizeOrigin));
  const anyOrigin = origins.has('*');
  const names = new Set(loopbackNames);
  const bound = options.host.toLowerCase();
  names.add(bound.includes(':') && !bound.startsWith('[') ? `[${bound}]` : bound);
  if (wildcards.has(bound)) {
    names.add(hostname().toLowerCase());
    for (const address of Object.values(networkInterfaces()).flat()) {
      if (address) names.add(address.family === 'IPv6' ? `[${address.address.toLowerCase()}]` : address.address);
    }
  }
  const hosts = new Set([...names].map((name) => `${name}:${options.port}`));
  // Browsers leave out the default port.
  if (options.port === 80) for (const name of names) hosts.add(name);
  const expected = [...hosts].slice(0, 6).join(', ');

  return (host, origin) => {
    const asked = host?.toLowerCase();
    if (asked === undefined || !hosts.has(asked)) {
      return { status: 421, message: `the Host header ${JSON.stringify(host?.slice(0, 100) ?? '')} does not name this server; use ${expected} (other names are refused against DNS rebinding)` };
    }
    if (origin === undefined || anyOrigin) return undefined;
    const from = origin.toLowerCase();
    if (from === `http://${asked}` || origins.has(from)) return undefined;
    return { status: 403, message: `requests from the page ${JSON.stringify(origin.slice(0, 100))} are refused: only this server's own pages may connect; start it with --allow-origin ${origin.slice(0, 100)} to allow that origin` };
  };
}

/** `http://Example.org:3000/` → `http://example.org:3000`; `*` stays; anything else is refused. */
function normalizeOrigin(origin: string): string {
  if (origin === '*') return origin;
  let url: URL | undefined;
  try {
    url = new URL(origin);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username) {
    throw new InputError('allowOrigin', `"${origin.slice(0, 100)}" is not an origin`, 'give scheme, host and port only, e.g. http://localhost:3000 (or * for any)');
  }
  return url.origin;
}
