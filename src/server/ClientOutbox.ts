import type { Outgoing } from './RunFeed.js';

/**
 * One client's connection as the outbox sees it: WebSocket or SSE.
 *
 * @example
 * const transport: Transport = { ready: () => ws.bufferedAmount < 256 * 1024, write: (m, done) => ws.send(m.json, () => done()), buffered: () => ws.bufferedAmount };
 */
export interface Transport {
  /** True when the connection can take another message without its own buffer passing its limit. */
  ready(): boolean;
  /** Writes one message and calls `done` once it has left the process (or failed). */
  write(message: Outgoing, done: () => void): void;
  /** Bytes written but still in this process (a WebSocket's `bufferedAmount`). */
  buffered(): number;
}

/** Why messages were not sent: `steps` dropped past the queue limit, `snapshot` or `evaluation` replaced by a newer one. */
export type DropKind = 'steps' | 'snapshot' | 'evaluation';

/** The messages only the latest of which matters: one slot each per client. */
const latestWins = ['snapshot', 'evaluation'] as const;
type LatestWins = (typeof latestWins)[number];
const isLatestWins = (type: Outgoing['type']): type is LatestWins => (latestWins as readonly string[]).includes(type);

/**
 * A client's bounded queue between the run's feed and its connection. Snapshots and evaluations
 * are latest-wins (one slot each); other messages wait in a queue of at most `maxQueued`, past
 * which the oldest `steps` message is dropped and reported through `onDrop`. So a slow or stalled
 * client holds at most `maxQueued` shared messages plus one snapshot and one evaluation, and never
 * delays the feed or other clients.
 * Messages leave in id order.
 *
 * @example
 * const outbox = new ClientOutbox(transport, { maxQueued: 64, onDrop: (kind) => dropped.inc({ kind }) });
 * feed.listen((m) => outbox.push(m));
 */
export class ClientOutbox {
  readonly #transport: Transport;
  readonly #maxQueued: number;
  readonly #onDrop: (kind: DropKind) => void;
  #queue: Outgoing[] = [];
  readonly #latest = new Map<LatestWins, Outgoing>();
  #pumping = false;
  #closed = false;
  #dropped = 0;
  #queuedChars = 0;

  constructor(transport: Transport, options: { readonly maxQueued: number; readonly onDrop: (kind: DropKind) => void }) {
    this.#transport = transport;
    this.#maxQueued = options.maxQueued;
    this.#onDrop = options.onDrop;
  }

  /** `steps` messages dropped so far (replaced snapshots and evaluations are not counted: latest-wins is by design). */
  get dropped(): number {
    return this.#dropped;
  }

  /** Messages waiting, latest-wins slots included. */
  get size(): number {
    return this.#queue.length + this.#latest.size;
  }

  /**
   * Bytes held for this client: its waiting messages (JSON is ASCII: one byte a character;
   * messages are shared between clients, so this is an upper bound) plus the connection's buffer.
   */
  get pendingBytes(): number {
    let slots = 0;
    for (const m of this.#latest.values()) slots += m.json.length;
    return this.#queuedChars + slots + this.#transport.buffered();
  }

  push(message: Outgoing): void {
    if (this.#closed) return;
    if (isLatestWins(message.type)) {
      if (this.#latest.has(message.type)) this.#onDrop(message.type);
      this.#latest.set(message.type, message);
    } else {
      this.#queue.push(message);
      this.#queuedChars += message.json.length;
      if (this.#queue.length > this.#maxQueued) this.#dropOldest();
    }
    this.pump();
  }

  /** Sends what the connection will take now; the transport calls it again as writes complete. */
  pump(): void {
    if (this.#pumping || this.#closed) return;
    this.#pumping = true;
    try {
      while (this.#transport.ready()) {
        const next = this.#take();
        if (!next) break;
        this.#transport.write(next, () => this.pump());
      }
    } finally {
      this.#pumping = false;
    }
  }

  /** Forgets everything waiting; later pushes are ignored. */
  close(): void {
    this.#closed = true;
    this.#queue = [];
    this.#queuedChars = 0;
    this.#latest.clear();
  }

  #take(): Outgoing | undefined {
    const head = this.#queue[0];
    let slot: Outgoing | undefined;
    for (const m of this.#latest.values()) if (!slot || m.id < slot.id) slot = m;
    if (slot && (!head || slot.id < head.id)) {
      this.#latest.delete(slot.type as LatestWins);
      return slot;
    }
    const next = this.#queue.shift();
    if (next) this.#queuedChars -= next.json.length;
    return next;
  }

  #dropOldest(): void {
    const k = this.#queue.findIndex((m) => m.type === 'steps');
    const [dropped] = this.#queue.splice(k === -1 ? 0 : k, 1);
    this.#queuedChars -= dropped!.json.length;
    this.#dropped++;
    this.#onDrop('steps');
  }
}
