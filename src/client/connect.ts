import { defer, map, shareReplay, switchMap, type Observable } from 'rxjs';
import type { WebSocketSubjectConfig } from 'rxjs/webSocket';
import { isNode, nodeModule } from '../engine/wasm/runtime.js';
import { createRunConnection, type RunConnection, type RunConnectionOptions } from './createRunConnection.js';

type WebSocketCtor = NonNullable<WebSocketSubjectConfig<unknown>['WebSocketCtor']>;

/**
 * Subscribes to a live run from another process or machine: `url` is the server's base URL as
 * printed by `rxprop run --serve` (or {@link RunServer.url}). Uses WebSocket unless
 * `transport: 'sse'`: the runtime's own (browsers, Node ≥ 22), else (Node 20) the `ws` package,
 * loaded on the first subscription so that browser bundles never see it. Reconnects with
 * exponential backoff and resumes where it left off; unsubscribing from every stream closes the
 * socket. A `url` that is not an http(s)/ws(s) URL throws an InputError; one where another kind of
 * server answers ends the streams with one.
 *
 * @example
 * const run = connect('http://127.0.0.1:8080/');
 * run.steps$.subscribe(({ step, cost }) => console.log(`step ${step}: cost ${cost}`));
 * run.status$.subscribe((s) => console.log(s.state));
 */
export function connect(url: string | URL, options: RunConnectionOptions = {}): RunConnection {
  const WebSocketCtor = options.WebSocketCtor ?? (globalThis as { WebSocket?: WebSocketCtor }).WebSocket;
  if (WebSocketCtor || options.transport === 'sse' || !isNode) return createRunConnection(url, { ...options, ...(WebSocketCtor ? { WebSocketCtor } : {}) });
  // One connection, made once `ws` has loaded; its streams are shared as createRunConnection's are.
  const connection$ = defer(() => nodeModule<typeof import('ws')>('ws')).pipe(
    map((ws) => createRunConnection(url, { ...options, WebSocketCtor: ws.WebSocket as unknown as WebSocketCtor })),
    shareReplay(1),
  );
  const from = <T>(pick: (c: RunConnection) => Observable<T>): Observable<T> => connection$.pipe(switchMap(pick));
  // The controls are HTTP requests: they need no socket, so no wait for `ws`.
  const controls = createRunConnection(url, options);
  return {
    steps$: from((c) => c.steps$),
    snapshots$: from((c) => c.snapshots$),
    status$: from((c) => c.status$),
    messages$: from((c) => c.messages$),
    validation$: from((c) => c.validation$),
    control$: from((c) => c.control$),
    evaluations$: from((c) => c.evaluations$),
    pause: () => controls.pause(),
    resume: () => controls.resume(),
    setLearningRate: (lr) => controls.setLearningRate(lr),
    stop: () => controls.stop(),
  };
}
