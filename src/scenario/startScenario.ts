import { EMPTY, concat, defer, map, takeWhile } from 'rxjs';
import { restoreNetwork } from '../checkpoint/restoreNetwork.js';
import { scenarioHash } from '../checkpoint/scenarioHash.js';
import { checkScenarioPosition, type CostWindowState, type ScenarioPosition } from '../checkpoint/ScenarioPosition.js';
import { checkCheckpoint, savedState, type CheckpointOptions, type TrainingCheckpoint } from '../checkpoint/TrainingCheckpoint.js';
import { InputError } from '../errors/InputError.js';
import { createEngine, engineNames } from '../engine/createEngine.js';
import { Network } from '../network/Network.js';
import { gridInputs } from '../operators/grid.js';
import type { Grid } from '../operators/Snapshot.js';
import type { SnapshotOptions } from '../operators/snapshots.js';
import { train } from '../operators/train.js';
import { trainingRunOf, type TrainingRun } from '../operators/trainingRun.js';
import type { TrainStep } from '../operators/TrainStep.js';
import { seededRandom } from '../random/Random.js';
import { compileTarget } from '../samplers/compileTarget.js';
import type { ResumableSampler } from '../samplers/ResumableSampler.js';
import type { ClassMap } from '../sinks/ClassMap.js';
import { playgroundBox } from '../samplers/playground/playground.js';
import type { LoadedPhase, LoadedScenario } from './loadScenario.js';
import type { OptimizerConfig } from '../optimizers/Optimizer.js';
import { phaseSampler } from './phaseSampler.js';
import { scenarioClasses } from './scenarioClasses.js';
import { scenarioTestSet, type ScenarioTestSet } from './scenarioTestSet.js';
import { scenarioControls } from './scenarioControls.js';
import { optimizerOptions } from './trainingChoicesSchema.js';
import type { DataRows } from './readDataFile.js';
import type { Scenario } from './scenarioSchema.js';

/** Command-line style overrides of a scenario. */
export interface ScenarioOverrides {
  /** Total steps across phases: later phases are cut, or the last one stretched. */
  readonly steps?: number;
  readonly seed?: number;
  readonly engine?: string;
  /** Checkpoint cadence (checkpoints on `checkpoints$`). */
  readonly checkpoints?: CheckpointOptions;
  /** Continue from a checkpoint of this same scenario (same hash), bit for bit. */
  readonly resumeFrom?: TrainingCheckpoint;
}

/**
 * A scenario ready to run, as a {@link TrainingRun} (so anything that watches a training run —
 * the CLI's files, a dashboard — watches a scenario): the network built on its engine, the
 * phases' samplers run one after another (`concat`) on that same network, steps numbered across
 * phases. Subscribe, then `connect()`.
 *
 * @example
 * const run = await startScenario(await loadScenario('scenarios/seed-fit'));
 * run.steps$.subscribe({ next: (s) => console.log(s.step, s.cost), complete: () => console.log('done') });
 * run.connect();
 */
export interface ScenarioRun extends TrainingRun {
  /** The scenario with overrides applied. */
  readonly scenario: Scenario;
  /** Steps the run will take (an upper bound when a phase has an `until` rule); undefined when open-ended. */
  readonly totalSteps: number | undefined;
  /** The input-plane grid of snapshots and pictures (networks with 2 inputs). */
  readonly grid: Grid | undefined;
  /** The first target expression of the last phase that has one, on the grid (for target.png). */
  readonly target: Float64Array | undefined;
  /** Steps at which the second and later phases began (filled in as they begin). */
  readonly phaseStarts: readonly number[];
  /** A classifier's classes and points for its decision-region pictures (undefined: its pictures are heatmaps). */
  readonly classes: ClassMap | undefined;
  /** A classifier's held-out test set (the `mnist` sampler's test split), if a phase has one. */
  readonly test: ScenarioTestSet | undefined;
  /** The run's identity (scenario after overrides, engine, data): its checkpoints carry it, and a resume refuses any other. */
  readonly hash: string;
  /** The step the run starts from (0, or the checkpoint's when resumed). */
  readonly startStep: number;
}

