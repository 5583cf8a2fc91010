import { WebSocket } from 'ws';
import type { WebSocketSubjectConfig } from 'rxjs/webSocket';
import { createRunConnection, type RunConnection, type RunConnectionOptions } from './createRunConnection.js';

/**
 * Subscribes to a live run from another process or machine: `url` is the server's base URL as
 * printed by `rxprop run --serve` (or {@link RunServer.url}). Uses WebSocket (the `ws` package)
 * unless `transport: 'sse'`; reconnects with exponential backoff and resumes where it left off;
 * unsubscribing from every stream closes the socket.
 *
 * @example
 * const run = connect('http://127.0.0.1:8080/');
 * run.steps$.subscribe(({ step, cost }) => console.log(`step ${step}: cost ${cost}`));
 * run.status$.subscribe((s) => console.log(s.state));
 */
export function connect(url: string | URL, options: RunConnectionOptions = {}): RunConnection {
  const WebSocketCtor = options.WebSocketCtor ?? (WebSocket as unknown as NonNullable<WebSocketSubjectConfig<unknown>['WebSocketCtor']>);
  return createRunConnection(url, { ...options, WebSocketCtor });
}
