// Hostile and slow clients for the flood suite, written on raw TCP so that each costs its own
// process little (prebuilt bytes, no parsing) while the server does all the work it lets them cause.
import { randomBytes } from 'node:crypto';
import { connect as tcpConnect, type Socket } from 'node:net';

/** Something that runs until `stop()`; `stop` resolves with what it counted. */
export interface Hostile<T> {
  stop(): Promise<T>;
}

const upgradeRequest = (host: string, path = '/ws') =>
  `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`;

/** `count` masked text frames of `text` back to back (mask key 0: valid, and no work to build). */
export function maskedTextFrames(text: string, count: number): Buffer {
  const payload = Buffer.from(text);
  if (payload.length > 125) throw new Error('short frames only');
  const frame = Buffer.concat([Buffer.from([0x81, 0x80 | payload.length, 0, 0, 0, 0]), payload]);
  return Buffer.concat(Array.from({ length: count }, () => frame));
}

/** Connects and upgrades to a WebSocket on raw TCP; resolves once the 101 answer is in. */
export function rawWebSocket(port: number, host = `127.0.0.1:${port}`): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(port, '127.0.0.1', () => socket.write(upgradeRequest(host)));
    socket.once('data', (head) => {
      if (String(head).startsWith('HTTP/1.1 101')) resolve(socket);
      else {
        socket.destroy();
        reject(new Error(`upgrade refused: ${String(head).split('\r\n')[0]}`));
      }
    });
    socket.once('error', reject);
  });
}

/**
 * `parallel` loops that each run `session` again and again until `stop()`: `stop` ends them,
 * destroys the sockets they hold in `open` (each session adds its socket and removes it when
 * closed), waits for every loop to end and resolves with `counts`.
 */
function reconnecting<T>(parallel: number, counts: T, session: (running: () => boolean, open: Set<Socket>) => Promise<void>): Hostile<T> {
  let running = true;
  const isRunning = (): boolean => running;
  const open = new Set<Socket>();
  const loop = async (): Promise<void> => {
    while (running) await session(isRunning, open);
  };
  const loops = Array.from({ length: parallel }, loop);
  return {
    stop: async () => {
      running = false;
      open.forEach((s) => s.destroy());
      await Promise.all(loops);
      return counts;
    },
  };
}

/**
 * `parallel` WebSocket clients that each write control messages as fast as the socket takes
 * them and, when the server closes them, connect again at once. Counts connections and the
 * close frames with code 1008 they got.
 */
export function webSocketFlood(port: number, parallel: number): Hostile<{ connections: number; closed1008: number; messagesWritten: number }> {
  const frames = maskedTextFrames('{"type":"control","action":"stop","token":"x"}', 4096);
  const perWrite = 4096;
  const counts = { connections: 0, closed1008: 0, messagesWritten: 0 };
  return reconnecting(parallel, counts, async (running, open) => {
    let socket: Socket;
    try {
      socket = await rawWebSocket(port);
    } catch {
      await new Promise((r) => setTimeout(r, 10));
      return;
    }
    counts.connections++;
    open.add(socket);
    await new Promise<void>((done) => {
      const write = (): void => {
        // Keep one write in the kernel's buffer: as fast as the server reads, no faster.
        while (running() && !socket.destroyed && socket.write(frames)) counts.messagesWritten += perWrite;
        if (!running()) socket.destroy();
      };
      socket.on('drain', () => {
        counts.messagesWritten += perWrite;
        write();
      });
      socket.on('data', (data: Buffer) => {
        // A close frame from the server: 0x88, length, then the code.
        const k = data.indexOf(0x88);
        if (k >= 0 && data.length >= k + 4 && data.readUInt16BE(k + 2) === 1008) {
          counts.closed1008++;
          socket.destroy();
        }
      });
      socket.on('error', () => {});
      socket.on('close', () => {
        open.delete(socket);
        done();
      });
      write();
    });
  });
}

/**
 * `parallel` connections each pipelining `pipelined` GET requests for `path` as fast as the server answers,
 * reading and discarding the answers; a connection closed by the server is opened again.
 * Counts the answers by status.
 */
export function httpFlood(port: number, path: string, parallel: number, pipelined = 8): Hostile<{ connections: number; statuses: Record<string, number> }> {
  const request = Buffer.from(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`.repeat(pipelined));
  const counts = { connections: 0, statuses: {} as Record<string, number> };
  return reconnecting(parallel, counts, async (running, open) => {
    counts.connections++;
    await new Promise<void>((done) => {
      const socket = tcpConnect(port, '127.0.0.1', () => socket.write(request));
      open.add(socket);
      socket.on('data', (data: Buffer) => {
        for (const match of String(data).matchAll(/HTTP\/1\.1 (\d{3})/g)) counts.statuses[match[1]!] = (counts.statuses[match[1]!] ?? 0) + 1;
        if (running()) socket.write(request);
        else socket.destroy();
      });
      socket.on('error', () => {});
      socket.on('close', () => {
        open.delete(socket);
        done();
      });
    });
    if (running()) await new Promise((r) => setImmediate(r));
  });
}

/**
 * Clients that never read: `webSockets` upgraded WebSockets and `sse` Server-Sent Events
 * streams, each paused right after the server's first answer, so the server's sends pile up.
 */
export async function neverReading(port: number, counts: { webSockets: number; sse: number }): Promise<Hostile<void>> {
  const sse = () =>
    new Promise<Socket>((resolve, reject) => {
      const socket = tcpConnect(port, '127.0.0.1', () => socket.write(`GET /events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`));
      socket.once('data', () => {
        socket.pause();
        resolve(socket);
      });
      socket.once('error', reject);
    });
  const webSocket = async () => {
    const socket = await rawWebSocket(port);
    socket.pause();
    return socket;
  };
  const sockets = await Promise.all([...Array.from({ length: counts.webSockets }, webSocket), ...Array.from({ length: counts.sse }, sse)]);
  return { stop: async () => sockets.forEach((s) => s.destroy()) };
}

/**
 * Half-open connections: `count` sockets that connect and send only the start of a request
 * (plain GETs, WebSocket upgrades without their last line, and nothing at all, in turn), then
 * wait. `closedByServer()` says how many the server has since closed.
 */
export async function halfOpen(port: number, count: number): Promise<Hostile<number> & { closedByServer(): number }> {
  const host = `127.0.0.1:${port}`;
  const starts = [`GET /api/run HTTP/1.1\r\nHost: ${host}\r\n`, upgradeRequest(host).slice(0, -2), ''];
  let closed = 0;
  let stopping = false;
  const sockets = await Promise.all(
    Array.from(
      { length: count },
      (_, k) =>
        new Promise<Socket>((resolve, reject) => {
          const socket = tcpConnect(port, '127.0.0.1', () => {
            if (starts[k % 3]) socket.write(starts[k % 3]!);
            resolve(socket);
          });
          // Read (and drop) what comes, or the server's closing would go unnoticed.
          socket.resume();
          socket.on('close', () => void (stopping || closed++));
          socket.on('error', reject);
        }),
    ),
  );
  sockets.forEach((s) => s.on('error', () => {}));
  return {
    closedByServer: () => closed,
    stop: async () => {
      stopping = true;
      sockets.forEach((s) => s.destroy());
      return closed;
    },
  };
}
