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

  private constructor(
    /** Inputs, row-major, size × inputDim. */
    readonly x: Float64Array,
    /** Targets, row-major, size × targetDim. */
    readonly t: Float64Array,
    readonly size: number,
    readonly inputDim: number,
    readonly targetDim: number,
  ) {}

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

function checkFinite(data: Float64Array, field: string, cols: number): void {
  for (let k = 0; k < data.length; k++) {
    if (!Number.isFinite(data[k])) {
      throw new InputError(`${field}[${Math.floor(k / cols)}][${k % cols}]`, `must be a finite number, got ${data[k]}`, 'remove or repair non-finite samples');
    }
  }
}
