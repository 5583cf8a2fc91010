import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer, STATUS_CODES, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { streamSSE } from 'hono/streaming';
import { WebSocketServer, type WebSocket } from 'ws';
import { InputError } from '../errors/InputError.js';
import { ClientOutbox, type Transport } from './ClientOutbox.js';
import { parseClientMessage, parseControlBody, runControl, type Reply } from './control.js';
import { createMetrics } from './createMetrics.js';
import { hostGuard } from './hostGuard.js';
import { isFinished, type RunStatus, type RunSummary } from '../protocol/protocol.js';
import { roundAll } from './encodeSnapshot.js';
import { requestGate, type GateVerdict } from './requestGate.js';
import { RunFeed } from './RunFeed.js';
import type { ServedRun } from './ServedRun.js';
import type { ClassMap, ClassPoints } from '../sinks/ClassMap.js';
import { TokenBucket } from './TokenBucket.js';

/**
 * How {@link serve} listens and how much it keeps. Every limit bounds memory: the server holds
 * at most `historyPoints` + `replayMessages` messages for the run, and per client `maxQueued`
 * shared messages, one snapshot, one evaluation and `clientBufferBytes` of socket buffer.
 *
 * @example
 * const options: ServeOptions = { port: 8080, host: '0.0.0.0', token: process.env.RXPROP_TOKEN };
 */
export interface ServeOptions {
  /** TCP port; 0 (the default) picks a free one — read it from {@link RunServer.port}. */
  readonly port?: number;
  /** Interface to bind. Default `127.0.0.1`: only this machine; give `0.0.0.0` to expose. */
  readonly host?: string;
  /** Enables control actions (stop), each of which must carry this token. Without it they are refused. */
  readonly token?: string;
  /** Points in the downsampled cost curve a late client gets first. Default 1000. */
  readonly historyPoints?: number;
  /** Milliseconds between live messages. Default 100. */
  readonly flushMs?: number;
  /** Most points in one live `steps` message (decimated beyond). Default 200. */
  readonly livePoints?: number;
  /** Recent messages kept for reconnecting clients (by id). Default 600 (a minute at 100 ms). */
  readonly replayMessages?: number;
  /** Send weights and biases with snapshots. Default false: the dashboard needs only the prediction. */
  readonly weights?: boolean;
  /** Most misclassified held-out examples in one `evaluation` message (a classifier's). Default 40. */
  readonly misclassified?: number;
  /** Messages a slow client may have waiting before the oldest cost batch is dropped. Default 64. */
  readonly maxQueued?: number;
  /** A WebSocket client's send buffer limit: no more is written to it until it drains. Default 256 KiB. */
  readonly clientBufferBytes?: number;
  /** Live connections at once; more get 503. Default 1000. */
  readonly maxClients?: number;
  /** Live connections at once from one IP address, so one host cannot take every place; more get 503. Default 128. */
  readonly maxClientsPerAddress?: number;
  /**
   * Pages of other origins allowed to connect (`http://localhost:3000`; `*` for any). By default
   * only the server's own pages and clients that send no `Origin` (not browsers) may.
   */
  readonly allowOrigin?: readonly string[];
  /**
   * Messages a WebSocket client may send per second (bursts of five seconds' worth pass); a
   * client sending more is closed with 1008. Default 20.
   */
  readonly inboundMessagesPerSecond?: number;
  /** Bytes a WebSocket client may send per second, bursts as above; more is closed with 1008. Default 64 KiB. */
  readonly inboundBytesPerSecond?: number;
  /**
   * Milliseconds between WebSocket pings; a client that has not answered the previous ping by the
   * next one is cut, so a peer that vanished without closing (a sleeping laptop, a dropped
   * network) frees its place in `maxClients` within two intervals. Default 30 000.
   */
  readonly heartbeatMs?: number;
  /** Largest message a WebSocket client may send; a larger one closes it with 1009. Default 16 KiB. */
  readonly maxMessageBytes?: number;
  /**
   * HTTP requests one connection may make per second (a scrape of `/metrics` counts as five);
   * past a half-second burst it gets 429 and is disconnected. Default 100.
   */
  readonly requestsPerConnectionPerSecond?: number;
  /**
   * HTTP requests all clients together may make per second (counted and burst as above); past
   * that, 503. Default 150: a dashboard makes a handful, a Prometheus scrape one every few
   * seconds, and at 100–300 µs a request (measured while training) this keeps their work
   * under 5% of the CPU.
   * WebSocket upgrades have a budget of their own (100 a second, bursts of 1000). */
  readonly requestsPerSecond?: number;
  /** Milliseconds a client has to send a request's headers (slow or half-open connections are cut after). Default 10000. */
  readonly headersTimeoutMs?: number;
  /** The built dashboard (`npm run build:web`). Default `dist/web` of this package. */
  readonly webRoot?: string;
  /** Where notes about clients go (drops, errors). Default stderr. */
  readonly log?: (line: string) => void;
}

