import { InputError } from '../errors/InputError.js';
import { Batch } from '../network/Batch.js';
import { toFlat, type MatrixLike } from '../network/matrix.js';
import { timeSliceScheduler } from '../scheduler/TimeSliceScheduler.js';
import { restoreRandom, seededRandom, type Random, type RandomState, type SeededRandom } from '../random/Random.js';
import { checkState, resumableSampler, type BatchCursor, type ResumableSampler, type SamplerState } from './ResumableSampler.js';
import { randomSource } from './randomSource.js';
import type { Box, SamplerOptions } from './Sampler.js';
import { optionsObject } from '../errors/optionsObject.js';

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
 * snapshots put their grid by default. Resumable when seeded: its state is the epoch, the
 * position in it and the generator's state (the epoch's order is rebuilt from the seed's state
 * on resume, so a checkpoint stays small however large the data).
 *
 * @example
 * fromDataset({ inputs: xs, targets: ys, batchSize: 32, seed: 7, epochs: 10 }).pipe(train(makeNet, { eta: 0.01 }));
 */
export function fromDataset(options: FromDatasetOptions): ResumableSampler<Batch> {
  optionsObject(options, 'fromDataset({ inputs, targets, batchSize: 32, seed: 1 })');
  const data = dataOf(options);
  const n = data.size;
  const { batchSize, epochs = Infinity, shuffle = true, dropRemainder = true } = options;
  if (!(Number.isInteger(batchSize) && batchSize > 0 && batchSize <= n)) {
    throw new InputError('batchSize', `must be an integer from 1 to the ${n} samples, got ${String(batchSize)}`);
  }
  if (!(epochs === Infinity || (Number.isInteger(epochs) && epochs > 0))) {
    throw new InputError('epochs', `must be a positive integer, got ${String(epochs)}`, 'omit it for endless epochs');
  }
  const makeRandom = randomSource(options);
  const seeded = options.random === undefined;
  const scheduler = options.scheduler ?? timeSliceScheduler;
  const cut: DatasetCut = { data, n, batchSize, epochs, shuffle, dropRemainder };
  const open = (from: SamplerState | undefined): BatchCursor => {
    if (!seeded) {
      if (from !== undefined) throw new InputError('random', 'is a generator shared by several subscriptions: the sampler cannot resume', 'give seed instead of random');
      return new DatasetCursor(cut, makeRandom(), undefined);
    }
    if (from !== undefined) return DatasetCursor.resume(cut, checkState(from, 'dataset'));
    const random = seededRandom(options.seed!);
    return new DatasetCursor(cut, random, random.state());
  };
  return resumableSampler(open, bounds(data.x, n, data.inputDim), scheduler);
}

/** What every subscription of one fromDataset shares. */
interface DatasetCut {
  readonly data: Batch;
  readonly n: number;
  readonly batchSize: number;
  readonly epochs: number;
  readonly shuffle: boolean;
  readonly dropRemainder: boolean;
}

/**
 * fromDataset's position: epoch, the next row of its order, and the generator. The order is
 * shuffled in place at the start of every epoch, so it depends on every earlier shuffle: a saved
 * state keeps the generator's state from before the first one (`origin`) and replays them.
 */
class DatasetCursor implements BatchCursor {
  readonly #order: Uint32Array;
  /** The generator before the first shuffle; undefined for a shared generator (no state). */
  readonly #origin: RandomState | undefined;
  #epoch = -1;
  #position = 0;
  emitted = 0;
  // The position before the newest batch, for a consumer one batch behind.
  #beforeEpoch = -1;
  #beforePosition = 0;
  readonly #beforeRandom = new Int32Array(4);

  constructor(
    private readonly cut: DatasetCut,
    private readonly random: Random,
    origin: RandomState | undefined,
  ) {
    this.#order = Uint32Array.from({ length: cut.n }, (_, i) => i);
    this.#origin = origin;
  }

