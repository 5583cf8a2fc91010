import type { Batch } from '../../network/Batch.js';
import { fromDataset } from '../fromDataset.js';
import { withResumableBox, type ResumableSampler } from '../ResumableSampler.js';
import type { Box, SamplerOptions } from '../Sampler.js';
import { playgroundData, type PlaygroundData, type PlaygroundDataOptions } from './playgroundData.js';

/**
 * Options of {@link playground}: the data's (see {@link PlaygroundDataOptions}) and the batches'.
 *
 * @example
 * const options: PlaygroundOptions = { problem: 'spiral', noise: 0.1, batchSize: 10, seed: 1 };
 */
export interface PlaygroundOptions extends PlaygroundDataOptions, SamplerOptions {
  /** Training points per batch (the Playground's default is 10). */
  readonly batchSize: number;
  /** Passes over the training points (default: endless). */
  readonly epochs?: number;
}

/**
 * The training and test samplers of one Playground problem, and the data behind them.
 *
 * @example
 * const { train, test, data } = playground({ problem: 'xor', batchSize: 10, seed: 1 });
 */
export interface PlaygroundSamplers {
  /** Shuffled mini-batches of the training points, epoch after epoch. */
  readonly train: ResumableSampler<Batch>;
  /** The test points as one batch, once, in a fixed order. */
  readonly test: ResumableSampler<Batch>;
  readonly data: PlaygroundData;
}

/**
 * The Playground's plot domain, [−6, 6]²: where snapshots of its problems put their grid.
 *
 * @example
 * gridOver(playgroundBox, 40);
 */
export const playgroundBox: Box = [
  [-6, 6],
  [-6, 6],
];

/**
 * The TensorFlow Playground's problems as seeded samplers: circle, xor, gauss, spiral
 * (classification) and plane, multi-gauss (regression), with its noise and train/test split
 * (see {@link playgroundData}). Both samplers are cold; `train` reshuffles each epoch with a seed
 * drawn from the data's generator, so one `seed` fixes points, split and batches. Their `box` is
 * the Playground's [−6, 6]² plot.
 *
 * @example
 * const { train: batches$, test } = playground({ problem: 'circle', noise: 0.1, batchSize: 10, seed: 1 });
 * batches$.pipe(train(net, { eta: 0.03, steps: 5000 }));
 */
export function playground(options: PlaygroundOptions): PlaygroundSamplers {
  const data = playgroundData(options);
  const scheduling = options.scheduler ? { scheduler: options.scheduler } : {};
  const train = fromDataset({ data: data.train, batchSize: options.batchSize, seed: data.shuffleSeed, ...(options.epochs !== undefined ? { epochs: options.epochs } : {}), ...scheduling });
  const test = fromDataset({ data: data.test, batchSize: data.test.size, shuffle: false, epochs: 1, seed: 0, ...scheduling });
  return { train: withResumableBox(train, playgroundBox), test: withResumableBox(test, playgroundBox), data };
}