/**
 * A running server for one run.
 *
 * @example
 * const server = await serve(run);
 * console.log(`dashboard: ${server.url}`);
 * await server.finished;
 * await server.close();
 */
export interface RunServer {
  /** `http://host:port/`, the dashboard. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly status: RunStatus;
  /** Live clients connected now. */
  readonly clients: number;
  /** Resolves with the final status when the run is over. */
  readonly finished: Promise<RunStatus>;
  /** Sends clients what they are owed (up to about a second), closes every connection and stops listening. */
  close(): Promise<void>;
}

interface Client {
  readonly kind: 'ws' | 'sse';
  readonly outbox: ClientOutbox;
  readonly close: () => void;
}

const closeGraceMs = 1000;
/** A WebSocket client's inbound limits allow this many seconds' worth in one burst. */
const burstSeconds = 5;

/**
 * Serves a run over HTTP while it trains: the dashboard at `/`, the run as JSON at `/api/run`,
 * live messages (see {@link ServerMessage}) over Server-Sent Events at `/events` and WebSocket at
 * `/ws`, Prometheus metrics at `/metrics`, and `POST /api/stop` (with `Authorization: Bearer
 * <token>`) when a token is set. The server subscribes to the run's streams itself; it never
 * starts the run (call `connect()` on a `TrainingRun` as usual).
 *
 * @example
 * const run = trainingRun(fromFunction({ target: 'sin(3*x)*cos(3*y)', box, batchSize: 100, seed: 1 }), () => Network.create(spec, { engine, random }), { eta: 0.5, steps: 20000 });
 * const server = await serve({ ...run, name: 'waves' });
 * run.connect();
 */
