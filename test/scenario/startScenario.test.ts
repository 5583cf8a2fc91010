import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { loadScenario, type LoadedScenario } from '../../src/scenario/loadScenario.js';
import { startScenario } from '../../src/scenario/startScenario.js';

/** A scenario file with each phase's steps replaced (small runs keep the mathjs engine quick). */
async function shortened(path: string, phaseSteps?: number[]): Promise<LoadedScenario> {
  const loaded = await loadScenario(path);
  if (!phaseSteps) return loaded;
  return { ...loaded, phases: loaded.phases.map((p, i) => ({ ...p, training: { ...p.training, steps: phaseSteps[i]! } })) };
}

async function stepsOf(path: string, overrides: { steps?: number } = {}, phaseSteps?: number[]) {
  const run = await startScenario(await shortened(path, phaseSteps), { engine: 'mathjs', ...overrides });
  const steps = lastValueFrom(run.steps$.pipe(toArray()));
  const snapshots = lastValueFrom(run.snapshots$.pipe(toArray()));
  run.connect();
  return { run, steps: await steps, snapshots: await snapshots };
}

describe('startScenario', () => {
  it('runs phases one after another on one network, numbering steps across them', async () => {
    const { run, steps } = await stepsOf('scenarios/fixed-then-random', {}, [20, 6]);
    expect(run.totalSteps).toBe(26);
    expect(steps.map((s) => s.step)).toEqual(Array.from({ length: 26 }, (_, k) => k + 1));
    expect(run.phaseStarts).toEqual([21]);
    // Phase 1 repeats one batch: its cost falls step after step; phase 2 meets new points.
    const first = steps.slice(0, 20).map((s) => s.cost);
    for (let k = 1; k < 20; k++) expect(first[k]!).toBeLessThan(first[k - 1]!);
    for (let k = 1; k < steps.length; k++) expect(steps[k]!.time).toBeGreaterThanOrEqual(steps[k - 1]!.time);
  });

  it('stretches the last phase to an override, and cuts phases short of one', async () => {
    const { steps } = await stepsOf('scenarios/seed-animate', { steps: 5 }, [3]);
    expect(steps).toHaveLength(5);
    const { run } = await stepsOf('scenarios/fixed-then-random', { steps: 4 }, [5, 5]);
    expect(run.phaseStarts).toEqual([]);
    const both = await stepsOf('scenarios/fixed-then-random', { steps: 7 }, [5, 5]);
    expect(both.run.phaseStarts).toEqual([6]);
    expect(both.steps).toHaveLength(7);
  });

  it('stops a phase early by its until rule', async () => {
    const loaded = await loadScenario('scenarios/seed-animate');
    const phase = { ...loaded.phases[0]!, training: { ...loaded.phases[0]!.training, steps: 100, until: { cost: 1, window: 3 } } };
    const run = await startScenario({ ...loaded, phases: [phase] }, { engine: 'mathjs' });
    const steps = lastValueFrom(run.steps$.pipe(toArray()));
    run.connect();
    // Every cost is below 1: the window fills at step 3, and the rule stops the phase there.
    expect((await steps).map((s) => s.step)).toEqual([1, 2, 3]);
  });

  it('takes snapshots on the scenario cadence over the sampler box, and the target on the same grid', async () => {
    const { run, snapshots } = await stepsOf('scenarios/seed-single-batch', { steps: 7 });
    expect(snapshots.map((s) => s.step)).toEqual([2, 4, 6, 7]);
    expect(run.grid).toEqual({ x: [-1, 1], y: [-1, 1], nx: 40, ny: 40 });
    expect(snapshots[0]!.prediction.size()).toEqual([40, 40]);
    expect(run.target).toBeUndefined(); // random targets: nothing to draw
    const fit = await stepsOf('scenarios/seed-fit', { steps: 1 });
    const target = fit.run.target!;
    // The seed's function: 0 on the diagonal x = −y, largest near (±0.32, ±0.32).
    expect(target).toHaveLength(1600);
    expect(target[39]).toBeCloseTo(0, 12); // (x, y) = (0.5, −0.5)
    // On the diagonal x = y = t it is 2t·exp(−10t²), largest at t = 1/√20: 0.2712; the grid comes within 0.0001.
    expect(Math.max(...target)).toBeCloseTo(0.2712, 3);
  });
});

describe('startScenario on data files', () => {
  it('puts the snapshot grid on the data\'s bounding box', async () => {
    const run = await startScenario(await loadScenario('test/scenario/good/xor-dataset.yaml'), { engine: 'mathjs' });
    const [x, y] = [run.grid!.x, run.grid!.y];
    expect(x[0]).toBeGreaterThanOrEqual(-1);
    expect(x[0]).toBeLessThan(-0.9);
    expect(x[1]).toBeGreaterThan(0.9);
    expect(y[0]).toBeLessThan(-0.9);
    expect(y[1]).toBeLessThanOrEqual(1);
  });
});