/**
 * Builds a scenario's run: engine (the scenario's, else the fastest registered: wasm when built,
 * otherwise mathjs), network from `seededRandom(seed)`, phase i's sampler seeded with seed + 1 + i,
 * snapshots on the scenario's cadence (default: about 100 per run) over its grid — none for
 * networks of more than 2 inputs, whose input plane is no picture (`snapshot()` still takes one).
 *
 * @example
 * const run = await startScenario(loaded, { steps: 100 });
 */
export async function startScenario(loaded: LoadedScenario, overrides: ScenarioOverrides = {}): Promise<ScenarioRun> {
  const scenario: Scenario = { ...loaded.scenario, ...(overrides.seed !== undefined ? { seed: overrides.seed } : {}) };
  const engineName = overrides.engine ?? scenario.engine ?? (engineNames().includes('wasm') ? 'wasm' : 'mathjs');
  const engine = await createEngine(engineName, 'engine');
  const network = Network.create(scenario.network, { engine, random: seededRandom(scenario.seed) });
  const hash = scenarioHash({ scenario, engine: engineName, data: loaded.phases.map((p) => (p.sampler.type === 'dataset' || p.sampler.type === 'batches' ? p.data : null)) });
  const resume = overrides.resumeFrom === undefined ? undefined : checkCheckpoint(overrides.resumeFrom, 'checkpoint');
  const at = resume && resumeScenario(resume, hash, loaded.phases.length);
  if (resume) restoreNetwork(network, resume.network, 'checkpoint.network');
  const limits = phaseLimits(loaded.phases, overrides.steps);
  const totalSteps = limits.every((n) => n !== undefined) ? limits.reduce<number>((a, n) => a + n!, 0) : undefined;
  const grid = network.layers[0] === 2 ? gridOf(scenario, loaded.phases) : undefined;
  const expression = [...loaded.phases].reverse().map(targetExpression).find((e) => e !== undefined);
  const target = grid && expression !== undefined ? targetOnGrid(expression, grid, network) : undefined;
  const snapshotOptions: SnapshotOptions = {
    everySteps: scenario.snapshots?.everySteps ?? Math.max(1, Math.ceil((totalSteps ?? 10_000) / 100)),
    ...(scenario.snapshots?.everyMs !== undefined ? { everyMs: scenario.snapshots.everyMs } : {}),
    ...(grid ? { grid } : {}),
  };

  // Validation, early stopping, schedules, plateau feedback and the live controls.
  // What feeds back into the training goes on from the checkpoint: a version 1 one without it is refused.
  const stopsEarly = scenario.validation?.earlyStopping !== undefined;
  const reduces = scenario.validation?.reduceOnPlateau !== undefined;
  const resumed = resume && {
    ...(stopsEarly ? { earlyStopping: savedState(resume, 'earlyStopping', 'early stopping', 'checkpoint') } : {}),
    ...(resume.control ? { control: resume.control } : {}),
  };
  const controls = scenarioControls(loaded, scenario.seed, network, resume && reduces ? savedState(resume, 'reduceOnPlateau', 'reduce-on-plateau', 'checkpoint') : undefined);
  const phaseStarts: number[] = at ? [...at.phaseStarts] : [];
  // The phase being trained, for checkpoints: where its steps start and its sampler.
  let current: { phase: number; offset: number; sampler: ResumableSampler; window: CostWindow; stopped: boolean } | undefined;
  const training$ = defer(() => {
    let done = resume?.step ?? 0;
    let elapsed = resume?.time ?? 0;
    return concat(
      ...loaded.phases.flatMap((phase, i) => {
        const limit = limits[i];
        if (limit === 0 || (at && (i < at.phase || (i === at.phase && (at.ended || (limit !== undefined && at.steps >= limit)))))) return [];
        return [
          defer(() => {
            const from = at?.phase === i ? at : undefined;
            if (done > 0 && !from) phaseStarts.push(done + 1);
            const [offset, base] = [done, elapsed];
            const until = phase.training.until;
            const window = costWindow(until?.window ?? 1, from?.window);
            const fresh = phaseSampler(phase, scenario.seed + 1 + i, controls.control.scheduler);
            const sampler = from ? fresh.resume(from.sampler) : fresh;
            const before = from?.steps ?? 0;
            const progress: NonNullable<typeof current> = { phase: i, offset: offset - before, sampler, window, stopped: false };
            current = progress;
            const left = limit === undefined ? undefined : limit - before;
            return sampler.pipe(
              train(network, {
                optimizer: optimizerOptions(phase.training.optimizer) as OptimizerConfig,
                regularization: phase.training.regularization ?? {},
                ...(left !== undefined ? { steps: left } : {}),
                ...controls.phaseTraining(i, limit, before),
              }),
              takeWhile((s) => {
                progress.stopped = until !== undefined && window.mean(s.cost) < until.cost;
                return !progress.stopped;
              }, true),
              map((s): TrainStep => {
                done = offset + s.step;
                elapsed = base + s.time;
                return { ...s, step: done, time: elapsed };
              }),
            );
          }),
        ];
      }),
    );
  });
  const position = (step: number): ScenarioPosition | undefined => {
    if (current === undefined) return undefined;
    const { phase, offset, sampler, window, stopped } = current;
    const steps = step - offset;
    const state = sampler.cursor()?.stateAt(steps);
    if (state === undefined) return undefined;
    // ended: stopped by its until rule (a phase's step limit is checked on resume, where --steps may differ).
    return { phase, steps, sampler: state, window: window.state(), ended: stopped, phaseStarts: [...phaseStarts] };
  };
  const checkpointing = {
    position,
    start: { step: resume?.step ?? 0, time: resume?.time ?? 0 },
    origin: hash,
    feedback: controls.feedback,
    ...(resumed ? { resumed } : {}),
    ...(overrides.checkpoints ? { checkpoints: overrides.checkpoints } : {}),
  };
  const run = trainingRunOf(training$, network, { snapshots: snapshotOptions, ...checkpointing, ...controls.runOptions });
  controls.attach(run);
  const classes = scenarioClasses(loaded, scenario.seed, network, grid !== undefined);
  // A prediction over the input plane means something for networks of 1 or 2 inputs; for more
  // (images) it would be a slice through the first two, at a forward pass per grid point.
  const snapshots$ = network.layers[0]! > 2 ? EMPTY : run.snapshots$;
  return { ...run, snapshots$, scenario, totalSteps, grid, target, phaseStarts, hash, startStep: resume?.step ?? 0, test: scenarioTestSet(loaded.phases), classes };
}

