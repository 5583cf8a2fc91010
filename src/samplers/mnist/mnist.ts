import { InputError } from '../../errors/InputError.js';
import type { Batch } from '../../network/Batch.js';
import { fromDataset } from '../fromDataset.js';
import { withResumableBox, type ResumableSampler } from '../ResumableSampler.js';
import type { SamplerOptions } from '../Sampler.js';
import type { MnistDigits } from './mnistDigits.js';
import { mnistSplit, type MnistSplitOptions } from './mnistSplit.js';
import { shiftImages } from './shiftImages.js';
import { optionsObject } from '../../errors/optionsObject.js';

/**
 * Options of {@link mnist}: the split's (see {@link MnistSplitOptions}) and the batches'.
 *
 * @example
 * const recipe: MnistOptions = { batchSize: 64, epochs: 10, seed: 1 };
 */
export interface MnistOptions extends MnistSplitOptions, SamplerOptions {
  /** Training images per batch (the reference uses 64). */
  readonly batchSize: number;
  /** Passes over the training images (default: endless). */
  readonly epochs?: number;
  /** Seeds the shuffle of every epoch and (as seed XOR 0x5bd1e995, a stream of its own) the shifts. */
  readonly seed: number;
  /**
   * Drop an epoch's last, short batch (default true: every batch full, so the network keeps its
   * buffers). false trains on it too, as the reference does (7,996 = 124 · 64 + 60).
   */
  readonly dropRemainder?: boolean;
  /** Moves each training image by up to ±`shift` pixels at random in every batch (see {@link shiftImages}); default 0, none. */
  readonly shift?: number;
}

/**
 * MNIST's training and test samplers, and the split behind them.
 *
 * @example
 * const { train, test, data } = mnist(digits, { batchSize: 64, seed: 1 });
 */
export interface MnistSamplers {
  /** Shuffled mini-batches of the training images, epoch after epoch (shifted when asked). */
  readonly train: ResumableSampler<Batch>;
  /** The test images as one batch, once, grouped by digit. */
  readonly test: ResumableSampler<Batch>;
  readonly data: { readonly train: Batch; readonly test: Batch };
}

/**
 * MNIST as samplers: the reference's split by default (the first 80% of each digit's images
 * train), one-hot targets, the training set reshuffled every epoch with `seed`, optionally
 * shifted. By default every batch is full: with 7,996 images in batches of 64, each epoch leaves
 * out the last 60 of its order, a different 60 every epoch (`dropRemainder: false` keeps them).
 * Both samplers are cold: every subscription replays the same batches.
 *
 * @example
 * const { train: batches$, test } = mnist(await loadMnist(), { batchSize: 64, epochs: 10, seed: 1, shift: 2 });
 * batches$.pipe(train(net, { eta: 0.1 }));
 */
export function mnist(digits: MnistDigits, options: MnistOptions): MnistSamplers {
  optionsObject(options, 'mnist(digits, { batchSize: 64, epochs: 10, seed: 1 })');
  const data = mnistSplit(digits, options);
  const { batchSize, epochs, seed, shift = 0, dropRemainder = true, scheduler } = options;
  if (!(Number.isInteger(shift) && shift >= 0)) throw new InputError('shift', `must be a whole number of pixels ≥ 0, got ${String(shift)}`, 'the MNIST recipe uses 2');
  const scheduling = scheduler ? { scheduler } : {};
  const batches = fromDataset({ data: data.train, batchSize, seed, dropRemainder, ...(epochs !== undefined ? { epochs } : {}), ...scheduling });
  // The shifts draw from a stream of their own, so adding them leaves the batches' order as it was.
  // A seeded shift of a resumable sampler is resumable (see shiftImages).
  const shifted = shift > 0 ? (shiftImages({ maxShift: shift, seed: seed ^ 0x5bd1e995 })(batches) as ResumableSampler<Batch>) : batches;
  const test = fromDataset({ data: data.test, batchSize: data.test.size, shuffle: false, epochs: 1, seed: 0, ...scheduling });
  return { train: withResumableBox(shifted, undefined), test: withResumableBox(test, undefined), data };
}
