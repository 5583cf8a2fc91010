import { lastValueFrom, map, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { playgroundData } from '../../src/samplers/playground/playgroundData.js';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { phaseSampler } from '../../src/scenario/phaseSampler.js';
import { maxClassPoints } from '../../src/scenario/scenarioClasses.js';
import { startScenario } from '../../src/scenario/startScenario.js';

const classesOf = async (path: string) => {
  const loaded = await loadScenario(path);
  const run = await startScenario(loaded, { engine: 'mathjs' });
  return { loaded, run, classes: run.classes };
};

/** Points as a sorted list of "x,y:class" strings, to compare sets. */
const pointSet = (xy: ArrayLike<number>, classes: ArrayLike<number>): string[] => Array.from({ length: classes.length }, (_, k) => `${xy[2 * k]},${xy[2 * k + 1]}:${classes[k]}`).sort();

describe('scenarioClasses (a run’s classes and points, through startScenario)', () => {
  it('reads a Playground problem fitted with squared error on ±1 labels against 0, and draws its whole training split', async () => {
    const { classes } = await classesOf('scenarios/playground-spiral');
    expect(classes!.names).toEqual(['−1', '+1']);
    expect(classes!.read).toEqual({ kind: 'threshold', at: 0, span: 1, below: 0, above: 1 });
    // Phase 0 is seeded with the scenario seed (1) + 1; −1 is class 0, +1 class 1.
    const { train } = playgroundData({ problem: 'spiral', noise: 0.05, seed: 2 });
    expect(train.size).toBe(250);
    const expected = pointSet(train.x, Array.from(train.t, (t) => (t > 0 ? 1 : 0)));
    expect(pointSet(classes!.train.xy, classes!.train.classes)).toEqual(expected);
    expect(classes!.test).toBeUndefined(); // no validation
  });

  it('reads a softmax classifier by index, with the held-out split it validates on as test points', async () => {
    const { classes } = await classesOf('scenarios/spiral-validated');
    expect(classes!.names).toEqual(['−1', '+1']);
    expect(classes!.read).toEqual({ kind: 'index' });
    const { train, test } = playgroundData({ problem: 'spiral', noise: 0.05, encoding: 'one-hot', seed: 2 });
    const cls = (t: Float64Array) => Array.from({ length: t.length / 2 }, (_, r) => (t[2 * r + 1]! > t[2 * r]! ? 1 : 0));
    expect(pointSet(classes!.train.xy, classes!.train.classes)).toEqual(pointSet(train.x, cls(train.t)));
    expect(classes!.test!.xy).toEqual(Array.from(test.x));
    expect(classes!.test!.classes).toEqual(cls(test.t));
  });

  it('takes the first points the run trains on from a target expression, up to the limit, with the loss’s classes', async () => {
    const { loaded, classes } = await classesOf('scenarios/three-class-rings');
    expect(classes!.names).toEqual(['class 0', 'class 1', 'class 2']);
    // The training sampler itself, on its usual scheduler: its first five batches of 64.
    const batches = await lastValueFrom(phaseSampler(loaded.phases[0]!, loaded.scenario.seed + 1).pipe(take(5), map((b) => ({ x: Array.from(b.x), t: Array.from(b.t) })), toArray()));
    const x = batches.flatMap((b) => b.x).slice(0, 2 * maxClassPoints);
    const t = batches.flatMap((b) => b.t);
    expect(classes!.train.xy).toEqual(x);
    expect(classes!.train.classes).toEqual(Array.from({ length: maxClassPoints }, (_, r) => [0, 1, 2].find((k) => t[3 * r + k] === 1)));
    expect(new Set(classes!.train.classes)).toEqual(new Set([0, 1, 2]));
  });

  it('reads squared error on one-hot Playground labels by its first output, the −1 class’s', async () => {
    const loaded = await loadScenario('scenarios/playground-xor');
    const phase = loaded.phases[0]!;
    const oneHot = { ...loaded, scenario: { ...loaded.scenario, network: { ...loaded.scenario.network, layers: [2, 4, 2] } }, phases: [{ ...phase, sampler: { ...phase.sampler, encoding: 'one-hot' } }] } as typeof loaded;
    const { classes } = await startScenario(oneHot, { engine: 'mathjs' });
    expect(classes!.read).toEqual({ kind: 'threshold', at: 0.5, span: 0.5, below: 1, above: 0 });
    const { train } = playgroundData({ problem: 'xor', noise: 0.1, seed: 2 }); // sign labels: +1 is class 1
    expect(pointSet(classes!.train.xy, classes!.train.classes)).toEqual(pointSet(train.x, Array.from(train.t, (t) => (t > 0 ? 1 : 0))));
  });

  it('names multi-label classes by the set of labels that are on', async () => {
    const { classes } = await classesOf('scenarios/multilabel-adam');
    expect(classes!.names).toEqual(['none', '{0}', '{1}', '{0,1}', '{2}', '{0,2}', '{1,2}', '{0,1,2}']);
    expect(classes!.read).toEqual({ kind: 'index' });
    // A point right of x = 0, above y = 0 and inside the circle has all three labels: class 7.
    const k = classes!.train.classes.findIndex((_, p) => classes!.train.xy[2 * p]! > 0 && classes!.train.xy[2 * p + 1]! > 0 && Math.hypot(classes!.train.xy[2 * p]!, classes!.train.xy[2 * p + 1]!) < 0.5);
    expect(classes!.train.classes[k]).toBe(7);
  });

  it('leaves regression runs without classes (their pictures stay heatmaps)', async () => {
    for (const path of ['scenarios/seed-fit', 'scenarios/playground-plane', 'scenarios/playground-multi-gauss']) expect((await classesOf(path)).classes, path).toBeUndefined();
  });
});
