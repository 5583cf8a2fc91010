import { defer, map, type Observable, type OperatorFunction } from 'rxjs';
import { InputError } from '../../errors/InputError.js';
import { Batch } from '../../network/Batch.js';
import { restoreRandom, seededRandom, type Random, type SeededRandom } from '../../random/Random.js';
import { randomSource } from '../randomSource.js';
import { checkState, isResumable, type ResumableSampler, type SamplerCursor, type SamplerState } from '../ResumableSampler.js';
import { withBox } from '../Sampler.js';
import { optionsObject } from '../../errors/optionsObject.js';

/**
 * Options of {@link shiftImages}.
 *
 * @example
 * const options: ShiftImagesOptions = { maxShift: 2, seed: 1 };
 */
export interface ShiftImagesOptions {
  /** Largest shift in pixels, each direction: shifts are whole pixels in [−maxShift, maxShift]. */
  readonly maxShift: number;
  /** Image width in pixels (default 28); inputs are images row after row. */
  readonly width?: number;
  /** Image height in pixels (default 28). */
  readonly height?: number;
  /** Seeds a fresh generator per subscription: the same batches get the same shifts. */
  readonly seed?: number;
  /** Instead of `seed`: one generator shared by all subscriptions. */
  readonly random?: Random;
}

/**
 * Data augmentation as a sampler stage: moves every image of every batch by its own random
 * whole-pixel shift (dx, dy), each uniform in [−maxShift, maxShift], filling the uncovered border
 * with 0 (MNIST's background). The lecture's "a fresh random batch every step" applied to real
 * data: the same digit comes back shifted differently each epoch. Targets pass through unchanged
 * (shared, not copied). Seeded and cold like every rxprop sampler; works on any
 * `Observable<Batch>` of width×height images, so it plugs between any sampler and `train`.
 *
 * Per image, dx is drawn before dy, each as ⌊u · (2·maxShift + 1)⌋ − maxShift. Seeded and over a
 * resumable sampler, the result is resumable too (its state: the source's and the shifts' generator).
 *
 * @example
 * mnist(digits, { batchSize: 64, seed: 1 }).train.pipe(shiftImages({ maxShift: 2, seed: 1 }), train(net, { eta: 0.1 }));
 */
export function shiftImages(options: ShiftImagesOptions): OperatorFunction<Batch, Batch> {
  optionsObject(options, 'shiftImages({ maxShift: 2, seed: 1 })');
  const { maxShift, width = 28, height = 28 } = options;
  if (!(Number.isInteger(maxShift) && maxShift >= 0)) throw new InputError('maxShift', `must be a whole number of pixels ≥ 0, got ${String(maxShift)}`, 'the MNIST recipe uses 2');
  for (const [field, v] of [['width', width], ['height', height]] as const) {
    if (!(Number.isInteger(v) && v > 0)) throw new InputError(field, `must be a positive whole number of pixels, got ${String(v)}`);
  }
  const makeRandom = randomSource(options);
  const pixels = width * height;
  const choices = 2 * maxShift + 1;
  const shiftBatch = (batch: Batch, random: Random): Batch => {
    if (batch.inputDim !== pixels) {
      throw new InputError('inputs', `have ${batch.inputDim} values per sample, not ${width}×${height} = ${pixels} pixels`, 'set width and height to the images\' size');
    }
    const out = new Float64Array(batch.size * pixels);
    // A batch of a data set's rows is read where its images are (no gathered copy first).
    const rows = batch.inputRows;
    const src = rows ? rows.data : batch.x;
    for (let i = 0; i < batch.size; i++) {
      const dx = Math.floor(random.next() * choices) - maxShift;
      const dy = Math.floor(random.next() * choices) - maxShift;
      shift(src, (rows ? rows.rows[i]! : i) * pixels, out, i * pixels, width, height, dx, dy);
    }
    return Batch.fromFiniteArrays(out, batch.t, batch.size);
  };
  return (source: Observable<Batch>): Observable<Batch> => {
    if (options.random === undefined && isResumable(source)) return resumableShift(source, options.seed!, shiftBatch);
    return defer(() => {
      const random = makeRandom();
      return source.pipe(map((batch) => shiftBatch(batch, random)));
    });
  };
}

/** Shifted batches of a resumable sampler, resumable: the source's state and the shifts' generator. */
function resumableShift(source: ResumableSampler<Batch>, seed: number, shiftBatch: (batch: Batch, random: Random) => Batch, from?: SamplerState): ResumableSampler<Batch> {
  let latest: ShiftCursor | undefined;
  const shifted = defer(() => {
    const state = from && checkState(from, 'shift');
    const inner = state ? source.resume(state['source'] as SamplerState) : source;
    const cursor = (latest = new ShiftCursor(state ? restoreRandom(state['random'] as number[], 'sampler.random') : seededRandom(seed), () => inner.cursor(), state?.batches ?? 0));
    return inner.pipe(map((batch) => cursor.shift(batch, shiftBatch)));
  });
  return Object.assign(withBox(shifted, source.box), {
    cursor: () => latest,
    resume: (state: SamplerState) => resumableShift(source, seed, shiftBatch, state),
  });
}

/** The shifts' generator after each of the last two batches, beside the source's own cursor. */
class ShiftCursor implements SamplerCursor {
  readonly #before = new Int32Array(4);

  constructor(
    private readonly random: SeededRandom,
    private readonly source: () => SamplerCursor | undefined,
    public emitted: number,
  ) {}

  shift(batch: Batch, shiftBatch: (batch: Batch, random: Random) => Batch): Batch {
    this.random.saveState(this.#before);
    const out = shiftBatch(batch, this.random);
    this.emitted++;
    return out;
  }

  stateAt(count: number): SamplerState | undefined {
    const source = this.source()?.stateAt(count);
    if (source === undefined) return undefined;
    if (count === this.emitted) return { kind: 'shift', batches: count, source, random: this.random.state() };
    if (count === this.emitted - 1) return { kind: 'shift', batches: count, source, random: Array.from(this.#before) };
    return undefined;
  }
}

/** Writes the image at `srcOffset` of `src`, moved right by dx and down by dy, to `offset` of `out` (already zero). */
function shift(src: Float64Array, srcOffset: number, out: Float64Array, offset: number, width: number, height: number, dx: number, dy: number): void {
  const x0 = Math.max(0, dx);
  const x1 = Math.min(width, width + dx);
  if (x0 >= x1) return;
  for (let y = Math.max(0, dy); y < Math.min(height, height + dy); y++) {
    const to = offset + y * width;
    const from = srcOffset + (y - dy) * width;
    out.set(src.subarray(from + x0 - dx, from + x1 - dx), to + x0);
  }
}
