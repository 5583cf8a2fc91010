import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { LoadedScenario } from '../../src/scenario/loadScenario.js';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { lrScheduleOf } from '../../src/scenario/lrScheduleSchema.js';
import { startScenario } from '../../src/scenario/startScenario.js';
import { cosineDecay } from '../../src/schedules/cosineDecay.js';
import { linearWarmup } from '../../src/schedules/linearWarmup.js';

/** The shipped classification scenario, shortened, its validation and training sections replaced as asked. */
async function spiral(edit: (s: LoadedScenario['scenario']) => LoadedScenario['scenario'], steps = 60): Promise<LoadedScenario> {
  const loaded = await loadScenario('scenarios/spiral-validated');
  const scenario = edit(loaded.scenario);
  const phases = loaded.phases.map((p) => ({ ...p, training: { ...p.training, ...(scenario.training ?? {}), steps } }));
  return { ...loaded, scenario, phases };
}

async function runOf(loaded: LoadedScenario) {
  const run = await startScenario(loaded, { engine: 'wasm' });
  const steps = lastValueFrom(run.steps$.pipe(toArray()));
  const validation = lastValueFrom(run.validation$.pipe(toArray()));
  run.connect();
  return { run, steps: await steps, validation: await validation };
}

describe('scenario validation, schedules and controls', () => {
  it('training.lrSchedule: a warm-up then cosine over the phase, recorded step by step', async () => {
    const { steps } = await runOf(await spiral((s) => ({ ...s, validation: undefined, training: { ...s.training!, lrSchedule: { type: 'cosine', final: 0.0001, warmup: 10 } } })));
    const expected = linearWarmup({ steps: 10, start: 0.0001, then: cosineDecay({ initial: 0.01, steps: 50, final: 0.0001 }) });
    expect(steps.map((s) => s.lr)).toEqual(steps.map((s) => expected.at(s.step)));
  });

  it('validation never changes the trajectory: bit-equal costs with and without it, and evaluations every N steps on the test split', async () => {
    const plain = await runOf(await spiral((s) => ({ ...s, validation: undefined })));
    const validated = await runOf(await spiral((s) => ({ ...s, validation: { every: 20, size: 1000 } })));
    expect(validated.steps.map((s) => s.cost)).toEqual(plain.steps.map((s) => s.cost));
    expect(validated.validation.map((v) => v.step)).toEqual([20, 40, 60]);
    for (const v of validated.validation) expect(v.accuracy).toBeGreaterThanOrEqual(0);
  });

  it('validation.reduceOnPlateau feeds the learning rate from the evaluations', async () => {
    const { steps } = await runOf(
      await spiral((s) => ({ ...s, training: { ...s.training!, lrSchedule: undefined }, validation: { every: 10, size: 1000, reduceOnPlateau: { factor: 0.5, patience: 0, minDelta: 1e9, min: 0, cooldown: 0, metric: 'cost' } } })),
    );
    // The first evaluation (after step 10) improves; each later one halves the rate from the next step.
    expect(steps[0]!.lr).toBe(0.01);
    expect(steps[20]!.lr).toBe(0.005);
    expect(steps[30]!.lr).toBe(0.0025);
  });

  it('early stopping ends the run and restores the best parameters', async () => {
    const { run, steps, validation } = await runOf(
      await spiral((s) => ({ ...s, validation: { every: 10, size: 1000, earlyStopping: { metric: 'cost', patience: 1, minDelta: 1e9, restoreBest: true } } }), 200),
    );
    expect(steps).toHaveLength(20);
    // The best evaluation as it was emitted, its rows' classes included (evaluated again, from
    // the restored parameters, for confusion.png and misclassified.png).
    expect(run.earlyStop()).toEqual({ stoppedAt: 20, best: validation[0] });
  });

  it('a last phase without held-out data (a data file) is refused when the run starts, naming validation', async () => {
    const loaded = await loadScenario('test/scenario/good/xor-dataset');
    await expect(startScenario({ ...loaded, scenario: { ...loaded.scenario, validation: { every: 10, size: 1000 } } }, { engine: 'mathjs' })).rejects.toThrow(/^validation: has no held-out data: the last phase's sampler is dataset/);
  });

  it('lrScheduleOf: one-cycle ignores the optimizer rate; a phase without steps needs the schedule its own; warm-up longer than the run', () => {
    expect(lrScheduleOf({ type: 'one-cycle', max: 0.1 }, 0.001, 100).at(1)).toBeCloseTo(0.1 / 25, 15);
    expect(() => lrScheduleOf({ type: 'cosine', final: 0 }, 0.01, undefined)).toThrow(/training\.lrSchedule\.steps/);
    // A run shortened inside its warm-up still runs: the decay spans at least one step.
    expect(lrScheduleOf({ type: 'cosine', final: 0, warmup: 100 }, 0.01, 50).at(50)).toBeCloseTo(0.01 / 100 + ((0.01 - 0.01 / 100) * 50) / 100, 15);
  });
});
