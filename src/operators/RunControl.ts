import { BehaviorSubject, Observable, Subject, type Subscription, distinctUntilChanged, type SchedulerAction, type SchedulerLike } from 'rxjs';
import { InputError } from '../errors/InputError.js';
import { isYielding, timeSliceScheduler, type YieldingScheduler } from '../scheduler/TimeSliceScheduler.js';

/**
 * What a run's live controls say, as the dashboard and `/api/run` show it.
 *
 * @example
 * control.state$.subscribe(({ paused, lr }) => render(paused, lr));
 */
export interface ControlState {
  readonly paused: boolean;
  /** The learning rate set from outside, if any (it overrides the run's own from the next step). */
  readonly lr?: number;
  readonly stopped: boolean;
}

/**
 * Live control of a training run from outside: pause, resume, set the learning rate, stop. Give it
 * to `train`/`trainingRun` (`control` option), and build the run's samplers on
 * {@link RunControl.scheduler}: while paused, their scheduled actions are held — not polled — so
 * a paused run costs no CPU, and the samplers' random state does not move.
 *
 * @example
 * const control = new RunControl();
 * const batches$ = fromFunction({ target: 'x*y', box, batchSize: 10, seed: 1, scheduler: control.scheduler });
 * const run = trainingRun(batches$, makeNet, { eta: 0.01, control });
 * run.connect();
 * control.pause(); control.setLearningRate(0.001); control.resume(); control.stop();
 */
export class RunControl {
  /** The scheduler to build samplers (and the train operator) on: the given one, gated by pause. */
  readonly scheduler: YieldingScheduler;
  readonly #state: BehaviorSubject<ControlState>;
  readonly #lr = new Subject<number>();
  readonly #held: (() => void)[] = [];

  constructor(inner: SchedulerLike = timeSliceScheduler) {
    if (typeof (inner as Partial<SchedulerLike> | null)?.schedule !== 'function' || typeof inner.now !== 'function') {
      throw new InputError('scheduler', `must be an RxJS scheduler, got ${String(inner)}`, 'omit it for the shared time-slice scheduler');
    }
    this.#state = new BehaviorSubject<ControlState>({ paused: false, stopped: false });
    this.scheduler = gate(inner, () => this.paused, (resume) => this.#held.push(resume));
  }

  /** The controls' state: now, then on every change. */
  get state$(): Observable<ControlState> {
    return this.#state.pipe(distinctUntilChanged());
  }

  /** Learning rates set with {@link RunControl.setLearningRate}, as they are set. */
  get learningRate$(): Observable<number> {
    return this.#lr.asObservable();
  }

  /** Emits once (then completes) when {@link RunControl.stop} is called. */
  get stopped$(): Observable<void> {
    return new Observable<void>((subscriber) =>
      this.#state.subscribe((s) => {
        if (!s.stopped) return;
        subscriber.next();
        subscriber.complete();
      }),
    );
  }

  get paused(): boolean {
    return this.#state.value.paused;
  }

  get state(): ControlState {
    return this.#state.value;
  }

  /** Holds the run after the step in progress; idempotent. */
  pause(): void {
    if (!this.paused && !this.#state.value.stopped) this.#state.next({ ...this.#state.value, paused: true });
  }

  /** Lets a paused run continue where it was; idempotent. */
  resume(): void {
    if (!this.paused) return;
    this.#state.next({ ...this.#state.value, paused: false });
    for (const release of this.#held.splice(0)) release();
  }

  /** Sets the learning rate from the next step on (finite, > 0). */
  setLearningRate(lr: number): void {
    if (typeof lr !== 'number' || !Number.isFinite(lr) || lr <= 0) throw new InputError('lr', `must be a finite number > 0, got ${String(lr)}`, 'e.g. 0.001');
    this.#state.next({ ...this.#state.value, lr });
    this.#lr.next(lr);
  }

  /** Ends the run after the step in progress (a paused run too). */
  stop(): void {
    if (this.#state.value.stopped) return;
    this.#state.next({ paused: false, ...(this.#state.value.lr !== undefined ? { lr: this.#state.value.lr } : {}), stopped: true });
    for (const release of this.#held.splice(0)) release();
  }
}

/**
 * `inner`, except that an action due while `paused()` is handed to `hold` (to be rescheduled on
 * resume) instead of running: nothing polls while paused.
 */
function gate(inner: SchedulerLike, paused: () => boolean, hold: (resume: () => void) => void): YieldingScheduler {
  return {
    now: () => inner.now(),
    shouldYield: isYielding(inner) ? () => inner.shouldYield() : () => false,
    schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay?: number, state?: T): Subscription {
      return inner.schedule<T>(
        function (this: SchedulerAction<T>, s?: T) {
          if (paused()) {
            hold(() => this.schedule(s));
            return;
          }
          work.call(this, s);
        },
        delay,
        state,
      );
    },
  };
}
