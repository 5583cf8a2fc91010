import { InputError } from '../../errors/InputError.js';
import { Batch } from '../../network/Batch.js';
import { seededRandom } from '../../random/Random.js';
import { mnistPixels, type MnistDigits } from './mnistDigits.js';

/**
 * Which images train and which test. Default: the reference's split (`mnist_numpy.py`): for each
 * digit, the first ⌊0.8 · n_d⌋ of its images train and the rest test (7,996 / 2,004 of the
 * package's 10,000).
 *
 * @example
 * const small: MnistSplitOptions = { perDigit: 50, trainFraction: 0.8 }; // 400 train, 100 test
 */
export interface MnistSplitOptions {
  /** Share of each digit's images that train (the first ones, or a seeded pick with `splitSeed`); default 0.8. */
  readonly trainFraction?: number;
  /** Use only the first `perDigit` images of each digit (a small part of the data, for quick runs). */
  readonly perDigit?: number;
  /** Shuffle each digit's images with this seed before the cut: another split of the same data. */
  readonly splitSeed?: number;
}

/**
 * Splits MNIST digits into a training and a test set, each one {@link Batch}: inputs 784 pixels
 * in [0, 1], targets one-hot over the 10 digits (for softmax cross-entropy; also usable with
 * squared error). Rows are grouped by digit, 0 first, as the reference concatenates them; shuffle
 * the training set when sampling it (`fromDataset`, {@link mnist}).
 *
 * @example
 * const { train, test } = mnistSplit(await loadMnist());
 * [train.size, test.size]; // [7996, 2004]
 */
export function mnistSplit(digits: MnistDigits, options: MnistSplitOptions = {}): { train: Batch; test: Batch } {
  if (typeof digits?.images !== 'object' || digits.images === null) throw new InputError('digits', `must be MNIST digits, got ${String(digits)}`, 'load them with await loadMnist() (Node) or mnistDigits([...]) (a browser)');
  const { trainFraction = 0.8, perDigit, splitSeed } = options;
  if (!(typeof trainFraction === 'number' && trainFraction > 0 && trainFraction < 1)) {
    throw new InputError('trainFraction', `must be between 0 and 1 (exclusive), got ${String(trainFraction)}`, 'the reference uses 0.8');
  }
  if (perDigit !== undefined && !(Number.isInteger(perDigit) && perDigit >= 2)) throw new InputError('perDigit', `must be an integer ≥ 2, got ${String(perDigit)}`);
  if (splitSeed !== undefined && !Number.isInteger(splitSeed)) throw new InputError('splitSeed', `must be an integer, got ${String(splitSeed)}`);
  const random = splitSeed === undefined ? undefined : seededRandom(splitSeed);
  const parts = digits.images.map((images, d) => {
    const available = images.length / mnistPixels;
    const n = Math.min(available, perDigit ?? available);
    // The reference's int(0.8 * n): the same double product, floored.
    const cut = Math.floor(trainFraction * n);
    if (cut < 1 || cut >= n) throw new InputError('trainFraction', `leaves digit ${d} with ${cut < 1 ? 'no training' : 'no test'} images out of ${n}`, 'use more images per digit or a fraction nearer 0.5');
    const order = Uint32Array.from({ length: available }, (_, i) => i);
    if (random) {
      for (let i = available - 1; i > 0; i--) {
        const j = Math.floor(random.next() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
    }
    return { images, train: order.subarray(0, cut), test: order.subarray(cut, n) };
  });
  const set = (pick: 'train' | 'test'): Batch => {
    const size = parts.reduce((sum, p) => sum + p[pick].length, 0);
    const x = new Float64Array(size * mnistPixels);
    const t = new Float64Array(size * 10);
    let row = 0;
    parts.forEach((p, d) => {
      for (const i of p[pick]) {
        x.set(p.images.subarray(i * mnistPixels, (i + 1) * mnistPixels), row * mnistPixels);
        t[row * 10 + d] = 1;
        row++;
      }
    });
    // Pixels were checked when the digits were made (mnistDigits, loadMnist).
    return Batch.fromFiniteArrays(x, t, size);
  };
  return { train: set('train'), test: set('test') };
}
