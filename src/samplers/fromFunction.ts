import { InputError } from '../errors/InputError.js';
import { Batch } from '../network/Batch.js';
import { timeSliceScheduler } from '../scheduler/TimeSliceScheduler.js';
import { fillUniform, restoreRandom, seededRandom, type Random, type SeededRandom } from '../random/Random.js';
import { compileBatchKernel } from './compileBatchKernel.js';
import { compileTarget } from './compileTarget.js';
import { compileTargetColumns } from './compileTargetColumns.js';
import { Float64Slab } from './Float64Slab.js';
import { checkState, resumableSampler, type BatchCursor, type ResumableSampler, type SamplerState } from './ResumableSampler.js';
import { randomSource } from './randomSource.js';
import type { Box, SamplerOptions } from './Sampler.js';
import { optionsObject } from '../errors/optionsObject.js';

/** A target as TypeScript: `x` is reused between calls (copy it to keep it). */
export type TargetFunction = (x: Float64Array) => number | ArrayLike<number>;

/**
 * Options of {@link fromFunction}.
 *
 * @example
 * const seed: FromFunctionOptions = { target: 'exp(-5*(x^2+y^2))*abs(x+y)', box: [[-0.5, 0.5], [-0.5, 0.5]], batchSize: 100, seed: 1 };
 */
export interface FromFunctionOptions extends SamplerOptions {
  /** A mathjs expression (see `compileTarget`), one expression per output, or a TypeScript function. */
  readonly target: string | readonly string[] | TargetFunction;
  /** One `[lo, hi]` per input dimension; points are uniform in it. */
  readonly box: Box;
  readonly batchSize: number;
  /** Seeds a fresh generator per subscription (every subscriber sees the same batches). */
  readonly seed?: number;
  /** Instead of `seed`: one generator shared by all subscriptions (each draws on from where it is). */
  readonly random?: Random;
  /** Target values per point (default 1, or the number of expressions). */
  readonly outputs?: number;
}

/**
 * Endless random batches: points uniform in `box`, targets from a function — the seed's
 * `make_batch`. Coordinates are drawn sample by sample, dimension by dimension (numpy's
 * `uniform(size=[B, d])` order). Cold and seeded: each subscription replays the same batches.
 * A target that is NaN or ±Infinity at a point errors the stream with an {@link InputError}
 * naming the point. The sampler's `box` is where snapshots put their grid by default.
 * Resumable when seeded (its state: the generator's), so checkpoints can continue it.
 * Each batch's `x` and `t` are its own for good (keep them as long as you like), but views on a
 * buffer shared with neighbouring batches ({@link Float64Slab}): read them through their own
 * offset and length, not through `.buffer`.
 *
 * @example
 * const batches$ = fromFunction({ target: 'exp(-5*(x^2+y^2))*abs(x+y)', box: [[-0.5, 0.5], [-0.5, 0.5]], batchSize: 100, seed: 1 });
 */
export function fromFunction(options: FromFunctionOptions): ResumableSampler<Batch> {
  const makeBatches = functionBatchMaker(options);
  const makeRandom = randomSource(options);
  const seeded = options.random === undefined;
  const scheduler = options.scheduler ?? timeSliceScheduler;
  const open = (from: SamplerState | undefined): BatchCursor => {
    if (!seeded) {
      if (from !== undefined) throw new InputError('random', 'is a generator shared by several subscriptions: the sampler cannot resume', 'give seed instead of random');
      return new SharedGeneratorCursor(makeBatches(makeRandom()));
    }
    const state = from && checkState(from, 'function');
    const random = state ? restoreRandom(state['random'] as number[], 'sampler.random') : seededRandom(options.seed!);
    return new FunctionCursor(makeBatches(random), random, state?.batches ?? 0);
  };
  // The box as validated by the maker, copied so later changes to the options do not move it.
  return resumableSampler(open, options.box.map(([lo, hi]) => [lo, hi] as const), scheduler);
}

/** fromFunction's position: the generator's state after each of the last two batches. */
class FunctionCursor implements BatchCursor {
  readonly #before = new Int32Array(4);

  constructor(
    private readonly batches: () => Batch,
    private readonly random: SeededRandom,
    public emitted: number,
  ) {}

