import { TokenBucket } from './TokenBucket.js';

/** How many requests {@link requestGate} lets through per second; bursts of `burstSeconds` worth pass. */
export interface RequestGateOptions {
  /** Request units one connection may use per second (keep-alive and pipelining included). */
  readonly perConnection: number;
  /** Request units all connections together may use per second. */
  readonly total: number;
  readonly burstSeconds: number;
  /** Clock in ms; default `performance.now`. */
  readonly now?: () => number;
}

/** `pass`: serve it; `flood`: this connection asks too fast; `busy`: everyone together does. */
export type GateVerdict = 'pass' | 'flood' | 'busy';

/**
 * Decides, before any parsing or routing, whether a request (or WebSocket upgrade) is served:
 * each connection has a token bucket, and so has the server as a whole. So however requests are
 * sent — one connection pipelining thousands, or many connections — the server does a bounded
 * amount of work for them per second, and the training sharing its event loop keeps its pace.
 * A request costs `units` (default 1), so an expensive route can count as several. Buckets live
 * as long as their connection (a WeakMap keyed by the socket).
 *
 * @example
 * const gate = requestGate({ perConnection: 200, total: 1000, burstSeconds: 1 });
 * if (gate(request.socket, request.url === '/metrics' ? 10 : 1) !== 'pass') return refuse(response);
 */
export function requestGate(options: RequestGateOptions): (connection: object, units?: number) => GateVerdict {
  const now = options.now ?? (() => performance.now());
  const bucket = (perSecond: number) => new TokenBucket({ perSecond, capacity: perSecond * options.burstSeconds, now });
  const total = bucket(options.total);
  const connections = new WeakMap<object, TokenBucket>();
  return (connection, units = 1) => {
    let mine = connections.get(connection);
    if (!mine) connections.set(connection, (mine = bucket(options.perConnection)));
    if (!mine.take(units)) return 'flood';
    return total.take(units) ? 'pass' : 'busy';
  };
}