export async function serve(run: ServedRun, options: ServeOptions = {}): Promise<RunServer> {
  if (typeof run?.steps$?.subscribe !== 'function' || typeof run.snapshots$?.subscribe !== 'function') {
    throw new InputError('run', 'must have steps$ and snapshots$ streams', 'serve a trainingRun(…), or any { steps$, snapshots$ }');
  }
  const port = options.port ?? 0;
  const host = options.host ?? '127.0.0.1';
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InputError('port', `must be a whole number from 0 to 65535, got ${port}`, 'use 0 for any free port');
  if (typeof host !== 'string' || !host) throw new InputError('host', `must be a non-empty string, got ${JSON.stringify(host)}`, 'use 127.0.0.1 (this machine) or 0.0.0.0 (every interface)');
  if (options.allowOrigin !== undefined && !Array.isArray(options.allowOrigin)) {
    throw new InputError('allowOrigin', `must be a list of origins, got ${JSON.stringify(options.allowOrigin)}`, "e.g. allowOrigin: ['http://localhost:3000']");
  }
  if (options.token !== undefined && options.token.length < 8) throw new InputError('token', 'must be at least 8 characters', 'use a long random string');
  const log = options.log ?? ((line: string) => process.stderr.write(`rxprop serve: ${line}\n`));
  const name = run.name ?? scenarioName(run.scenario) ?? 'run';
  const webRoot = options.webRoot ?? fileURLToPath(new URL('../../dist/web/', import.meta.url));
  // Every limit checked: 0 or NaN would turn a bound off (or a flush timer into a busy loop).
  const maxQueued = wholeNumber('maxQueued', options.maxQueued ?? 64, 1);
  const bufferBytes = positive('clientBufferBytes', options.clientBufferBytes ?? 256 * 1024);
  const maxClients = wholeNumber('maxClients', options.maxClients ?? 1000, 1);
  const maxPerAddress = positive('maxClientsPerAddress', options.maxClientsPerAddress ?? 128);
  const messageRate = positive('inboundMessagesPerSecond', options.inboundMessagesPerSecond ?? 20);
  const byteRate = positive('inboundBytesPerSecond', options.inboundBytesPerSecond ?? 64 * 1024);
  const maxMessageBytes = positive('maxMessageBytes', options.maxMessageBytes ?? 16 * 1024);
  const headersTimeoutMs = positive('headersTimeoutMs', options.headersTimeoutMs ?? 10_000);
  const heartbeatMs = positive('heartbeatMs', options.heartbeatMs ?? 30_000);
  const gate = requestGate({
    perConnection: positive('requestsPerConnectionPerSecond', options.requestsPerConnectionPerSecond ?? 100),
    total: positive('requestsPerSecond', options.requestsPerSecond ?? 150),
    burstSeconds: 0.5,
  });
  // Upgrades apart: a crowd of clients connecting at once is normal; live clients are capped by
  // maxClients and each one's messages by its own buckets.
  const upgrades = new TokenBucket({ perSecond: 100, capacity: 1000 });
  /** The gate's refusal of a request (counted), or undefined to serve it. */
  const admit = (request: IncomingMessage): Reply | undefined => {
    // A scrape costs several plain requests (prom-client reads /proc and formats every metric).
    const verdict: GateVerdict = gate(request.socket, request.url?.startsWith('/metrics') ? 5 : 1);
    if (verdict === 'pass') return undefined;
    metrics.refused(verdict);
    return verdict === 'flood' ? { status: 429, message: 'too many requests on this connection; slow down' } : { status: 503, message: 'the server is answering too many requests; try again later' };
  };
  // Once a connection is refused, its further (pipelined) requests get nothing.
  const refusedConnections = new WeakSet<object>();
  // Checked now (a bad origin is a usage error); the guard itself needs the bound port.
  hostGuard({ host, port, allowOrigin: options.allowOrigin ?? [] });

  const feed = new RunFeed(run, {
    historyPoints: wholeNumber('historyPoints', options.historyPoints ?? 1000, 2),
    flushMs: positive('flushMs', options.flushMs ?? 100),
    livePoints: wholeNumber('livePoints', options.livePoints ?? 200, 2),
    replayMessages: wholeNumber('replayMessages', options.replayMessages ?? 600),
    weights: options.weights ?? false,
    misclassified: wholeNumber('misclassified', options.misclassified ?? 40),
    log,
  });
  const clients = new Set<Client>();
  /** Live clients per remote address (entries leave with their last client). */
  const perAddress = new Map<string, number>();
  /** The refusal for one more client from `address` (counted), or undefined to accept it. */
  const crowded = (address: string | undefined): Reply | undefined => {
    if (clients.size >= maxClients) {
      metrics.refused('busy');
      return busy(maxClients);
    }
    if ((perAddress.get(address ?? '') ?? 0) >= maxPerAddress) {
      metrics.refused('busy');
      return { status: 503, message: `too many live clients from ${address ?? 'this address'} (at most ${maxPerAddress}); close some first` };
    }
    return undefined;
  };
  const figures = (kind: Client['kind']) => {
    const mine = [...clients].filter((c) => c.kind === kind);
    return { count: mine.length, pendingBytes: mine.reduce((sum, c) => sum + c.outbox.pendingBytes, 0) };
  };
  const metrics = createMetrics(feed, name, () => ({ ws: figures('ws'), sse: figures('sse') }));
  let nextClient = 1;

  /** Registers a client: history (or what it missed) first, then live messages through its outbox. */
  const addClient = (kind: Client['kind'], address: string | undefined, transport: Transport, lastId: number | undefined, close: () => void): { label: string; remove: () => void } => {
    const label = `${kind} client ${nextClient++}`;
    const outbox = new ClientOutbox(transport, {
      maxQueued,
      onDrop: (dropKind) => {
        metrics.dropped(dropKind);
        if (dropKind === 'steps' && outbox.dropped === 1) log(`${label} is not keeping up: dropping its oldest cost batches (its snapshots stay latest-wins)`);
      },
    });
    const client: Client = { kind, outbox, close };
    clients.add(client);
    const from = address ?? '';
    perAddress.set(from, (perAddress.get(from) ?? 0) + 1);
    for (const message of feed.welcome(lastId)) outbox.push(message);
    const unlisten = feed.listen((message) => outbox.push(message));
    const remove = (): void => {
      if (!clients.delete(client)) return;
      const left = perAddress.get(from)! - 1;
      if (left === 0) perAddress.delete(from);
      else perAddress.set(from, left);
      unlisten();
      outbox.close();
      if (outbox.dropped > 0) log(`${label} left; ${outbox.dropped} cost batches were dropped for it`);
    };
    return { label, remove };
  };

  // Set once listening (the guard needs the port); every request, upgrades included, passes it first.
  let guard: ReturnType<typeof hostGuard> = () => ({ status: 503, message: 'the server is starting' });
  const app = new Hono();
  app.use(async (c, next) => {
    const refusal = guard(c.req.header('host'), c.req.header('origin'));
    if (refusal) {
      metrics.refused(refusal.status === 421 ? 'host' : 'origin');
      return reply(c, refusal);
    }
    await next();
  });
  // Past the guard, an Origin is this server's own or an allowed one: browsers let a page of an
  // allowed origin read the answers (fetch of /api/run, /events over fetch, /metrics) and send
  // the control requests (a preflight for JSON bodies and the token's Authorization header).
  app.use(cors({ origin: (origin) => origin, allowMethods: ['GET', 'POST'], allowHeaders: ['Content-Type', 'Authorization', 'Last-Event-ID'], maxAge: 600 }));
  app.onError((error, c) => {
    log(`error answering ${c.req.method} ${c.req.path}: ${error.message}`);
    return c.json({ error: 'internal error; the run goes on' }, 500);
  });
  app.notFound((c) => c.json({ error: `no such path: ${c.req.path}`, paths: ['/', '/api/run', '/events', '/ws', '/metrics', 'POST /api/stop', 'POST /api/control'] }, 404));

  let indexHtml: string | undefined;
  app.get('/', async (c) => {
    const index = `${webRoot}/index.html`;
    if (indexHtml === undefined && !existsSync(index)) return c.text('The dashboard is not built: run `npm run build:web`. The live API works: /api/run, /events, /ws, /metrics.\n', 503);
    return c.html((indexHtml ??= await readFile(index, 'utf8')));
  });
  if (existsSync(webRoot)) app.get('/assets/*', serveStatic({ root: webRoot }));

  // What never changes is serialised once: a client polling /api/run costs a few numbers'
  // JSON, never a pass over the target grid or the scenario.
  const fixed: Pick<RunSummary, 'name' | 'scenario' | 'target' | 'controls' | 'classes'> = {
    name,
    scenario: run.scenario ?? null,
    target: run.target && run.grid ? { grid: run.grid, values: roundAll(run.target) } : null,
    controls: [...(run.stop ? (['stop'] as const) : []), ...(run.control ? (['pause', 'resume', 'lr'] as const) : [])],
    ...(run.classes ? { classes: wireClasses(run.classes) } : {}),
  };
  const fixedBytes = Buffer.from(`,${JSON.stringify(fixed).slice(1)}`);
  app.get('/api/run', (c) => {
    const latest = feed.latest;
    const live: Omit<RunSummary, keyof typeof fixed> = {
      status: feed.status,
      step: latest?.step ?? 0,
      cost: latest && Number.isFinite(latest.cost) ? latest.cost : null,
      stepsPerSecond: feed.stepsPerSecond,
      snapshots: feed.snapshotCount,
      clients: clients.size,
      ...(run.control ? { control: feed.control ?? null } : {}),
      ...(run.validation$ ? { validation: feed.validationPoints.at(-1) ?? null } : {}),
    };
    return c.body(Buffer.concat([Buffer.from(JSON.stringify(live).slice(0, -1)), fixedBytes]), 200, { 'content-type': 'application/json' });
  });

  app.post('/api/stop', (c) => {
    const bearer = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    return reply(c, runControl(feed, options.token, 'stop', bearer));
  });

  // Live control: { "action": "pause" | "resume" | "stop" } or { "action": "lr", "lr": 0.001 }.
  app.post('/api/control', async (c) => {
    const bearer = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    const text = await c.req.text();
    if (text.length > 1024) return reply(c, { status: 413, message: 'a control request is a few bytes of JSON' });
    const body = parseControlBody(text);
    return reply(c, 'status' in body ? body : runControl(feed, options.token, body.action, bearer, body.lr));
  });

  app.get('/metrics', async (c) => c.body(await metrics.text(), 200, { 'content-type': metrics.registry.contentType }));

  app.get('/events', (c) => {
    const lastId = parseLastId(c.req.header('last-event-id') ?? c.req.query('lastEventId'));
    if (typeof lastId === 'object') return reply(c, lastId);
    const address = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket.remoteAddress;
    const refusal = crowded(address);
    if (refusal) return reply(c, refusal);
    return streamSSE(c, async (stream) => {
      let writing = false;
      const transport: Transport = {
        ready: () => !writing && !stream.aborted && !stream.closed,
        write: (message, done) => {
          writing = true;
          const written = (): void => {
            writing = false;
            done();
          };
          stream.writeSSE({ event: message.type, id: String(message.id), data: message.json }).then(written, written);
        },
        // One message at most is in flight (the stream waits for the socket to drain).
        buffered: () => 0,
      };
      await new Promise<void>((resolve) => {
        const end = (): void => {
          remove();
          resolve();
        };
        const { remove } = addClient('sse', address, transport, lastId, end);
        stream.onAbort(end);
      });
    });
  });

  // A known path with the wrong method is a 405 naming the right one, not a puzzling 404.
  const getPaths = ['/', '/api/run', '/metrics', '/events', '/ws'];
  app.on(['POST', 'PUT', 'PATCH', 'DELETE'], getPaths, (c) => methodNotAllowed(c, 'GET'));
  app.on(['GET', 'PUT', 'PATCH', 'DELETE'], ['/api/stop', '/api/control'], (c) => methodNotAllowed(c, 'POST'));

  // Without an upgrade, /ws is plain HTTP: say what it speaks.
  app.get('/ws', (c) => reply(c, { status: 426, message: '/ws speaks WebSocket only: connect with a WebSocket client (or use /events for Server-Sent Events)' }));

  // One message per client per event-loop turn (allowSynchronousEvents off): a 64 KiB read of
  // tiny frames is handled frame by frame between training's time slices, never in one stretch;
  // ws stops reading a socket whose frames wait, so what waits is bounded too.
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes, allowSynchronousEvents: false });
  // Sockets pinged and not yet answered: the heartbeat cuts those still here at the next beat.
  const unanswered = new WeakSet<WebSocket>();
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (unanswered.has(ws)) {
        log('a WebSocket client did not answer a ping: cut');
        ws.terminate();
        continue;
      }
      unanswered.add(ws);
      ws.ping();
    }
  }, heartbeatMs).unref();
  /** A WebSocket upgrade's refusal, or undefined (with its Last-Event-ID) to accept it. Cheap checks only: nothing is allocated per refused attempt but the answer. */
  const checkUpgrade = (request: IncomingMessage): Reply | { lastId: number | undefined } => {
    const refusal = guard(request.headers.host, request.headers.origin);
    if (refusal) {
      metrics.refused(refusal.status === 421 ? 'host' : 'origin');
      return refusal;
    }
    const target = request.url ?? '/';
    const query = target.indexOf('?');
    const path = query === -1 ? target : target.slice(0, query);
    if (path !== '/ws') return { status: 404, message: `no WebSocket at ${path.slice(0, 100)}: use /ws` };
    if (request.headers.upgrade?.toLowerCase() !== 'websocket') return { status: 400, message: 'only WebSocket upgrades are served (on /ws)' };
    const lastId = parseLastId(query === -1 ? undefined : (new URLSearchParams(target.slice(query + 1)).get('lastEventId') ?? undefined));
    if (typeof lastId === 'object') return lastId;
    const full = crowded(request.socket.remoteAddress);
    if (full) return full;
    if (!upgrades.take(1)) {
      metrics.refused('busy');
      return busy(maxClients);
    }
    return { lastId };
  };

  /** A connected WebSocket client: live messages out; control messages in, within its rate limits. */
  const acceptSocket = (ws: WebSocket, lastId: number | undefined, address: string | undefined): void => {
    // Upgrades in flight together all passed the check: the last ones past a limit are let go here.
    if (crowded(address)) return void ws.close(1013, 'too many live clients; try again later');
    const transport: Transport = {
      ready: () => ws.readyState === ws.OPEN && ws.bufferedAmount < bufferBytes,
      write: (message, done) => ws.send(message.bytes, { binary: false }, () => done()),
      buffered: () => ws.bufferedAmount,
    };
    // 1000 tells a client the run is over; 1001 (going away) mid-run invites it to reconnect.
    const { label, remove } = addClient('ws', address, transport, lastId, () => (isFinished(feed.status) ? ws.close(1000, 'run over') : ws.close(1001, 'server closing')));
    ws.once('close', remove);
    ws.on('error', (error) => log(`${label}: ${error.message}`));
    ws.on('pong', () => unanswered.delete(ws));
    const messages = new TokenBucket({ perSecond: messageRate, capacity: messageRate * burstSeconds });
    const bytes = new TokenBucket({ perSecond: byteRate, capacity: byteRate * burstSeconds });
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!messages.take(1) || !bytes.take(data.length)) {
        metrics.refused('flood');
        log(`${label} sent more than ${messageRate} messages or ${byteRate} bytes a second: closed (1008)`);
        // Forgotten at once (ws reports the close only after handing over every frame it has
        // read, one per event-loop turn, and those now go to no listener); read nothing more from
        // it; cut it if it does not read our close frame within the grace.
        remove();
        ws.removeAllListeners('message');
        ws.close(1008, 'too many messages');
        ws.pause();
        setTimeout(() => ws.terminate(), closeGraceMs).unref();
        return;
      }
      const parsed = isBinary ? ({ status: 400, message: 'messages must be JSON text frames, not binary' } as const) : parseClientMessage(data.toString('utf8'));
      const answer = 'status' in parsed ? parsed : runControl(feed, options.token, parsed.action, parsed.token, parsed.lr);
      // A client that floods us without reading gets no replies past its buffer limit.
      if (ws.bufferedAmount < bufferBytes) ws.send(JSON.stringify({ type: 'reply', ...answer }));
    });
  };

  const honoListener = getRequestListener(app.fetch);
  const server = createServer(
    // Slow or half-open requests are cut after the timeout (checked every second, not Node's 30 s).
    { headersTimeout: headersTimeoutMs, requestTimeout: headersTimeoutMs, connectionsCheckingInterval: Math.min(1000, headersTimeoutMs) },
    // The gate runs before Hono sees a request: a refused one costs Node's parse and a fixed answer.
    (request, response) => {
      const socket = request.socket;
      if (refusedConnections.has(socket)) return;
      const refusal = admit(request);
      if (!refusal) return void honoListener(request, response);
      refusedConnections.add(socket);
      const body = JSON.stringify({ error: refusal.message });
      response.writeHead(refusal.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
      // Read nothing more from it and hang up a second later: a client that reconnects as soon as
      // it is cut costs a refused request a second per connection, not a refused request a moment.
      socket.pause();
      setTimeout(() => socket.destroy(), closeGraceMs).unref();
    },
  );
  // Each live client may hold a connection or two for its requests besides; past that, new ones are closed at once.
  server.maxConnections = 2 * maxClients + 64;
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => {});
    const checked = checkUpgrade(request);
    if ('status' in checked) refuseUpgrade(socket, checked);
    else wss.handleUpgrade(request, socket, head, (ws) => acceptSocket(ws, checked.lastId, request.socket.remoteAddress));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      clearInterval(heartbeat);
      reject(listenError(error, host, port));
    });
    server.listen(port, host, () => resolve());
  });
  server.on('error', (error) => log(`server error: ${error.message}`));
  const bound = (server.address() as AddressInfo).port;
  guard = hostGuard({ host, port: bound, allowOrigin: options.allowOrigin ?? [] });
  feed.start();

  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${bound}/`,
    host,
    port: bound,
    get status() {
      return feed.status;
    },
    get clients() {
      return clients.size;
    },
    finished: feed.finished,
    close: () =>
      (closing ??= (async () => {
        feed.stop();
        clearInterval(heartbeat);
        const deadline = Date.now() + closeGraceMs;
        while (Date.now() < deadline && [...clients].some((c) => c.outbox.size > 0)) await new Promise((r) => setTimeout(r, 20));
        for (const client of [...clients]) client.close();
        // A stalled client never answers the closing handshake: give the others a moment, then cut.
        for (let k = 0; k < 10 && wss.clients.size > 0; k++) await new Promise((r) => setTimeout(r, 20));
        for (const ws of wss.clients) ws.terminate();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          if ('closeAllConnections' in server) server.closeAllConnections();
        });
      })()),
  };
}

function reply(c: Context, answer: Reply): Response {
  return c.json(answer.status >= 400 ? { error: answer.message } : { message: answer.message }, answer.status as ContentfulStatusCode);
}

/** Answers a refused WebSocket upgrade on the raw socket, then closes it. */
function refuseUpgrade(socket: Duplex, answer: Reply): void {
  const body = JSON.stringify({ error: answer.message });
  socket.end(`HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? ''}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

