import type { Subscription } from 'rxjs';
import type { Snapshot } from '../operators/Snapshot.js';
import type { TrainStep } from '../operators/TrainStep.js';
import { CostCurve } from './CostCurve.js';
import { encodeEvaluation } from './encodeEvaluation.js';
import { encodeSnapshot, round } from './encodeSnapshot.js';
import { isFinished, type ControlData, type EvaluationData, type RunStatus, type ServerMessage, type SnapshotData, type StepTuple, type ValidationTuple } from '../protocol/protocol.js';
import type { ValidationStep } from '../operators/validation.js';
import type { ServedRun } from './ServedRun.js';
import { StepRate } from '../operators/StepRate.js';

const utf8 = new TextEncoder();

/**
 * A server message serialised once for every client: `json` is the whole message, `bytes` its
 * UTF-8 encoding (made on first use, then shared, so a hundred WebSocket clients cost one encode).
 *
 * @example
 * ws.send(message.bytes, { binary: false });
 */
export class Outgoing {
  #bytes: Uint8Array | undefined;

  constructor(
    readonly id: number,
    readonly type: ServerMessage['type'],
    readonly json: string,
  ) {}

  get bytes(): Uint8Array {
    return (this.#bytes ??= utf8.encode(this.json));
  }
}

/** How a {@link RunFeed} samples and batches a run. */
export interface FeedOptions {
  /** Most points in the history curve a late client gets. */
  readonly historyPoints: number;
  /** Milliseconds between live messages: steps and snapshots arriving in between are batched. */
  readonly flushMs: number;
  /** Most points in one live `steps` message; more steps than that in one flush are decimated. */
  readonly livePoints: number;
  /** Recent `steps`/`status` messages kept so a reconnecting client resumes without a gap. */
  readonly replayMessages: number;
  /** Put weights and biases into snapshot messages. */
  readonly weights: boolean;
  /** Most misclassified examples in one `evaluation` message. */
  readonly misclassified: number;
  readonly log: (line: string) => void;
}

/**
 * The one subscriber to a run on behalf of every client: keeps the state a late client needs
 * (a bounded cost curve, the latest snapshot, the status, a classifier's latest evaluation),
 * batches live updates into at most one `steps` and one `snapshot` message per `flushMs`
 * (evaluations are sent as they come: one per validation), serialises each message once, and hands it to
 * every listener. Per training step it only stores numbers (no allocation, no I/O), so serving
 * costs training almost nothing however many clients watch.
 *
 * @example
 * const feed = new RunFeed(run, options);
 * feed.listen((message) => socket.send(message.json));
 * feed.start();
 */
export class RunFeed {
  readonly #run: ServedRun;
  readonly #options: FeedOptions;
  readonly #curve: CostCurve;
  readonly #pending: CostCurve;
  readonly #listeners = new Set<(message: Outgoing) => void>();
  readonly #replay: Outgoing[] = [];
  // Highest id evicted from #replay: a client that saw at least this much can resume from the replay.
  #evictedUpTo = 0;
  #lastId = 0;
  #status: RunStatus = { state: 'waiting' };
  #ending: RunStatus | undefined;
  #stopRequested = false;
  #pendingSnapshot: Snapshot | undefined;
  #snapshot: { readonly id: number; readonly data: SnapshotData; readonly message: Outgoing } | undefined;
  #snapshotCount = 0;
  #history: Outgoing | undefined;
  // Validation comes every N steps: a bounded list, thinned by half when full, suffices for a plot.
  #validation: ValidationTuple[] = [];
  #latestValidation: ValidationStep | undefined;
  // A classifier's latest evaluation, latest-wins like the snapshot: late clients get it in `history`.
  #evaluation: { readonly id: number; readonly data: EvaluationData; readonly message: Outgoing } | undefined;
  #control: ControlData | undefined;
  readonly #rate = new StepRate();
  #subscriptions: Subscription[] = [];
  #timer: ReturnType<typeof setInterval> | undefined;
  #resolveFinished!: (status: RunStatus) => void;
  /** Resolves with the run's final status once it is over (after clients were sent everything before it). */
  readonly finished = new Promise<RunStatus>((resolve) => (this.#resolveFinished = resolve));

  constructor(run: ServedRun, options: FeedOptions) {
    this.#run = run;
    this.#options = options;
    this.#curve = new CostCurve(options.historyPoints);
    this.#pending = new CostCurve(options.livePoints);
  }

  get status(): RunStatus {
    return this.#status;
  }

  get latest(): TrainStep | undefined {
    return this.#curve.latest;
  }

  /** The latest validation evaluation, if any. */
  get latestValidation(): ValidationStep | undefined {
    return this.#latestValidation;
  }

  /** The live controls' state, when the run has controls. */
  get control(): ControlData | undefined {
    return this.#control;
  }

  /** The validation evaluations kept for late clients (at most about `historyPoints`). */
  get validationPoints(): readonly ValidationTuple[] {
    return this.#validation;
  }

  get snapshotCount(): number {
    return this.#snapshotCount;
  }

  /** Steps per second over the last second or so of the run's own clock; 0 unless running. */
  get stepsPerSecond(): number {
    return this.#status.state === 'running' ? this.#rate.perSecond() : 0;
  }

  /** Subscribes to the run's streams and starts the flush timer. */
  start(): void {
    for (const s of this.#run.history?.() ?? []) this.#curve.add(s);
    if (this.#curve.latest) this.#setStatus({ state: 'running' });
    this.#timer = setInterval(() => this.#flush(), this.#options.flushMs);
    this.#subscriptions = [
      this.#run.steps$.subscribe({
        next: (s) => this.#onStep(s),
        error: (e: unknown) => this.#end({ state: 'failed', error: e instanceof Error ? e.message : String(e) }),
        complete: () => this.#end({ state: this.#stopRequested ? 'stopped' : 'completed' }),
      }),
      this.#run.snapshots$.subscribe({
        next: (s) => {
          this.#pendingSnapshot = s;
          this.#snapshotCount++;
          if (this.#ending) this.#flush();
        },
        error: (e: unknown) => this.#options.log(`snapshot stream failed: ${e instanceof Error ? e.message : String(e)}`),
      }),
    ];
    if (this.#run.validation$) this.#subscriptions.push(this.#run.validation$.subscribe({ next: (v) => this.#onValidation(v), error: () => undefined }));
    if (this.#run.control) {
      this.#subscriptions.push(
        this.#run.control.state$.subscribe((c) => {
          const control: ControlData = { paused: c.paused, lr: c.lr ?? null };
          this.#control = control;
          if (!isFinished(this.#status)) this.#emit('control', (id) => ({ type: 'control', id, control }), true);
        }),
      );
    }
  }

