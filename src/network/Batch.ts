import type { Matrix } from 'mathjs';
import { InputError } from '../errors/InputError.js';
import { toFlat, toMatrix, type MatrixLike } from './matrix.js';

/**
 * One training batch: `size` samples of inputs and targets. At the public boundary it speaks mathjs
 * (`inputs`, `targets`, built on first access); engines read the flat row-major copies `x` and `t`,
 * so feeding a batch to an engine costs O(batch), never O(network).
 *
 * @example
 * const batch = Batch.of([[0, 0], [1, 1]], [[0], [1]]);
 * batch.inputs.size(); // [2, 2]
 */
export class Batch {
  #inputs: Matrix | undefined;
  #targets: Matrix | undefined;
  #x: Float64Array | undefined;
  /** For a batch of a data set's rows ({@link Batch.rowsOf}): where its inputs are, until `x` is read. */
  readonly #rows: BatchRows | undefined;

  private constructor(
    x: Float64Array | undefined,
    /** Targets, row-major, size × targetDim. */
    readonly t: Float64Array,
    readonly size: number,
    readonly inputDim: number,
    readonly targetDim: number,
    rows?: BatchRows,
  ) {
    this.#x = x;
    this.#rows = rows;
  }

  /** Inputs, row-major, size × inputDim (for a batch of rows, copied out of its data set on first read). */
  get x(): Float64Array {
    return (this.#x ??= gatherRows(this.#rows!, this.inputDim));
  }

  /**
   * For a batch made by {@link Batch.rowsOf} whose `x` has not been read: its data set's inputs and
   * the rows it takes, so an engine can copy them into its own memory at once (`Engine.writeRows`)
   * instead of through `x`. Undefined for any other batch.
   *
   * @example
   * const rows = Batch.rowsOf(data, [3, 1]).inputRows; // { data: data.x, rows: Uint32Array [3, 1] }
   */
  get inputRows(): BatchRows | undefined {
    return this.#x === undefined ? this.#rows : undefined;
  }

  /**
   * A batch of the given rows of `source` (a data set), in that order. Its targets are copied now;
   * its inputs stay in `source` until `x` is read, which spares a training step the copy of a large
   * input batch (an engine copies the rows straight in: {@link Batch.inputRows}). `source` must not
   * change afterwards (batches never do).
   *
   * @example
   * const data = Batch.of([[0, 0], [0, 1], [1, 0]], [[0], [1], [1]]);
   * Batch.rowsOf(data, [2, 0]).inputs; // [[1, 0], [0, 0]]
   */
  static rowsOf(source: Batch, rows: ArrayLike<number>): Batch {
    const n = rows.length;
    if (n === 0) throw new InputError('rows', 'is empty', 'take at least one row');
    const picked = new Uint32Array(n);
    for (let r = 0; r < n; r++) {
      const row = rows[r]!;
      if (!(Number.isInteger(row) && row >= 0 && row < source.size)) {
        throw new InputError(`rows[${r}]`, `must be a row index from 0 to ${source.size - 1}, got ${String(row)}`);
      }
      picked[r] = row;
    }
    const t = gatherRows({ data: source.t, rows: picked }, source.targetDim);
    const inputs = source.inputRows;
    // A batch of a batch's rows reads straight from the first one's data set.
    const from = inputs ? { data: inputs.data, rows: picked.map((r) => inputs.rows[r]!) } : { data: source.x, rows: picked };
    return new Batch(undefined, t, n, source.inputDim, source.targetDim, from);
  }

  /**
   * A batch from matrices (mathjs or nested arrays); checks shapes and finiteness.
   *
   * @example
   * Batch.of(math.matrix([[0.1, 0.2]]), [[0.3]]);
   */
  static of(inputs: MatrixLike, targets: MatrixLike): Batch {
    const x = toFlat(inputs, 'inputs');
    const t = toFlat(targets, 'targets');
    if (x.rows !== t.rows) {
      throw new InputError('targets', `has ${t.rows} rows but inputs has ${x.rows}`, 'give one target row per input row');
    }
    return new Batch(x.data, t.data, x.rows, x.cols, t.cols);
  }

  /**
   * A batch over flat row-major data, which the batch takes ownership of (no copy). Checks
   * lengths and finiteness, so a NaN in a data set is caught at the sampler, not mid-training.
   *
   * @example
   * Batch.fromArrays(new Float64Array([0, 0, 1, 1]), new Float64Array([0, 1]), 2);
   */
  static fromArrays(x: Float64Array, t: Float64Array, size: number): Batch {
    const batch = Batch.fromFiniteArrays(x, t, size);
    checkFinite(x, 'inputs', batch.inputDim);
    checkFinite(t, 'targets', batch.targetDim);
    return batch;
  }

  /**
   * {@link Batch.fromArrays} without the finiteness scan, for samplers whose values are finite by
   * construction (`fromFunction` checks each target as it computes it, and its inputs lie in a
   * finite box): the scan is a tenth of a large batch's sampling time.
   *
   * @example
   * Batch.fromFiniteArrays(new Float64Array([0, 0, 1, 1]), new Float64Array([0, 1]), 2);
   */
  static fromFiniteArrays(x: Float64Array, t: Float64Array, size: number): Batch {
    if (!Number.isInteger(size) || size <= 0) throw new InputError('size', `must be a positive integer, got ${size}`);
    if (x.length % size !== 0 || t.length % size !== 0 || x.length === 0 || t.length === 0) {
      throw new InputError('x', `lengths ${x.length} (inputs) and ${t.length} (targets) are not whole rows of a batch of ${size}`);
    }
    return new Batch(x, t, size, x.length / size, t.length / size);
  }

  /** The inputs as a size×inputDim mathjs matrix (built once, on first access). */
  get inputs(): Matrix {
    return (this.#inputs ??= toMatrix(this.x, this.size, this.inputDim));
  }

  /** The targets as a size×targetDim mathjs matrix (built once, on first access). */
  get targets(): Matrix {
    return (this.#targets ??= toMatrix(this.t, this.size, this.targetDim));
  }
}

/** A data set's inputs (row-major) and the rows of them a batch takes. */
export interface BatchRows {
  readonly data: Float64Array;
  readonly rows: Uint32Array;
}

/** The rows `rows` of row-major `data` (`width` values each), gathered in order. */
function gatherRows({ data, rows }: BatchRows, width: number): Float64Array {
  const x = new Float64Array(rows.length * width);
  for (let r = 0; r < rows.length; r++) x.set(data.subarray(rows[r]! * width, (rows[r]! + 1) * width), r * width);
  return x;
}

function checkFinite(data: Float64Array, field: string, cols: number): void {
  for (let k = 0; k < data.length; k++) {
    if (!Number.isFinite(data[k])) {
      throw new InputError(`${field}[${Math.floor(k / cols)}][${k % cols}]`, `must be a finite number, got ${data[k]}`, 'remove or repair non-finite samples');
    }
  }
}