/** A checkpoint's position in this scenario, refused when it was made by another scenario, engine or data. */
function resumeScenario(checkpoint: TrainingCheckpoint, hash: string, phases: number): ScenarioPosition {
  if (checkpoint.origin !== hash) {
    throw new InputError('checkpoint', `was made by a different scenario (hash ${String(checkpoint.origin)}; this scenario with its seed, engine and data has ${hash})`, 'resume with the scenario, --seed and --engine of the run that wrote it, or start afresh without --resume');
  }
  return checkScenarioPosition(checkpoint.position, phases);
}

/** Steps per phase after a total-steps override: cut in order, the last phase stretched. */
function phaseLimits(phases: readonly LoadedPhase[], total: number | undefined): (number | undefined)[] {
  const own = phases.map((p) => p.training.steps);
  if (total === undefined) return own;
  let left = total;
  return own.map((n, i) => {
    const last = i === phases.length - 1;
    const take = last ? left : Math.min(n ?? left, left);
    left -= take;
    return take;
  });
}

/** A running mean of the last costs, whose state a checkpoint saves. */
interface CostWindow {
  /** Pushes a cost; the mean of the last n (Infinity until n have come). */
  mean(cost: number): number;
  state(): CostWindowState;
}

/** A running mean of the last `n` costs, from a saved state when resuming. */
function costWindow(n: number, saved?: CostWindowState): CostWindow {
  const ring = new Float64Array(n);
  let count = 0;
  let sum = 0;
  if (saved) {
    if (saved.costs.length !== n) throw new InputError('checkpoint.position.window', `holds ${saved.costs.length} costs but the phase's until.window is ${n}`);
    ring.set(saved.costs);
    ({ count, sum } = saved);
  }
  return {
    mean: (cost) => {
      const k = count % n;
      sum += cost - ring[k]!;
      ring[k] = cost;
      count++;
      return count >= n ? sum / n : Number.POSITIVE_INFINITY;
    },
    state: () => ({ costs: Array.from(ring), count, sum }),
  };
}

