import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { DropKind } from './ClientOutbox.js';
import type { RunState } from '../protocol/protocol.js';
import type { RunFeed } from './RunFeed.js';

const states: readonly RunState[] = ['waiting', 'running', 'completed', 'failed', 'stopped'];
const transports = ['ws', 'sse'] as const;

/** Per transport: connected clients and the bytes held for them. */
export type ClientFigures = Record<(typeof transports)[number], { readonly count: number; readonly pendingBytes: number }>;

/** Why the server turned a request or client away. */
export type RefusalReason = 'host' | 'origin' | 'flood' | 'busy';
const refusalReasons: readonly RefusalReason[] = ['host', 'origin', 'flood', 'busy'];

/** The run's Prometheus registry and the metrics the server updates itself. */
export interface RunMetrics {
  /** The run's own metrics. */
  readonly registry: Registry;
  /** What `/metrics` answers: the process's metrics, then the run's, in Prometheus text. */
  readonly text: () => Promise<string>;
  /** Counts messages a slow client did not get. */
  readonly dropped: (kind: DropKind) => void;
  /** Counts requests and clients turned away. */
  readonly refused: (reason: RefusalReason) => void;
}

/**
 * A Prometheus registry of its own (never prom-client's global one, so two servers in one
 * process never mix) for one served run; every metric carries the `scenario` label. Run figures
 * are read from the feed when scraped, so training pays nothing for them.
 *
 * Metrics: `rxprop_train_steps_total`, `rxprop_train_cost`, `rxprop_train_steps_per_second`,
 * `rxprop_snapshots_total`, `rxprop_run_status{state}` (1 for the current state),
 * `rxprop_clients{transport}`, `rxprop_client_pending_bytes{transport}`, `rxprop_dropped_messages_total{kind}`,
 * `rxprop_refused_total{reason}`,
 * `rxprop_validation_cost`, `rxprop_validation_accuracy`, `rxprop_validation_step`, `rxprop_learning_rate`, `rxprop_paused`. `text()` puts prom-client's default process metrics
 * (`process_cpu_seconds_total`, `process_resident_memory_bytes`, `nodejs_heap_size_used_bytes`,
 * `nodejs_eventloop_lag_seconds`, …, without the `scenario` label: they are the process's) first.
 *
 * @example
 * const { registry } = createMetrics(feed, 'sine', () => ({ ws: { count: 3, pendingBytes: 0 }, sse: { count: 0, pendingBytes: 0 } }));
 * await registry.metrics();
 */
export function createMetrics(feed: RunFeed, scenario: string, clients: () => ClientFigures): RunMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ scenario });
  const registers = [registry];
  new Counter({
    name: 'rxprop_train_steps_total',
    help: 'Training steps completed.',
    registers,
    collect() {
      this.reset();
      this.inc(feed.latest?.step ?? 0);
    },
  });
  new Gauge({
    name: 'rxprop_train_cost',
    help: 'Cost of the latest training step (NaN before the first).',
    registers,
    collect() {
      this.set(feed.latest?.cost ?? NaN);
    },
  });
  new Gauge({
    name: 'rxprop_train_steps_per_second',
    help: 'Training steps per second over about the last second (0 unless running).',
    registers,
    collect() {
      this.set(feed.stepsPerSecond);
    },
  });
  new Counter({
    name: 'rxprop_snapshots_total',
    help: 'Snapshots the run has emitted.',
    registers,
    collect() {
      this.reset();
      this.inc(feed.snapshotCount);
    },
  });
  new Gauge({
    name: 'rxprop_run_status',
    help: 'The run state: 1 for the current state, 0 for the others.',
    labelNames: ['state'],
    registers,
    collect() {
      for (const state of states) this.set({ state }, feed.status.state === state ? 1 : 0);
    },
  });
  // One gauge per client figure, labelled by transport, read from `clients()` at scrape time.
  const perTransport = (name: string, help: string, figure: keyof ClientFigures['ws']): void => {
    new Gauge({
      name,
      help,
      labelNames: ['transport'],
      registers,
      collect() {
        const figures = clients();
        for (const transport of transports) this.set({ transport }, figures[transport][figure]);
      },
    });
  };
  perTransport('rxprop_clients', 'Connected live clients.', 'count');
  perTransport('rxprop_client_pending_bytes', 'Bytes waiting for live clients: queued messages (shared ones counted per client) and socket buffers.', 'pendingBytes');
  const dropped = new Counter({
    name: 'rxprop_dropped_messages_total',
    help: 'Messages not sent to slow clients: dropped cost batches (steps), snapshots and evaluations replaced by newer ones (snapshot, evaluation).',
    labelNames: ['kind'],
    registers,
  });
  validationGauges(feed, registers);
  dropped.inc({ kind: 'steps' }, 0);
  dropped.inc({ kind: 'snapshot' }, 0);
  dropped.inc({ kind: 'evaluation' }, 0);
  const refused = new Counter({
    name: 'rxprop_refused_total',
    help: 'Requests and clients turned away: a Host not naming this server (host), a foreign page (origin), a client sending too much (flood), too many clients (busy).',
    labelNames: ['reason'],
    registers,
  });
  for (const reason of refusalReasons) refused.inc({ reason }, 0);
  return {
    registry,
    text: async () => `${await processMetrics().metrics()}\n${await registry.metrics()}`,
    dropped: (kind) => dropped.inc({ kind }),
    refused: (reason) => refused.inc({ reason }),
  };
}

let processRegistry: Registry | undefined;

/**
 * One registry of default metrics for the whole process, made on first use: collecting them
 * installs a GC observer and an event-loop monitor that are never removed, so one per server
 * would pile up in a process that serves many runs.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** The validation and live-control gauges, read from the feed at scrape time (NaN until known). */
function validationGauges(feed: RunFeed, registers: Registry[]): void {
  const gauge = (name: string, help: string, read: () => number | undefined): void => {
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(read() ?? NaN);
      },
    });
  };
  gauge('rxprop_validation_cost', 'Cost on the held-out data at the latest validation (NaN before it, or without validation).', () => feed.latestValidation?.cost);
  gauge('rxprop_validation_accuracy', 'Accuracy on the held-out data at the latest validation (classification; NaN otherwise).', () => feed.latestValidation?.accuracy);
  gauge('rxprop_validation_step', 'The step of the latest validation (NaN before it).', () => feed.latestValidation?.step);
  gauge('rxprop_learning_rate', 'The learning rate used by the latest step (NaN before it).', () => feed.latest?.lr);
  gauge('rxprop_paused', '1 while the run is paused from outside, else 0.', () => (feed.control?.paused ? 1 : 0));
}
