import { defer, scheduled } from 'rxjs';
import { InputError } from '../errors/InputError.js';
import { Batch } from '../network/Batch.js';
import { toFlat, type MatrixLike } from '../network/matrix.js';
import { timeSliceScheduler } from '../scheduler/TimeSliceScheduler.js';
import type { Random } from '../random/Random.js';
import { randomSource } from './randomSource.js';
import { withBox, type Box, type Sampler, type SamplerOptions } from './Sampler.js';

/**
 * Options of {@link fromDataset}: the data as matrices (`inputs`, `targets`) or as one flat
 * {@link Batch} (`data`, no copy: large data sets such as MNIST skip the nested arrays).
 *
 * @example
 * const options: FromDatasetOptions = { inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], targets: [[0], [1], [1], [0]], batchSize: 2, seed: 1, epochs: 100 };
 */
export type FromDatasetOptions = DatasetBatchOptions & ({ readonly inputs: MatrixLike; readonly targets: MatrixLike } | { readonly data: Batch });

/**
 * How {@link fromDataset} cuts a data set into batches, whatever form the data comes in.
 *
 * @example
 * const cut: DatasetBatchOptions = { batchSize: 64, seed: 1, epochs: 10 };
 */
export interface DatasetBatchOptions extends SamplerOptions {
  readonly batchSize: number;
  /** Seeds the shuffle; a fresh generator per subscription. */
  readonly seed?: number;
  /** Instead of `seed`: one generator shared by all subscriptions. */
  readonly random?: Random;
  /** Passes over the data (default: endless). */
  readonly epochs?: number;
  /** Reshuffle before every epoch (default true); false keeps the row order. */
  readonly shuffle?: boolean;
  /**
   * Drop the last batch of an epoch when it would be short (default true): every batch has the
   * same size, so the network keeps its buffers; reshuffling still lets every sample take part.
   */
  readonly dropRemainder?: boolean;
}

/**
 * Mini-batches from a data set, epoch after epoch, shuffled with a seed. Matrices are validated and
 * copied once (a `data` Batch is used as it is: do not change it while sampling); each batch
 * copies its rows. The sampler's `box` is the data's bounding box, where
 * snapshots put their grid by default.
 *
 * @example
 * fromDataset({ inputs: xs, targets: ys, batchSize: 32, seed: 7, epochs: 10 }).pipe(train(makeNet, { eta: 0.01 }));
 */
export function fromDataset(options: FromDatasetOptions): Sampler<Batch> {
  const { x, t } = flatData(options);
  const n = x.rows;
  const { batchSize, epochs = Infinity, shuffle = true, dropRemainder = true } = options;
  if (!(Number.isInteger(batchSize) && batchSize > 0 && batchSize <= n)) {
    throw new InputError('batchSize', `must be an integer from 1 to the ${n} samples, got ${String(batchSize)}`);
  }
  if (!(epochs === Infinity || (Number.isInteger(epochs) && epochs > 0))) {
    throw new InputError('epochs', `must be a positive integer, got ${String(epochs)}`, 'omit it for endless epochs');
  }
  const makeRandom = randomSource(options);
  const scheduler = options.scheduler ?? timeSliceScheduler;
  const [dx, dt] = [x.cols, t.cols];

  function* batches(random: Random): Generator<Batch, void> {
    const order = Uint32Array.from({ length: n }, (_, i) => i);
    for (let epoch = 0; epoch < epochs; epoch++) {
      if (shuffle) {
        for (let i = n - 1; i > 0; i--) {
          const j = Math.floor(random.next() * (i + 1));
          [order[i], order[j]] = [order[j]!, order[i]!];
        }
      }
      for (let start = 0; start < n && (!dropRemainder || start + batchSize <= n); start += batchSize) {
        const size = Math.min(batchSize, n - start);
        const bx = new Float64Array(size * dx);
        const bt = new Float64Array(size * dt);
        for (let r = 0; r < size; r++) {
          const row = order[start + r]!;
          bx.set(x.data.subarray(row * dx, (row + 1) * dx), r * dx);
          bt.set(t.data.subarray(row * dt, (row + 1) * dt), r * dt);
        }
        // Rows of validated data: finite already.
        yield Batch.fromFiniteArrays(bx, bt, size);
      }
    }
  }
  return withBox(defer(() => scheduled(batches(makeRandom()), scheduler)), bounds(x.data, n, dx));
}

/** The data as flat row-major inputs and targets, validated (a Batch is valid by construction). */
function flatData(options: FromDatasetOptions): { x: { data: Float64Array; rows: number; cols: number }; t: { data: Float64Array; rows: number; cols: number } } {
  if ('data' in options) {
    const { data } = options;
    if (!(data instanceof Batch)) throw new InputError('data', 'must be a Batch', 'make one with Batch.of(inputs, targets), or give inputs and targets');
    return { x: { data: data.x, rows: data.size, cols: data.inputDim }, t: { data: data.t, rows: data.size, cols: data.targetDim } };
  }
  const x = toFlat(options.inputs, 'inputs');
  const t = toFlat(options.targets, 'targets');
  if (t.rows !== x.rows) throw new InputError('targets', `has ${t.rows} rows but inputs has ${x.rows}`, 'give one target row per input row');
  return { x, t };
}

function bounds(data: Float64Array, rows: number, cols: number): Box {
  return Array.from({ length: cols }, (_, d) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < rows; i++) {
      const v = data[i * cols + d]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return [lo, hi] as const;
  });
}