  /** Sends what is pending (the final status too, if the run just ended), unsubscribes from the run and stops the timer. */
  stop(): void {
    if (this.#ending) this.#flush();
    clearInterval(this.#timer);
    this.#subscriptions.forEach((s) => s.unsubscribe());
    this.#listeners.clear();
  }

  /** Calls `listener` with every live message until the returned function is called. */
  listen(listener: (message: Outgoing) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * What a client connecting now gets before live messages: after `lastId` (the last id it saw,
   * when reconnecting) the messages it missed if they are still in the replay, else `history`.
   */
  welcome(lastId?: number): Outgoing[] {
    if (lastId !== undefined && lastId >= this.#evictedUpTo && lastId <= this.#lastId) {
      const missed = this.#replay.filter((m) => m.id > lastId);
      if (this.#snapshot && this.#snapshot.id > lastId) missed.push(this.#snapshot.message);
      if (this.#evaluation && this.#evaluation.id > lastId) missed.push(this.#evaluation.message);
      return missed.sort((a, b) => a.id - b.id);
    }
    this.#history ??= this.#outgoing('history', {
      type: 'history',
      id: this.#lastId,
      steps: toWire(this.#curve.points()),
      ...lrOf(this.#curve.latest),
      snapshot: this.#snapshot?.data ?? null,
      status: this.#status,
      ...(this.#run.validation$ ? { validation: this.#validation } : {}),
      ...(this.#control ? { control: this.#control } : {}),
      ...(this.#evaluation ? { evaluation: this.#evaluation.data } : {}),
    });
    return [this.#history];
  }

  /** Asks the run to stop; false when it cannot (no `stop`, or already over). */
  requestStop(): boolean {
    if (!this.#run.stop || isFinished(this.#status) || this.#ending) return false;
    this.#stopRequested = true;
    this.#run.stop();
    return true;
  }

  /** The run's live controls while it can still obey them (not over, not ending). */
  liveControl(): ServedRun['control'] {
    return isFinished(this.#status) || this.#ending ? undefined : this.#run.control;
  }

  #onValidation(v: ValidationStep): void {
    this.#latestValidation = v;
    const tuple: ValidationTuple = [v.step, round(v.cost), v.accuracy === undefined ? null : round(v.accuracy)];
    this.#validation.push(tuple);
    if (this.#validation.length > 2 * this.#options.historyPoints) this.#validation = this.#validation.filter((_, i) => i % 2 === 1);
    if (isFinished(this.#status)) return;
    this.#emit('validation', (id) => ({ type: 'validation', id, validation: tuple }), true);
    if (!v.classes) return;
    const data = encodeEvaluation(v, v.classes, { most: this.#options.misclassified, ...(this.#run.image ? { image: this.#run.image } : {}) });
    const message = this.#emit('evaluation', (id) => ({ type: 'evaluation', id, evaluation: data }), false);
    this.#evaluation = { id: message.id, data, message };
  }

  #onStep(s: TrainStep): void {
    this.#curve.add(s);
    this.#pending.add(s);
    if (this.#status.state === 'waiting') this.#setStatus({ state: 'running' });
  }

  #end(status: RunStatus): void {
    this.#ending = status;
    // The run's last snapshot may arrive right after its last step: flush on the next tick, so
    // clients get it before the final status.
    setTimeout(() => this.#flush(), 0);
  }

  #flush(): void {
    if (isFinished(this.#status)) return;
    if (this.#pending.seen > 0) {
      const steps = toWire(this.#pending.points());
      const lr = lrOf(this.#pending.latest);
      this.#pending.clear();
      this.#emit('steps', (id) => ({ type: 'steps', id, steps, ...lr }), true);
    }
    if (this.#pendingSnapshot) {
      const data = encodeSnapshot(this.#pendingSnapshot, { weights: this.#options.weights });
      this.#pendingSnapshot = undefined;
      const message = this.#emit('snapshot', (id) => ({ type: 'snapshot', id, snapshot: data }), false);
      this.#snapshot = { id: message.id, data, message };
    }
    const latest = this.#curve.latest;
    if (latest) this.#rate.add(latest.time, latest.step);
    if (this.#ending) {
      this.#setStatus(this.#ending);
      clearInterval(this.#timer);
    }
  }

  #setStatus(status: RunStatus): void {
    this.#status = status;
    this.#emit('status', (id) => ({ type: 'status', id, status }), true);
    if (isFinished(status)) this.#resolveFinished(status);
  }

  #emit(type: Outgoing['type'], build: (id: number) => ServerMessage, replayable: boolean): Outgoing {
    const message = this.#outgoing(type, build(++this.#lastId));
    this.#history = undefined;
    if (replayable) {
      this.#replay.push(message);
      if (this.#replay.length > this.#options.replayMessages) this.#evictedUpTo = this.#replay.shift()!.id;
    }
    for (const listener of this.#listeners) listener(message);
    return message;
  }

  #outgoing(type: Outgoing['type'], message: ServerMessage): Outgoing {
    return new Outgoing('id' in message ? message.id : 0, type, JSON.stringify(message));
  }
}

/** Costs to 6 significant digits and times to 0.1 ms: what a plot can show, in fewer bytes. */
const toWire = (points: readonly StepTuple[]): StepTuple[] =>
  points.map(([step, cost, batchSize, time]) => [step, round(cost), batchSize, Math.round(time * 10) / 10]);

/** The learning rate of step `s` as a message field (6 significant digits), or nothing when the run reports none. */
const lrOf = (s: TrainStep | undefined): { lr?: number } => (s?.lr === undefined ? {} : { lr: round(s.lr) });
