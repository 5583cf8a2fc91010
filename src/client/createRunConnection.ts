// No Node imports: the browser dashboard connects with this too (with the browser's WebSocket).
import { concat, defer, distinctUntilChanged, filter, map, mergeMap, Observable, retry, share, takeWhile, throwError, timer } from 'rxjs';
import { webSocket, type WebSocketSubjectConfig } from 'rxjs/webSocket';
import { createParser } from 'eventsource-parser';
import { InputError } from '../errors/InputError.js';
import type { TrainStep } from '../operators/TrainStep.js';
import type { ValidationStep } from '../operators/validation.js';
import { isFinished, type ControlAction, type ControlData, type EvaluationData, type RunStatus, type ServerMessage, type SnapshotData } from '../protocol/protocol.js';

/**
 * A live connection to a served run. The three streams share one socket (opened by the first
 * subscriber, closed when the last unsubscribes); subscribe to the ones you need in the same tick
 * so they all see the history the server sends first. After a reconnect the server sends only
 * what was missed (by message id), and `steps$` never repeats a step.
 *
 * @example
 * const run = connect('http://127.0.0.1:8080/');
 * run.steps$.subscribe(({ step, cost }) => console.log(step, cost));
 */
export interface RunConnection {
  /**
   * Cost points: the downsampled history first, then live (decimated when training outruns the
   * server's flush rate). The last step of each server message carries the learning rate it used
   * (when the run reports one). Completes when the run ends.
   */
  readonly steps$: Observable<TrainStep>;
  /** Snapshots in wire form (flat prediction, see {@link SnapshotData}): the latest first, then live. */
  readonly snapshots$: Observable<SnapshotData>;
  /** The run's status whenever it changes; the last one is `completed`, `failed` or `stopped`. */
  readonly status$: Observable<RunStatus>;
  /** Every server message, for those who want them raw. */
  readonly messages$: Observable<ServerMessage>;
  /** Validation evaluations: those so far first, then live; never repeats a step. */
  readonly validation$: Observable<ValidationStep>;
  /** The live controls' state (paused, learning rate set from outside) whenever it changes. */
  readonly control$: Observable<ControlData>;
  /**
   * A classifier's evaluations (confusion matrix, misclassified examples): the latest first, then
   * live; a slow connection skips to the latest. Never repeats a step.
   */
  readonly evaluations$: Observable<EvaluationData>;
  /** Pauses the run after the step in progress (needs `token`). Resolves with the server's answer. */
  pause(): Promise<ControlReply>;
  /** Resumes a paused run (needs `token`). */
  resume(): Promise<ControlReply>;
  /** Sets the learning rate from the next step on (needs `token`). */
  setLearningRate(lr: number): Promise<ControlReply>;
  /** Stops the run (needs `token`). */
  stop(): Promise<ControlReply>;
}

/**
 * The server's answer to a control request: 202 accepted, 4xx refused, with a sentence saying why.
 *
 * @example
 * const { status, message } = await run.pause();
 */
export interface ControlReply {
  readonly status: number;
  readonly message: string;
}

/**
 * How to connect: transport, WebSocket implementation, reconnection backoff.
 *
 * @example
 * const options: RunConnectionOptions = { transport: 'sse', initialDelayMs: 250, maxDelayMs: 5000 };
 */
export interface RunConnectionOptions {
  /** `ws` (default) or `sse` (Server-Sent Events over fetch; passes proxies that block WebSocket). */
  readonly transport?: 'ws' | 'sse';
  /** The WebSocket class for `ws`: the browser's, or the `ws` package's in Node. */
  readonly WebSocketCtor?: WebSocketSubjectConfig<unknown>['WebSocketCtor'];
  /** First reconnection delay; it doubles per failed attempt. Default 500 ms. */
  readonly initialDelayMs?: number;
  /** Longest reconnection delay. Default 10 s. */
  readonly maxDelayMs?: number;
  /** Failed attempts in a row before the streams error. Default: never give up. */
  readonly maxRetries?: number;
  /** The server's token, for the control methods (pause, resume, setLearningRate, stop). */
  readonly token?: string;
}

/** The server refused the connection (an HTTP 4xx other than 408/429): retrying would not help. */
export class ConnectionRefusedError extends Error {
  override readonly name = 'ConnectionRefusedError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(`server answered ${status}: ${message}`);
  }
}

