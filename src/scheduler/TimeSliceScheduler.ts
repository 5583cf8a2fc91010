import { optionsObject } from '../errors/optionsObject.js';
import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';

/** What {@link TimeSliceScheduler} is built from. */
export interface TimeSliceSchedulerOptions {
  /**
   * Longest stretch of synchronous work (ms) before the event loop gets a turn. Default 5: a
   * waiting timer or socket is late by at most this plus one action (one training step).
   */
  readonly sliceMs?: number;
  /**
   * Where time and turns come from. Omitted: `performance.now()` and `setImmediate` (a
   * `MessageChannel` or `setTimeout` in browsers). A `TestScheduler` makes marble tests drive it.
   */
  readonly host?: SchedulerLike;
}

/**
 * A scheduler that can tell the code it runs when to give the event loop back.
 * The train operator uses {@link YieldingScheduler.shouldYield} to slice synchronous batch
 * sources (`from(array)`); any other `SchedulerLike` is treated as never asking to yield.
 *
 * @example
 * if (scheduler.shouldYield()) queue.push(batch); else step(batch);
 */
export interface YieldingScheduler extends SchedulerLike {
  /** True when the current synchronous stretch has used its time slice. */
  shouldYield(): boolean;
}

/**
 * An RxJS scheduler that runs queued actions back to back until a time slice is used up, then
 * yields a macrotask turn (so timers, I/O and sockets run) and carries on.
 *
 * Why a scheduler of our own: training is synchronous per batch, and a sampler is an endless
 * synchronous source. `queueScheduler` would never yield; `asapScheduler` yields only to
 * microtasks (timers starve); `asyncScheduler` pays a ≥1 ms `setInterval` per action. This one
 * pays one `setImmediate` per slice (~0.1% at 5 ms) and keeps timer lag near `sliceMs`.
 * All samplers and train operators share {@link timeSliceScheduler} by default, so concurrent
 * runs take turns action by action and the event-loop lag stays bounded however many run.
 *
 * @example
 * const scheduler = new TimeSliceScheduler({ sliceMs: 5 });
 * scheduled(batches, scheduler).pipe(train(net, { eta: 0.01, scheduler })).subscribe();
 */
export class TimeSliceScheduler implements YieldingScheduler {
  readonly sliceMs: number;
  readonly #host: SchedulerLike | undefined;
  readonly #queue: SliceAction<unknown>[] = [];
  #head = 0;
  /** Start of the current slice: a flush, or a stretch of foreign synchronous work. */
  #sliceStart: number | undefined;
  #flushRequested = false;

  constructor(options: TimeSliceSchedulerOptions = {}) {
    optionsObject(options, 'new TimeSliceScheduler({ sliceMs: 5 })');
    const sliceMs = options.sliceMs ?? 5;
    if (!(sliceMs >= 0) || !Number.isFinite(sliceMs)) throw new RangeError(`sliceMs must be a finite number ≥ 0, got ${sliceMs}`);
    this.sliceMs = sliceMs;
    this.#host = options.host;
  }

  now(): number {
    return this.#host ? this.#host.now() : performance.now();
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    return new SliceAction<T>(this, work).schedule(state, delay);
  }

  shouldYield(): boolean {
    if (this.#sliceStart === undefined) {
      // Called from synchronous work we did not start (e.g. `from(array)`): that work gets one
      // slice, measured from now; the flush requested here closes it on the next turn.
      this.#sliceStart = this.now();
      this.#requestFlush();
    }
    return this.now() - this.#sliceStart >= this.sliceMs;
  }

  /** @internal Queues an action to run in the next flush. */
  enqueue(action: SliceAction<unknown>): void {
    this.#queue.push(action);
    this.#requestFlush();
  }

  /** @internal Runs `fn` after `delay` ms on the host (or a timer); the subscription cancels it. */
  later(fn: () => void, delay: number): Subscription {
    if (this.#host) return this.#host.schedule(fn, delay);
    const timer = setTimeout(fn, delay);
    return new Subscription(() => clearTimeout(timer));
  }

  #requestFlush(): void {
    if (this.#flushRequested) return;
    this.#flushRequested = true;
    if (this.#host) this.#host.schedule(this.#flush, 0);
    else nextTurn(this.#flush);
  }

  readonly #flush = (): void => {
    this.#flushRequested = false;
    const start = this.now();
    this.#sliceStart = start;
    const queue = this.#queue;
    let ran = false;
    try {
      // Actions queued while flushing (a sampler rescheduling itself) run in this flush while
      // the slice lasts; at least one runs per flush so work always progresses.
      while (this.#head < queue.length && !(ran && this.now() - start >= this.sliceMs)) {
        const action = queue[this.#head++]!;
        ran = action.execute() || ran;
      }
    } finally {
      queue.splice(0, this.#head);
      this.#head = 0;
      this.#sliceStart = undefined;
      if (queue.length > 0) this.#requestFlush();
    }
  };
}

/** One scheduled piece of work; `schedule` again (as RxJS recursion does) to requeue it. */
class SliceAction<T> extends Subscription implements SchedulerAction<T> {
  #state: T | undefined;
  #queued = false;
  #timer: Subscription | undefined;

  constructor(
    private readonly scheduler: TimeSliceScheduler,
    private readonly work: (this: SchedulerAction<T>, state?: T) => void,
  ) {
    super();
    this.add(() => this.#timer?.unsubscribe());
  }

  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    this.#state = state;
    this.#timer?.unsubscribe();
    this.#timer = undefined;
    if (delay > 0) {
      this.#timer = this.scheduler.later(() => {
        this.#timer = undefined;
        this.#enqueue();
      }, delay);
    } else {
      this.#enqueue();
    }
    return this;
  }

  /** Runs the work unless unsubscribed meanwhile; true when it ran. */
  execute(): boolean {
    this.#queued = false;
    if (this.closed) return false;
    try {
      this.work(this.#state);
    } catch (err) {
      this.unsubscribe();
      throw err;
    }
    return true;
  }

  #enqueue(): void {
    if (this.#queued) return;
    this.#queued = true;
    this.scheduler.enqueue(this as SliceAction<unknown>);
  }
}

/** A macrotask turn: after pending timers and I/O get to run. */
function nextTurn(fn: () => void): void {
  if (typeof setImmediate === 'function') {
    setImmediate(fn);
  } else if (typeof MessageChannel === 'function') {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      fn();
    };
    channel.port2.postMessage(undefined);
  } else {
    setTimeout(fn, 0);
  }
}

/**
 * The scheduler samplers and the train operator use unless told otherwise (5 ms slices).
 *
 * @example
 * fromFunction({ target: 'x*y', box: [[0, 1], [0, 1]], batchSize: 10, seed: 1, scheduler: timeSliceScheduler });
 */
export const timeSliceScheduler = new TimeSliceScheduler();

/**
 * True when `scheduler` can say when to yield (a {@link TimeSliceScheduler} or any
 * {@link YieldingScheduler}).
 *
 * @example
 * const shouldYield = isYielding(s) ? () => s.shouldYield() : () => false;
 */
export function isYielding(scheduler: SchedulerLike): scheduler is YieldingScheduler {
  return typeof (scheduler as Partial<YieldingScheduler>).shouldYield === 'function';
}