  next(): Batch {
    this.random.saveState(this.#before);
    const batch = this.batches();
    this.emitted++;
    return batch;
  }

  stateAt(count: number): SamplerState | undefined {
    if (count === this.emitted) return { kind: 'function', batches: count, random: this.random.state() };
    if (count === this.emitted - 1) return { kind: 'function', batches: count, random: Array.from(this.#before) };
    return undefined;
  }
}

/** A sampler on a generator shared on purpose has no state of its own to save. */
class SharedGeneratorCursor implements BatchCursor {
  emitted = 0;

  constructor(private readonly batches: () => Batch) {}

  next(): Batch {
    this.emitted++;
    return this.batches();
  }

  stateAt(): undefined {
    return undefined;
  }
}

/**
 * The batch-making core of {@link fromFunction} without the stream: validates the options once,
 * then gives, per generator, a function returning the next batch. Benchmarks and custom samplers
 * use it to make exactly what `fromFunction` makes.
 *
 * @example
 * const next = functionBatchMaker({ target: (x) => x[0]! * x[1]!, box: [[0, 1], [0, 1]], batchSize: 8 })(seededRandom(1));
 * const batch = next();
 */
export function functionBatchMaker(options: Omit<FromFunctionOptions, 'seed' | 'random' | 'scheduler'>): (random: Random) => () => Batch {
  optionsObject(options, "fromFunction({ target: 'x*y', box: [[-1, 1], [-1, 1]], batchSize: 100, seed: 1 })");
  const box = validateBox(options.box);
  const batchSize = options.batchSize;
  if (!(Number.isInteger(batchSize) && batchSize > 0)) {
    throw new InputError('batchSize', `must be a positive integer, got ${String(batchSize)}`, 'the seed uses 100');
  }
  const { evaluate, outputs } = targetOf(options, box, batchSize);
  const shape: BatchShape = { dim: box.length, batchSize, outputs, evaluate };
  return (random) => {
    const batches = new FunctionBatches(shape, random);
    return () => batches.next();
  };
}

/** What every batch of one `fromFunction` shares. */
interface BatchShape {
  readonly dim: number;
  readonly batchSize: number;
  readonly outputs: number;
  readonly evaluate: RowsTarget;
}

/**
 * Maps the `batchSize` row-major uniform draws `x` into the box in place and writes their targets
 * to `t` (`outputs` per row), or throws the InputError of the first non-finite value in row
 * order; `point` is scratch for one row.
 */
type RowsTarget = (x: Float64Array, t: Float64Array, point: Float64Array) => void;

/** Batches from one generator: the shared shape, and this generator's point buffer and slab. */
class FunctionBatches {
  readonly #point: Float64Array;
  readonly #slab = new Float64Slab(slabDoubles);

  constructor(
    private readonly shape: BatchShape,
    private readonly random: Random,
  ) {
    this.#point = new Float64Array(shape.dim);
  }

  next(): Batch {
    const { dim, batchSize, outputs, evaluate } = this.shape;
    const x = this.#slab.take(batchSize * dim, batchSize * (dim + outputs));
    const t = this.#slab.take(batchSize * outputs);
    // All draws first (row-major: sample by sample, dimension by dimension), then box and targets.
    fillUniform(this.random, x, 0, x.length);
    evaluate(x, t, this.#point);
    // Finite by construction: points in a finite box (validateBox), targets checked one by one.
    return Batch.fromFiniteArrays(x, t, batchSize);
  }
}

/**
 * Doubles per slab buffer: 64 KiB, 27 batches of the seed's (the allocation then costs a few
 * hundredths of a µs a batch); a batch kept alone keeps at most this much alive.
 */
const slabDoubles = 8192;

function validateBox(box: Box): Box {
  if (!Array.isArray(box) || box.length === 0) {
    throw new InputError('box', `must list one [lo, hi] per input dimension, got ${JSON.stringify(box)}`, 'e.g. [[-0.5, 0.5], [-0.5, 0.5]]');
  }
  box.forEach((range, d) => {
    const ok = Array.isArray(range) && range.length === 2 && range.every((v) => typeof v === 'number' && Number.isFinite(v));
    if (!ok) throw new InputError(`box[${d}]`, `must be [lo, hi] with finite numbers, got ${JSON.stringify(range)}`);
    if (!(range[0] < range[1])) throw new InputError(`box[${d}]`, `needs lo < hi, got [${range[0]}, ${range[1]}]`);
    if (!Number.isFinite(range[1] - range[0])) throw new InputError(`box[${d}]`, `is wider than the largest double, got [${range[0]}, ${range[1]}]`, 'scale the inputs');
  });
  return box.map(([lo, hi]) => [lo, hi] as const);
}

/**
 * The box and the target as a {@link RowsTarget}, plus the target's width. Expressions of plain
 * arithmetic and functions compile into one loop over the batch ({@link compileBatchKernel}),
 * or, where code cannot be generated, into a loop per syntax-tree node over whole columns
 * ({@link compileTargetColumns}); the rest, and TypeScript targets, run point by point.
 */
function targetOf(options: Pick<FromFunctionOptions, 'target' | 'outputs'>, box: Box, batchSize: number): { evaluate: RowsTarget; outputs: number } {
  const { target } = options;
  const dim = box.length;
  const expressions = typeof target === 'string' ? [target] : Array.isArray(target) ? (target as readonly string[]) : undefined;
  const outputs = options.outputs ?? expressions?.length ?? 1;
  if (!(Number.isInteger(outputs) && outputs > 0)) throw new InputError('outputs', `must be a positive integer, got ${String(outputs)}`);
  if (expressions) {
    if (expressions.length !== outputs) {
      throw new InputError('target', `has ${expressions.length} expression(s) but outputs is ${outputs}`, 'give one expression per output');
    }
    const fields = expressions.map((_, k) => (expressions.length === 1 ? 'target' : `target[${k}]`));
    const kernel = compileBatchKernel(expressions, fields, box);
    if (kernel) {
      return {
        outputs,
        evaluate: (x, t, point) => {
          const j = kernel(x, t, batchSize);
          if (j >= 0) throw nonFiniteAt(x, t, j, point, outputs);
        },
      };
    }
    const columns = expressions.map((e, k) => compileTargetColumns(e, dim, batchSize, fields[k]));
    if (columns.every((f) => f !== undefined)) {
      return {
        outputs,
        evaluate: inBox(box, (x, t, point) => {
          for (let k = 0; k < outputs; k++) columns[k]!(x, batchSize, t, k, outputs);
          // The first non-finite value in row order, as the point-by-point path would meet it.
          for (let j = 0; j < t.length; j++) if (!Number.isFinite(t[j]!)) throw nonFiniteAt(x, t, j, point, outputs);
        }),
      };
    }
    const fs = expressions.map((e, k) => compileTarget(e, dim, fields[k]));
    return {
      outputs,
      evaluate: inBox(box, pointByPoint(dim, outputs, (point, out, offset) => {
        for (let k = 0; k < outputs; k++) out[offset + k] = finite(fs[k]!(point), point, k);
      })),
    };
  }
  if (typeof target !== 'function') {
    throw new InputError('target', `must be a mathjs expression or a function, got ${typeof target}`, 'e.g. "exp(-5*(x^2+y^2))*abs(x+y)"');
  }
  return {
    outputs,
    evaluate: inBox(box, pointByPoint(dim, outputs, (point, out, offset) => {
      const value = target(point);
      if (typeof value === 'number') {
        if (outputs !== 1) throw new InputError('target', `returned one number but outputs is ${outputs}`, `return ${outputs} values per point`);
        out[offset] = finite(value, point, 0);
      } else {
        if (value?.length !== outputs) throw new InputError('target', `returned ${value?.length ?? String(value)} values but outputs is ${outputs}`);
        for (let k = 0; k < outputs; k++) out[offset + k] = finite(value[k]!, point, k);
      }
    })),
  };
}

/** `evaluate` after mapping the draws into the box, dimension by dimension (its bounds in registers). */
function inBox(box: Box, evaluate: RowsTarget): RowsTarget {
  const lo = Float64Array.from(box, ([a]) => a);
  const span = Float64Array.from(box, ([a, b]) => b - a);
  const dim = box.length;
  return (x, t, point) => {
    for (let d = 0; d < dim; d++) {
      const a = lo[d]!;
      const s = span[d]!;
      for (let k = d; k < x.length; k += dim) x[k] = a + s * x[k]!;
    }
    evaluate(x, t, point);
  };
}

/** The InputError of the non-finite `t[j]`, naming its point (copied into `point`) and output. */
function nonFiniteAt(x: Float64Array, t: Float64Array, j: number, point: Float64Array, outputs: number): InputError {
  const dim = point.length;
  const i = (j - (j % outputs)) / outputs;
  point.set(x.subarray(i * dim, (i + 1) * dim));
  return notFinite(t[j]!, point, j % outputs);
}

/** A per-point "write the values at `point` into `out` from `offset`" as a {@link RowsTarget}. */
function pointByPoint(dim: number, outputs: number, evaluate: (point: Float64Array, out: Float64Array, offset: number) => void): RowsTarget {
  return (x, t, point) => {
    const rows = t.length / outputs;
    for (let i = 0, k = 0; i < rows; i++) {
      for (let d = 0; d < dim; d++, k++) point[d] = x[k]!;
      evaluate(point, t, i * outputs);
    }
  };
}

function finite(value: number, point: Float64Array, output: number): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw notFinite(value, point, output);
}

function notFinite(value: unknown, point: Float64Array, output: number): InputError {
  return new InputError('target', `is ${String(value)} at (${Array.from(point).join(', ')})${output > 0 ? ` for output ${output}` : ''}`, 'the target must be finite everywhere in the box');
}