function targetExpression(phase: LoadedPhase): string | readonly string[] | undefined {
  const s = phase.sampler;
  if (s.type !== 'function' && s.type !== 'fixed') return undefined;
  return typeof s.target === 'string' || Array.isArray(s.target) ? s.target : undefined;
}

/** The target picture: a classifier's target classes (one expression per output), else the first expression. */
function targetOnGrid(expression: string | readonly string[], grid: Grid, network: Network): Float64Array {
  const list = typeof expression === 'string' ? [expression] : expression;
  const classOf = network.loss.classOf;
  if (!classOf || list.length !== network.layers[network.depth]) return evaluateOnGrid(list[0]!, grid);
  const columns = list.map((e) => evaluateOnGrid(e, grid));
  const row = new Float64Array(list.length);
  return Float64Array.from({ length: columns[0]!.length }, (_, k) => {
    columns.forEach((c, j) => (row[j] = c[k]!));
    return classOf(row, 0, row.length, true);
  });
}

function gridOf(scenario: Scenario, phases: readonly LoadedPhase[]): Grid {
  const spec = scenario.snapshots?.grid;
  const box = phases.map(boxOfPhase).find((b) => b !== undefined);
  return {
    x: spec?.x ?? box?.[0] ?? [-0.5, 0.5],
    y: spec?.y ?? box?.[1] ?? [-0.5, 0.5],
    nx: spec?.nx ?? 40,
    ny: spec?.ny ?? 40,
  };
}

/** The input region a phase covers: its sampler's box, or its data's bounding box. */
function boxOfPhase(phase: LoadedPhase): (readonly [number, number])[] | undefined {
  const s = phase.sampler;
  if (s.type === 'function' || s.type === 'fixed') return s.box;
  if (s.type === 'playground') return playgroundBox.map(([lo, hi]) => [lo, hi]);
  if (s.type === 'mnist') return undefined;
  const sets = phase.data === undefined ? [] : Array.isArray(phase.data) ? (phase.data as readonly DataRows[]) : [phase.data as DataRows];
  const rows = sets.flatMap((d) => d.inputs);
  if (rows.length === 0) return undefined;
  return rows[0]!.map((_, d) => {
    // A loop, not Math.min(...values): spreading 10⁵ rows as arguments overflows the stack.
    let [lo, hi] = [Infinity, -Infinity];
    for (const r of rows) [lo, hi] = [Math.min(lo, r[d]!), Math.max(hi, r[d]!)];
    return lo < hi ? [lo, hi] : [lo - 0.5, hi + 0.5];
  });
}

function evaluateOnGrid(expression: string, grid: Grid): Float64Array {
  const f = compileTarget(expression, 2);
  const points = gridInputs(grid, 2);
  const n = points.length / 2;
  return Float64Array.from({ length: n }, (_, k) => f(points.subarray(2 * k, 2 * k + 2)));
}
