/**
 * The reference's MNIST recipe (shared/reference/mnist_numpy.py), which every runner of
 * `npm run bench:mnist` follows: the reference split, softmax cross-entropy over a linear last
 * layer, ReLU hidden layers, Adam (PyTorch's rule), Glorot-uniform weights, zero biases,
 * mini-batches from a fresh seeded permutation each epoch, the last short batch included.
 *
 * @example
 * const recipe: MnistRecipe = { sizes: [784, 256, 10], epochs: 10, batch: 64, lr: 0.001, seed: 1 };
 */
export interface MnistRecipe {
  readonly sizes: readonly number[];
  readonly epochs: number;
  readonly batch: number;
  readonly lr: number;
  readonly seed: number;
}

/** What a runner reports after each epoch. */
export interface EpochResult {
  readonly epoch: number;
  /** Training time so far in seconds (wall clock; test evaluations excluded). */
  readonly seconds: number;
  /**
   * Processor time of training so far in seconds (all threads of the process; test evaluations
   * excluded): on a loaded machine the fairer measure of work, as the wall clock counts other
   * processes' time. Undefined where it cannot be measured.
   */
  readonly cpuSeconds?: number;
  /** Mean training cost (softmax cross-entropy) over the epoch's batches. */
  readonly trainCost: number;
  /** Fraction of the 2,004 test digits classified right. */
  readonly testAccuracy: number;
}

/**
 * One implementation of the recipe: trains, calling `onEpoch` after each epoch, and resolves
 * with a description of itself, or with the reason it could not run here.
 *
 * @example
 * const outcome = await runner.run(recipe, (e) => console.log(e.epoch, e.testAccuracy));
 */
export interface MnistRunner {
  readonly label: string;
  run(recipe: MnistRecipe, onEpoch: (result: EpochResult) => void): Promise<{ detail: string } | { skipped: string }>;
}

/**
 * Seconds of a `process.cpuUsage()` difference (user and system time).
 *
 * @example
 * const before = process.cpuUsage(); work(); cpuOf(process.cpuUsage(before));
 */
export const cpuOf = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1e6;
