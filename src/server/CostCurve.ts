import type { TrainStep } from '../operators/TrainStep.js';
import type { StepTuple } from '../protocol/protocol.js';

/**
 * A cost curve of at most `capacity` points however long the run: it keeps every `stride`-th
 * step, and when full drops every other kept point and doubles the stride, so the points stay
 * evenly spread over the whole run. Storage is allocated once; {@link CostCurve.add} allocates
 * nothing, because it runs once per training step.
 *
 * @example
 * const curve = new CostCurve(500);
 * steps$.subscribe((s) => curve.add(s));
 * curve.points(); // ≤ 501 tuples: the kept points plus the latest step
 */
export class CostCurve {
  readonly #step: Float64Array;
  readonly #cost: Float64Array;
  readonly #batch: Float64Array;
  readonly #time: Float64Array;
  #length = 0;
  #stride = 1;
  #seen = 0;
  #latest: TrainStep | undefined;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 2) throw new RangeError(`CostCurve capacity must be an integer ≥ 2, got ${capacity}`);
    this.#step = new Float64Array(capacity);
    this.#cost = new Float64Array(capacity);
    this.#batch = new Float64Array(capacity);
    this.#time = new Float64Array(capacity);
  }

  /** Steps added since the last {@link CostCurve.clear}. */
  get seen(): number {
    return this.#seen;
  }

  /** The last step added, kept or not. */
  get latest(): TrainStep | undefined {
    return this.#latest;
  }

  add(s: TrainStep): void {
    this.#latest = s;
    const index = this.#seen++;
    if (index % this.#stride !== 0) return;
    if (this.#length === this.capacity) {
      this.#halve();
      if (index % this.#stride !== 0) return;
    }
    const k = this.#length++;
    this.#step[k] = s.step;
    this.#cost[k] = s.cost;
    this.#batch[k] = s.batchSize;
    this.#time[k] = s.time;
  }

  /** The kept points in order, ending with the latest step even when the stride skipped it. */
  points(): StepTuple[] {
    const out: StepTuple[] = [];
    for (let k = 0; k < this.#length; k++) out.push([this.#step[k]!, this.#cost[k]!, this.#batch[k]!, this.#time[k]!]);
    const last = this.#latest;
    if (last && (this.#length === 0 || this.#step[this.#length - 1] !== last.step)) out.push([last.step, last.cost, last.batchSize, last.time]);
    return out;
  }

  /** Forgets every point (the latest step too) and resets the stride. */
  clear(): void {
    this.#length = 0;
    this.#stride = 1;
    this.#seen = 0;
    this.#latest = undefined;
  }

  #halve(): void {
    // Kept points sit at arrival indices 0, s, 2s, …; keeping the even ones leaves 0, 2s, 4s, …
    const half = Math.ceil(this.#length / 2);
    for (let k = 0; k < half; k++) {
      this.#step[k] = this.#step[2 * k]!;
      this.#cost[k] = this.#cost[2 * k]!;
      this.#batch[k] = this.#batch[2 * k]!;
      this.#time[k] = this.#time[2 * k]!;
    }
    this.#length = half;
    this.#stride *= 2;
  }
}