const busy = (maxClients: number): Reply => ({ status: 503, message: `too many live clients (at most ${maxClients}) or new connections just now; try again later` });

function positive(field: string, value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new InputError(field, `must be a positive number, got ${value}`, 'leave it out for the default');
  return value;
}

function wholeNumber(field: string, value: number, min = 0): number {
  if (!(Number.isInteger(value) && value >= min)) throw new InputError(field, `must be a whole number ≥ ${min}, got ${value}`, 'leave it out for the default');
  return value;
}

function methodNotAllowed(c: Context, allow: string): Response {
  c.header('allow', allow);
  return c.json({ error: `${c.req.method} is not allowed on ${c.req.path}: use ${allow}` }, 405);
}

/** A Last-Event-ID (header or `lastEventId` query): a whole number, absent, or a 400 reply. */
function parseLastId(value: string | undefined): number | undefined | Reply {
  if (value === undefined || value === '') return undefined;
  if (!/^\d{1,15}$/.test(value)) return { status: 400, message: `Last-Event-ID must be a message id (a whole number) this server sent, got "${value.slice(0, 40)}"` };
  return Number(value);
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  if (error.code === 'EADDRINUSE') return new InputError('port', `port ${port} on ${host} is already in use`, 'pick another port, or 0 for any free one');
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') return new InputError('host', `cannot listen on "${host}" (${error.code})`, 'use 127.0.0.1, 0.0.0.0, or an address of this machine');
  if (error.code === 'EACCES') return new InputError('port', `no permission to listen on port ${port}`, 'use a port above 1023');
  return error;
}

const scenarioName = (scenario: unknown): string | undefined =>
  typeof scenario === 'object' && scenario !== null && 'name' in scenario && typeof scenario.name === 'string' ? scenario.name : undefined;

/** A run's classes as JSON: the points' coordinates to 6 significant digits (they only place dots). */
function wireClasses(classes: ClassMap): ClassMap {
  const points = (p: ClassPoints): ClassPoints => ({ xy: roundAll(p.xy), classes: [...p.classes] });
  return { names: [...classes.names], read: classes.read, train: points(classes.train), ...(classes.test ? { test: points(classes.test) } : {}) };
}
