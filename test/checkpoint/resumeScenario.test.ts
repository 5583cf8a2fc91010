import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { TrainingCheckpoint } from '../../src/checkpoint/TrainingCheckpoint.js';
import type { TrainStep } from '../../src/operators/TrainStep.js';
import type { ValidationStep } from '../../src/operators/validation.js';
import type { EarlyStop } from '../../src/operators/validationWatcher.js';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { startScenario, type ScenarioOverrides } from '../../src/scenario/startScenario.js';
import { engineCases } from '../engine/engines.js';

// The scenario path of resume with feedback (what `rxprop run --resume` runs): two phases, each
// with its own schedule or its own reduce-on-plateau loop, early stopping across both. One
// uninterrupted run checkpoints every 8 steps; resumed from each checkpoint (through JSON; on the
// engines other than wasm from every third), the run must give the same steps, evaluations, stop, phase starts and final network, bit for bit.

const fixtures = ['test/cli/fixtures/validated-schedule.yaml', 'test/cli/fixtures/validated-plateau.yaml'];
const every = 8; // one checkpoint at step 40, the end of the first phase

interface Outcome {
  readonly steps: TrainStep[];
  readonly evaluations: ValidationStep[];
  readonly stop: EarlyStop | undefined;
  readonly network: unknown;
  readonly phaseStarts: readonly number[];
  readonly checkpoints: TrainingCheckpoint[];
  readonly final: TrainingCheckpoint | undefined;
  readonly live: number | undefined;
}

/** A learning rate set live after this step (the same user action in both runs), for the live case. */
const liveAt = 52;

async function scenarioRun(path: string, overrides: ScenarioOverrides, live?: number): Promise<Outcome> {
  const run = await startScenario(await loadScenario(path), overrides);
  if (live !== undefined) run.steps$.subscribe((s) => s.step === liveAt && run.control!.setLearningRate(live));
  const steps = lastValueFrom(run.steps$.pipe(toArray()));
  const evaluations = lastValueFrom(run.validation$.pipe(toArray()), { defaultValue: [] });
  const checkpoints = lastValueFrom(run.checkpoints$.pipe(toArray()));
  run.connect();
  const [all, evaluated, saved] = await Promise.all([steps, evaluations, checkpoints]);
  const through = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
  const final = run.checkpoint();
  return { steps: all, evaluations: evaluated, stop: run.earlyStop(), network: through(run.network.toJSON()), phaseStarts: run.phaseStarts, checkpoints: saved.map(through), final: final && through(final), live: run.control!.state.lr };
}

/**
 * The checkpoints resumed from: every one on the default engine; on the others (whose state travels
 * the same way, only their numbers differ) every third and the one at the phases' boundary.
 */
const resumePoints = (engine: string, checkpoints: readonly TrainingCheckpoint[]): TrainingCheckpoint[] =>
  engine === 'wasm' ? [...checkpoints] : checkpoints.filter((c, k) => k % 3 === 1 || c.step === 40);

const bits = (xs: readonly number[]): string => Buffer.from(Float64Array.from(xs).buffer).toString('hex');
const stepBits = (steps: readonly TrainStep[]): string[] => steps.map((s) => `${s.step} ${bits([s.cost, s.lr!, s.accuracy!])}`);

const cases = [
  ...fixtures.map((path) => ({ path, live: undefined as number | undefined })),
  // A live rate set in the first phase stays in force in the second, and after a resume.
  { path: fixtures[1]!, live: 0.01 },
];

describe.each(engineCases)('scenario resume equals uninterrupted with feedback on $name', ({ name }) => {
  it.for(cases)('$path (live rate $live): from every checkpoint, bit for bit', async ({ path, live }, { annotate }) => {
    const whole = await scenarioRun(path, { engine: name, checkpoints: { everySteps: every } }, live);
    expect(whole.stop, 'the run stops early, in its second phase').toBeDefined();
    const stoppedAt = whole.stop!.stoppedAt;
    expect(whole.phaseStarts).toEqual([41]);
    expect(stoppedAt).toBeGreaterThan(41);
    expect(whole.checkpoints.length).toBeGreaterThan(10);
    expect(whole.final!.step).toBe(stoppedAt);
    let compared = { resumes: 0, steps: 0, evaluations: 0 };
    for (const from of [...resumePoints(name, whole.checkpoints), whole.final!]) {
      const context = `${path} on ${name}, resumed from step ${from.step} of ${stoppedAt}`;
      const rest = await scenarioRun(path, { engine: name, resumeFrom: from }, live);
      expect(stepBits(rest.steps), context).toEqual(stepBits(whole.steps.slice(from.step)));
      expect(rest.evaluations, context).toEqual(whole.evaluations.filter((v) => v.step > from.step));
      expect(rest.stop, context).toEqual(whole.stop);
      compared = { resumes: compared.resumes + 1, steps: compared.steps + rest.steps.length, evaluations: compared.evaluations + rest.evaluations.length };
      expect(rest.phaseStarts, context).toEqual(whole.phaseStarts);
      expect(rest.network, context).toEqual(whole.network);
      expect(rest.live, context).toBe(whole.live);
    }
    await annotate(`stopped at ${stoppedAt}; ${compared.resumes} resumes, ${compared.steps} steps and ${compared.evaluations} evaluations compared bit for bit, final parameters identical (max |Δ| 0)`);
  });
});

describe('scenario checkpoints with feedback', () => {
  it('hold each phase its own reduce-on-plateau state; a version 1 checkpoint is refused for a scenario with feedback, naming the file field and the fix', async () => {
    const whole = await scenarioRun(fixtures[1]!, { engine: 'wasm', checkpoints: { everySteps: 35 } });
    const [at35, at70] = whole.checkpoints;
    expect(at35!.reduceOnPlateau!.phase).toBe(0);
    expect(at70!.reduceOnPlateau!.phase).toBe(1);
    const { earlyStopping: _, reduceOnPlateau: __, ...old } = { ...at70!, version: 1 as const };
    await expect(scenarioRun(fixtures[1]!, { engine: 'wasm', resumeFrom: old })).rejects.toThrow(/^checkpoint\.version: is 1: written by an rxprop that did not save the state of early stopping/);
  });
});