  /** A cursor at a saved state: the generator from `origin`, every shuffle up to the saved epoch replayed, then checked against the saved generator. */
  static resume(cut: DatasetCut, state: SamplerState): DatasetCursor {
    const { epoch, position } = state as unknown as { epoch: number; position: number };
    if (!(Number.isSafeInteger(epoch) && epoch >= -1 && epoch < cut.epochs)) throw new InputError('sampler.epoch', `must be a whole number from -1 to ${cut.epochs - 1}, got ${JSON.stringify(epoch)}`);
    if (!(Number.isSafeInteger(position) && position >= 0 && position <= cut.n)) throw new InputError('sampler.position', `must be a whole number from 0 to ${cut.n}, got ${JSON.stringify(position)}`, 'resume with the data set the checkpoint was made on');
    const random = restoreRandom(state['origin'] as number[], 'sampler.origin');
    const cursor = new DatasetCursor(cut, random, random.state());
    for (let e = 0; e <= epoch; e++) cursor.#shuffle();
    const saved = restoreRandom(state['random'] as number[], 'sampler.random').state();
    if (random.state().some((w, k) => w !== saved[k])) {
      throw new InputError('sampler', `does not match this data set (its ${epoch + 1} shuffles do not end on the saved generator state)`, 'resume with the data set and batch size the checkpoint was made with');
    }
    cursor.#epoch = epoch;
    cursor.#position = position;
    cursor.emitted = state.batches;
    return cursor;
  }

  next(): Batch | undefined {
    const { n, batchSize, epochs, dropRemainder } = this.cut;
    const random = this.random;
    this.#beforeEpoch = this.#epoch;
    this.#beforePosition = this.#position;
    if (isSeeded(random)) random.saveState(this.#beforeRandom);
    const exhausted = this.#position >= n || (dropRemainder && this.#position + batchSize > n);
    if (this.#epoch < 0 || exhausted) {
      if (this.#epoch + 1 >= epochs) return undefined;
      this.#epoch++;
      this.#position = 0;
      this.#shuffle();
    }
    const start = this.#position;
    const size = Math.min(batchSize, n - start);
    this.#position = start + size;
    this.emitted++;
    // Rows of validated data (finite already), left in place until read: a training step copies
    // them into its engine directly, where a gathered batch would be made only to be copied again.
    return Batch.rowsOf(this.cut.data, this.#order.subarray(start, start + size));
  }

  stateAt(count: number): SamplerState | undefined {
    if (this.#origin === undefined || !isSeeded(this.random)) return undefined;
    if (count === this.emitted) return this.#state(count, this.#epoch, this.#position, this.random.state());
    if (count === this.emitted - 1) return this.#state(count, this.#beforeEpoch, this.#beforePosition, Array.from(this.#beforeRandom) as unknown as RandomState);
    return undefined;
  }

  #state(batches: number, epoch: number, position: number, random: RandomState): SamplerState {
    return { kind: 'dataset', batches, epoch, position, origin: [...this.#origin!], random: [...random] };
  }

  #shuffle(): void {
    if (!this.cut.shuffle) return;
    const order = this.#order;
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(this.random.next() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
  }
}

function isSeeded(random: Random): random is SeededRandom {
  return typeof (random as Partial<SeededRandom>).saveState === 'function';
}

/** The data set as one batch, validated (a Batch is valid by construction). */
function dataOf(options: FromDatasetOptions): Batch {
  if ('data' in options) {
    const { data } = options;
    if (!(data instanceof Batch)) throw new InputError('data', 'must be a Batch', 'make one with Batch.of(inputs, targets), or give inputs and targets');
    return data;
  }
  const x = toFlat(options.inputs, 'inputs');
  const t = toFlat(options.targets, 'targets');
  if (t.rows !== x.rows) throw new InputError('targets', `has ${t.rows} rows but inputs has ${x.rows}`, 'give one target row per input row');
  if (x.rows === 0) throw new InputError('inputs', 'has no samples', 'give at least one row of inputs and targets');
  return Batch.fromFiniteArrays(x.data, t.data, x.rows);
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
