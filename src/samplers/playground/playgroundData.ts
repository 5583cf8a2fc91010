import { InputError } from '../../errors/InputError.js';
import { Batch } from '../../network/Batch.js';
import { seededRandom, type Random } from '../../random/Random.js';
import { playgroundProblems, type PlaygroundProblem, type PlaygroundProblemName } from './playgroundProblems.js';
import { optionsObject } from '../../errors/optionsObject.js';

/**
 * How class labels become targets. `sign`: one column, ±1 (the Playground's own labels, for a
 * tanh output and squared error); `binary`: one column, 1 for the +1 class and 0 for the −1
 * class (a sigmoid output with binary cross-entropy); `one-hot`: two columns, [1, 0] for −1 and
 * [0, 1] for +1 (a softmax output with cross-entropy; class index 1 is the +1 class). Regression
 * problems have one encoding, the value itself (`sign`).
 *
 * @example
 * playgroundData({ problem: 'circle', encoding: 'one-hot', seed: 1 }).train.targetDim; // 2
 */
export type PlaygroundEncoding = 'sign' | 'binary' | 'one-hot';

/**
 * Options of {@link playgroundData}. Defaults are the Playground's: its point count (500 for
 * classification, 1200 for regression), noise 0, half the points for training.
 *
 * @example
 * const options: PlaygroundDataOptions = { problem: 'spiral', noise: 0.1, trainFraction: 0.5, seed: 1 };
 */
export interface PlaygroundDataOptions {
  readonly problem: PlaygroundProblemName;
  /** Points drawn in all, before the split; even for circle, gauss and spiral (half per class). */
  readonly samples?: number;
  /** The Playground's noise slider / 100: 0 … 0.5 there; any value ≥ 0 here. */
  readonly noise?: number;
  /** Share of the shuffled points that train (the Playground's "ratio of training data"), in (0, 1). */
  readonly trainFraction?: number;
  readonly encoding?: PlaygroundEncoding;
  /** Seeds the points, the split and (through {@link PlaygroundData.shuffleSeed}) the batches. */
  readonly seed: number;
}

/**
 * A Playground problem's points, split: each part one {@link Batch} holding all its points.
 *
 * @example
 * const { train, test } = playgroundData({ problem: 'xor', seed: 1 });
 * net.evaluate(test);
 */
export interface PlaygroundData {
  readonly problem: PlaygroundProblem;
  readonly train: Batch;
  readonly test: Batch;
  /** The next draw of the data's generator, to seed the training batches' shuffle: same seed, same batches, no stream shared with another seed. */
  readonly shuffleSeed: number;
}

/**
 * Draws a Playground problem's points and splits them as the Playground does: generate, shuffle
 * (Fisher–Yates), the first ⌊samples · trainFraction⌋ train and the rest test — all from
 * `seededRandom(seed)`, so the same seed gives the same bits. Inputs are the raw (x, y)
 * coordinates (about [−6, 6]²); targets per `encoding`. Bad options are {@link InputError}s.
 *
 * @example
 * const { train, test } = playgroundData({ problem: 'circle', noise: 0.2, encoding: 'binary', seed: 7 });
 * train.size; // 250
 */
export function playgroundData(options: PlaygroundDataOptions): PlaygroundData {
  optionsObject(options, "playground({ problem: 'spiral', batchSize: 10, seed: 1 })");
  const problem = problemOf(options.problem);
  const { samples = problem.samples, noise = 0, trainFraction = 0.5, encoding = 'sign', seed } = options;
  if (!(Number.isInteger(samples) && samples >= 2)) throw new InputError('samples', `must be an integer ≥ 2, got ${String(samples)}`, `the Playground draws ${problem.samples}`);
  if (problem.perClass && samples % 2 !== 0) throw new InputError('samples', `must be even for ${problem.name} (half the points per class), got ${samples}`);
  if (!(typeof noise === 'number' && noise >= 0 && Number.isFinite(noise))) throw new InputError('noise', `must be a number ≥ 0, got ${String(noise)}`, 'the Playground offers 0 … 0.5');
  if (!(typeof trainFraction === 'number' && trainFraction > 0 && trainFraction < 1)) {
    throw new InputError('trainFraction', `must be between 0 and 1 (exclusive), got ${String(trainFraction)}`, 'the Playground uses 0.5');
  }
  const trainSize = Math.floor(samples * trainFraction);
  if (trainSize < 1 || trainSize >= samples) {
    throw new InputError('trainFraction', `leaves ${trainSize < 1 ? 'no training' : 'no test'} points out of ${samples}`, 'draw more samples or move trainFraction towards 0.5');
  }
  if (!['sign', 'binary', 'one-hot'].includes(encoding)) throw new InputError('encoding', `must be sign, binary or one-hot, got ${String(encoding)}`);
  if (problem.kind === 'regression' && encoding !== 'sign') {
    throw new InputError('encoding', `${problem.name} is a regression problem: its target is the value itself`, 'omit encoding (or use sign)');
  }
  if (!Number.isInteger(seed)) throw new InputError('seed', `must be an integer, got ${String(seed)}`, 'every random thing in rxprop takes a seed, e.g. seed: 1');

  const random = seededRandom(seed);
  const { x, label } = problem.generate(random, samples, noise);
  // Any noise ≥ 0 is taken, but one so large that the points overflow made a data set of ±∞ and
  // NaN, which training then reported as a divergence ("lower eta").
  if (!x.every(Number.isFinite) || !label.every(Number.isFinite)) throw new InputError('noise', `${noise} moves the points beyond the finite numbers`, 'the Playground offers 0 … 0.5');
  const order = shuffled(random, samples);
  const width = encoding === 'one-hot' ? 2 : 1;
  const part = (from: number, to: number): Batch => {
    const n = to - from;
    const px = new Float64Array(2 * n);
    const pt = new Float64Array(width * n);
    for (let r = 0; r < n; r++) {
      const i = order[from + r]!;
      px[2 * r] = x[2 * i]!;
      px[2 * r + 1] = x[2 * i + 1]!;
      encode(label[i]!, encoding, pt, r * width);
    }
    // Generators give finite coordinates and labels by construction.
    return Batch.fromFiniteArrays(px, pt, n);
  };
  const train = part(0, trainSize);
  const test = part(trainSize, samples);
  return { problem, train, test, shuffleSeed: Math.floor(random.next() * 2 ** 32) | 0 };
}

function problemOf(name: string): PlaygroundProblem {
  if (!Object.hasOwn(playgroundProblems, name)) {
    throw new InputError('problem', `unknown Playground problem "${String(name)}"`, `use one of: ${Object.keys(playgroundProblems).join(', ')}`);
  }
  return playgroundProblems[name as PlaygroundProblemName];
}

/** The Playground's shuffle: Fisher–Yates from the end, index ⌊random · counter⌋. */
function shuffled(random: Random, n: number): Uint32Array {
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  for (let counter = n; counter > 0; ) {
    const index = Math.floor(random.next() * counter);
    counter--;
    const tmp = order[counter]!;
    order[counter] = order[index]!;
    order[index] = tmp;
  }
  return order;
}

function encode(label: number, encoding: PlaygroundEncoding, out: Float64Array, at: number): void {
  if (encoding === 'sign') out[at] = label;
  else if (encoding === 'binary') out[at] = label > 0 ? 1 : 0;
  else {
    out[at] = label > 0 ? 0 : 1;
    out[at + 1] = label > 0 ? 1 : 0;
  }
}
