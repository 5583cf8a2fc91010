import type { SchedulerLike } from 'rxjs';
import { Batch } from '../network/Batch.js';
import { seededRandom, uniform } from '../random/Random.js';
import { fixedBatch } from '../samplers/fixedBatch.js';
import { fromBatches } from '../samplers/fromBatches.js';
import { fromDataset } from '../samplers/fromDataset.js';
import { fromFunction, functionBatchMaker } from '../samplers/fromFunction.js';
import { mnist } from '../samplers/mnist/mnist.js';
import type { MnistDigits } from '../samplers/mnist/mnistDigits.js';
import { playground } from '../samplers/playground/playground.js';
import type { ResumableSampler } from '../samplers/ResumableSampler.js';
import type { DataRows } from './readDataFile.js';
import type { LoadedPhase } from './loadScenario.js';

/**
 * The batch stream of one phase, seeded: same seed ⇒ same batches; resumable, so checkpoints
 * can continue it.
 * - `function`: a fresh batch per step from the target expression(s);
 * - `fixed`: one batch drawn once (from the expressions, or uniform random targets as in the
 *   seed's first experiment), repeated;
 * - `dataset`: shuffled mini-batches of the loaded data file;
 * - `batches`: the recorded batches in order, then the phase ends;
 * - `playground`: shuffled mini-batches of a Playground problem's training points;
 * - `mnist`: shuffled (optionally shifted) mini-batches of the MNIST training images.
 *
 * `scheduler` (a run control's gated scheduler) paces every sampler; default the time-slice one.
 *
 * @example
 * const batches$ = phaseSampler(loaded.phases[0], 2);
 */
export function phaseSampler(phase: LoadedPhase, seed: number, scheduler?: SchedulerLike): ResumableSampler<Batch> {
  const s = phase.sampler;
  const on = scheduler ? { scheduler } : {};
  switch (s.type) {
    case 'function':
      return fromFunction({ target: s.target, box: s.box, batchSize: s.batchSize, seed, ...on });
    case 'fixed': {
      if (typeof s.target === 'object' && !Array.isArray(s.target)) return fixedBatch(randomBatch(s.box, s.target.random, s.batchSize, seed), on);
      // fromFunction's first batch with this seed, drawn once.
      return fixedBatch(functionBatchMaker({ target: s.target, box: s.box, batchSize: s.batchSize })(seededRandom(seed))(), on);
    }
    case 'dataset': {
      const data = phase.data as DataRows;
      return fromDataset({ inputs: data.inputs, targets: data.targets, batchSize: s.batchSize, seed, ...(s.epochs !== undefined ? { epochs: s.epochs } : {}), ...on });
    }
    case 'batches':
      return fromBatches((phase.data as readonly DataRows[]).map((rows) => Batch.of(rows.inputs, rows.targets)), on);
    case 'playground': {
      const { type: _, ...options } = s;
      return playground({ ...options, seed, ...on }).train;
    }
    case 'mnist': {
      const { type: _, ...options } = s;
      return mnist(phase.data as MnistDigits, { ...options, seed, ...on }).train;
    }
  }
}

/** The seed's single batch: inputs uniform in `box`, targets uniform in their own intervals. */
function randomBatch(box: readonly (readonly [number, number])[], targets: readonly (readonly [number, number])[], size: number, seed: number): Batch {
  const random = seededRandom(seed);
  const x = new Float64Array(size * box.length);
  const t = new Float64Array(size * targets.length);
  for (let i = 0; i < size; i++) box.forEach(([lo, hi], d) => (x[i * box.length + d] = uniform(random, lo, hi)));
  for (let i = 0; i < size; i++) targets.forEach(([lo, hi], d) => (t[i * targets.length + d] = uniform(random, lo, hi)));
  return Batch.fromArrays(x, t, size);
}
