import { queueScheduler, takeWhile } from 'rxjs';
import type { Batch } from '../network/Batch.js';
import type { Network } from '../network/Network.js';
import type { PlaygroundEncoding } from '../samplers/playground/playgroundData.js';
import { playgroundProblems } from '../samplers/playground/playgroundProblems.js';
import type { ClassMap, ClassPoints, ClassReading } from '../sinks/ClassMap.js';
import type { LoadedPhase, LoadedScenario } from './loadScenario.js';
import { phaseSampler } from './phaseSampler.js';
import { validationData } from './validationSchema.js';

/** At most this many points of each split are drawn: enough to see the data, few enough to see the regions. */
export const maxClassPoints = 300;

/** More classes than this make a legend nobody can read: such a run keeps its heatmap. */
const maxClasses = 16;

/**
 * A classification run's classes for its decision-region pictures, or undefined for a run whose
 * pictures stay heatmaps (regression, no 2-D grid, too many classes). A run classifies when its
 * loss does (softmax-ce, sigmoid-bce: the snapshots hold class indices) or when it fits a
 * Playground classification problem's labels with squared error (the snapshots hold the raw
 * output, read against the midpoint of the two labels). The points are the last phase's: the
 * first distinct training points its sampler delivers with the run's seed — a Playground
 * problem's whole training split, a target expression's first batches — up to
 * {@link maxClassPoints}, and, when the run validates, its held-out points.
 *
 * @example
 * const classes = scenarioClasses(loaded, scenario.seed, network, grid !== undefined); // { names: ['−1', '+1'], … }
 */
export function scenarioClasses(loaded: LoadedScenario, seed: number, network: Network, hasGrid: boolean): ClassMap | undefined {
  const phase = loaded.phases.at(-1);
  if (!hasGrid || !phase || network.layers[0] !== 2) return undefined;
  const kind = classKind(phase, network);
  if (!kind) return undefined;
  // Phase i is seeded with seed + 1 + i (startScenario), validation data likewise.
  const phaseSeed = seed + loaded.phases.length;
  const train = trainingPoints(phase, phaseSeed, kind.classOf);
  const spec = loaded.scenario.validation;
  const data = spec && validationData(spec, loaded.phases, phaseSeed, seed).data;
  // A scenario's held-out data is one fixed batch (a test split, or a draw from the expression).
  const held = typeof data === 'object' ? data : undefined;
  return { names: kind.names, read: kind.read, train, ...(held ? { test: pointsOf(held, kind.classOf) } : {}) };
}

/** How a run's outputs and targets read as classes. */
interface ClassKind {
  readonly names: readonly string[];
  readonly read: ClassReading;
  /** The class of target row `r` of a batch. */
  readonly classOf: (batch: Batch, r: number) => number;
}

function classKind(phase: LoadedPhase, network: Network): ClassKind | undefined {
  const outputs = network.layers[network.depth]!;
  const loss = network.loss;
  const s = phase.sampler;
  const playground = s.type === 'playground' && playgroundProblems[s.problem].kind === 'classification';
  const classOf = loss.classOf;
  if (classOf) {
    const labels = loss.name === 'sigmoid-bce' && outputs > 1;
    const count = labels ? 2 ** outputs : Math.max(outputs, 2);
    if (count > maxClasses) return undefined;
    const names = playground && count === 2 ? ['−1', '+1'] : Array.from({ length: count }, (_, k) => (labels ? labelSet(k, outputs) : `class ${k}`));
    return { names, read: { kind: 'index' }, classOf: (b, r) => classOf(b.t, r * b.targetDim, b.targetDim, true) };
  }
  if (!playground) return undefined;
  // Squared error on the Playground's labels: ±1 (sign), 1/0 (binary), or one-hot, whose first
  // output (the snapshot's) is 1 for the −1 class.
  const read = squaredErrorReadings[s.encoding ?? 'sign'];
  return { names: ['−1', '+1'], read, classOf: (b, r) => (b.t[r * b.targetDim]! > read.at ? read.above : read.below) };
}

/** How one raw output trained with squared error on each Playground encoding reads as −1 (class 0) or +1 (class 1). */
const squaredErrorReadings: Readonly<Record<PlaygroundEncoding, Extract<ClassReading, { kind: 'threshold' }>>> = {
  sign: { kind: 'threshold', at: 0, span: 1, below: 0, above: 1 },
  binary: { kind: 'threshold', at: 0.5, span: 0.5, below: 0, above: 1 },
  'one-hot': { kind: 'threshold', at: 0.5, span: 0.5, below: 1, above: 0 },
};

/** A multi-label class (the labels on, as bits) by name: the set of labels on, `{0,2}`, or `none`. */
function labelSet(bits: number, labels: number): string {
  const on = Array.from({ length: labels }, (_, k) => k).filter((k) => (bits >> k) & 1);
  return on.length === 0 ? 'none' : `{${on.join(',')}}`;
}

/**
 * The first distinct points the phase's sampler delivers with the run's seed, taken
 * synchronously (queueScheduler): batches until enough points, or until an epoch's worth of
 * batches in a row brings no new one (a data set seen whole — later epochs only reshuffle, and
 * fill in the points an epoch's dropped remainder left out —, a fixed batch repeated).
 */
function trainingPoints(phase: LoadedPhase, seed: number, classOf: ClassKind['classOf']): ClassPoints {
  const seen = new Set<string>();
  const xy: number[] = [];
  const classes: number[] = [];
  let fruitless = 0;
  const take = (batch: Batch): boolean => {
    const patience = Math.ceil(maxClassPoints / Math.max(1, batch.size)) + 1;
    let added = 0;
    for (let r = 0; r < batch.size && classes.length < maxClassPoints; r++) {
      const [x, y] = [batch.x[r * batch.inputDim]!, batch.x[r * batch.inputDim + 1]!];
      const key = `${x},${y}`;
      if (seen.has(key)) continue;
      seen.add(key);
      // Copied now: samplers may reuse a batch's arrays for the next one.
      xy.push(x, y);
      classes.push(classOf(batch, r));
      added++;
    }
    fruitless = added > 0 ? 0 : fruitless + 1;
    return fruitless < patience && classes.length < maxClassPoints;
  };
  phaseSampler(phase, seed, queueScheduler).pipe(takeWhile(take)).subscribe().unsubscribe();
  return { xy, classes };
}

/** The first {@link maxClassPoints} points of a batch. */
function pointsOf(batch: Batch, classOf: ClassKind['classOf']): ClassPoints {
  const n = Math.min(batch.size, maxClassPoints);
  const xy: number[] = [];
  const classes: number[] = [];
  for (let r = 0; r < n; r++) {
    xy.push(batch.x[r * batch.inputDim]!, batch.x[r * batch.inputDim + 1]!);
    classes.push(classOf(batch, r));
  }
  return { xy, classes };
}