/**
 * Connects to a run served by `serve` (or `rxprop run --serve`) at `url`, the server's base URL.
 * The environment-neutral core of `connect`: pass `WebSocketCtor` where there is no global one.
 *
 * @example
 * const run = createRunConnection(location.href, { WebSocketCtor: WebSocket });
 */
export function createRunConnection(url: string | URL, options: RunConnectionOptions = {}): RunConnection {
  const base = baseUrl(url);
  if (options.transport !== undefined && options.transport !== 'ws' && options.transport !== 'sse') {
    throw new InputError('transport', `must be 'ws' or 'sse', got ${JSON.stringify(options.transport)}`, "omit it for WebSocket, or give transport: 'sse'");
  }
  const initial = options.initialDelayMs ?? 500;
  const max = options.maxDelayMs ?? 10_000;
  let lastId: number | undefined;
  // Until the server has sent a message, a failed attempt asks it what it is (see checkRunServer).
  let answered = false;

  const attempt = (): Observable<ServerMessage> => {
    const query = lastId === undefined ? '' : `?lastEventId=${lastId}`;
    if (options.transport === 'sse') return sseMessages(new URL(`events${query}`, base));
    const wsUrl = new URL(`ws${query}`, base);
    wsUrl.protocol = wsUrl.protocol === 'https:' ? 'wss:' : 'ws:';
    return webSocket<ServerMessage>({ url: wsUrl.href, ...(options.WebSocketCtor ? { WebSocketCtor: options.WebSocketCtor } : {}) });
  };

  const messages$ = defer(() =>
    // A connection that ends before the run did was cut (server restart, proxy timeout): reconnect.
    concat(
      attempt(),
      throwError(() => new Error('connection closed before the run ended')),
    ),
  ).pipe(
    map((m) => {
      answered = true;
      if ('id' in m) lastId = m.id;
      return m;
    }),
    retry({
      ...(options.maxRetries === undefined ? {} : { count: options.maxRetries }),
      resetOnSuccess: true,
      delay: (error: unknown, n: number) => {
        if (error instanceof ConnectionRefusedError) return throwError(() => error);
        const wait = timer(Math.min(max, initial * 2 ** (n - 1)));
        return answered ? wait : defer(() => checkRunServer(base)).pipe(mergeMap(() => wait));
      },
    }),
    takeWhile((m) => !(m.type === 'status' || m.type === 'history') || !isFinished(m.status), true),
    share(),
  );

  const steps$ = defer(() => {
    let last = -Infinity;
    return messages$.pipe(
      // A message's learning rate is the one its last step used: only that step carries it.
      mergeMap((m) => (m.type === 'steps' || m.type === 'history' ? m.steps.map((t, k) => [t, k === m.steps.length - 1 ? m.lr : undefined] as const) : [])),
      filter(([[step]]) => step > last),
      map(([[step, cost, batchSize, time], lr]): TrainStep => {
        last = step;
        return lr === undefined ? { step, cost, batchSize, time } : { step, cost, batchSize, time, lr };
      }),
    );
  });
  const snapshots$ = messages$.pipe(
    mergeMap((m) => (m.type === 'snapshot' ? [m.snapshot] : m.type === 'history' && m.snapshot ? [m.snapshot] : [])),
  );
  const status$ = messages$.pipe(
    mergeMap((m) => (m.type === 'status' || m.type === 'history' ? [m.status] : [])),
    distinctUntilChanged((a, b) => a.state === b.state && a.error === b.error),
  );
  const validation$ = defer(() => {
    let last = -Infinity;
    return messages$.pipe(
      mergeMap((m) => (m.type === 'validation' ? [m.validation] : m.type === 'history' ? (m.validation ?? []) : [])),
      filter(([step]) => step > last),
      map(([step, cost, accuracy]): ValidationStep => {
        last = step;
        return accuracy === null ? { step, cost } : { step, cost, accuracy };
      }),
    );
  });
  const evaluations$ = defer(() => {
    let last = -Infinity;
    return messages$.pipe(
      mergeMap((m) => (m.type === 'evaluation' ? [m.evaluation] : m.type === 'history' && m.evaluation ? [m.evaluation] : [])),
      filter((e) => e.step > last),
      map((e) => {
        last = e.step;
        return e;
      }),
    );
  });
  const control$ = messages$.pipe(
    mergeMap((m) => (m.type === 'control' ? [m.control] : m.type === 'history' && m.control ? [m.control] : [])),
    distinctUntilChanged((a, b) => a.paused === b.paused && a.lr === b.lr),
  );
  const send = async (action: ControlAction, lr?: number): Promise<ControlReply> => {
    if (options.token === undefined) return { status: 401, message: 'no token: connect(url, { token }) to use the controls' };
    const response = await fetch(new URL('api/control', base), {
      method: 'POST',
      headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(lr === undefined ? { action } : { action, lr }),
    });
    const text = await response.text();
    let message = text;
    try {
      const json = JSON.parse(text) as { message?: string; error?: string };
      message = json.message ?? json.error ?? message;
    } catch {
      // a plain-text answer is its own message
    }
    return { status: response.status, message };
  };
  return {
    steps$,
    snapshots$,
    status$,
    messages$,
    validation$,
    control$,
    evaluations$,
    pause: () => send('pause'),
    resume: () => send('resume'),
    setLearningRate: (lr) => send('lr', lr),
    stop: () => send('stop'),
  };
}

/**
 * The server's base URL, checked: http(s) (or ws(s), the same server), ending in `/`. A URL that
 * does not parse or names another protocol is refused at once: it would otherwise be retried forever.
 */
function baseUrl(url: string | URL): URL {
  const hint = "give the served run's base URL, e.g. http://127.0.0.1:8080/ (as rxprop run --serve prints it)";
  let base: URL;
  try {
    base = new URL(url);
  } catch {
    throw new InputError('url', `is not a URL: ${JSON.stringify(String(url))}`, hint);
  }
  const http: Readonly<Record<string, string>> = { 'http:': 'http:', 'https:': 'https:', 'ws:': 'http:', 'wss:': 'https:' };
  const protocol = http[base.protocol];
  if (protocol === undefined) throw new InputError('url', `has the protocol ${base.protocol}; a served run speaks http(s) or ws(s)`, hint);
  base.protocol = protocol; // the controls and SSE fetch over http(s); the socket's URL maps back (https → wss)
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  return base;
}

/**
 * After a failed attempt to a server that has never sent a message: asks `GET api/run`, which
 * every served run answers with its summary. A server that answers something else (another web
 * app on that port, a wrong path) is not a run, and retrying would wait forever: the streams end
 * with an InputError naming the URL. No answer at all (not started yet, restarting, busy) lets
 * the retries go on.
 */
async function checkRunServer(base: URL): Promise<void> {
  let response: Response;
  try {
    response = await fetch(new URL('api/run', base), { headers: { accept: 'application/json' } });
  } catch {
    return;
  }
  if (response.status === 408 || response.status === 429 || response.status >= 500) return;
  const type = response.headers.get('content-type') ?? '';
  const body: unknown = type.includes('json') ? await response.json().catch(() => undefined) : await response.body?.cancel();
  const isRun = response.ok && typeof body === 'object' && body !== null && 'status' in body && 'step' in body;
  if (isRun) return;
  const hint = "give the served run's base URL, as rxprop run --serve prints it";
  // A served run that refuses this client (a Host it does not answer to, an origin) says why.
  const refusal = typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string' ? body.error : undefined;
  if (refusal !== undefined && !response.ok) throw new InputError('url', `${base.href} refused the connection (${response.status}): ${refusal}`, hint);
  throw new InputError('url', `${base.href} is not a served rxprop run (GET ${new URL('api/run', base).pathname} answered ${response.status}${type ? ` ${type.split(';')[0]}` : ''})`, hint);
}

/** One Server-Sent Events connection over fetch (so it can send Last-Event-ID and runs in Node without EventSource). */
function sseMessages(url: URL): Observable<ServerMessage> {
  return new Observable<ServerMessage>((subscriber) => {
    const abort = new AbortController();
    const parser = createParser({ onEvent: (event) => subscriber.next(JSON.parse(event.data) as ServerMessage) });
    (async () => {
      const response = await fetch(url, { headers: { accept: 'text/event-stream' }, signal: abort.signal });
      if (!response.ok || !response.body) {
        const text = await response.text();
        const fatal = response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
        throw fatal ? new ConnectionRefusedError(response.status, text) : new Error(`server answered ${response.status}: ${text}`);
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.feed(value);
      }
      subscriber.complete();
    })().catch((error: unknown) => {
      if (!abort.signal.aborted) subscriber.error(error);
    });
    return () => abort.abort();
  });
}
