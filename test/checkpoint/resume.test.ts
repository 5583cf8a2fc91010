import { firstValueFrom, lastValueFrom, take, toArray, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { TrainingCheckpoint } from '../../src/checkpoint/TrainingCheckpoint.js';
import { InputError } from '../../src/errors/InputError.js';
import { Batch } from '../../src/network/Batch.js';
import { Network, type NetworkSpec } from '../../src/network/Network.js';
import { trainingRun } from '../../src/operators/trainingRun.js';
import type { TrainOptions } from '../../src/operators/train.js';
import type { TrainStep } from '../../src/operators/TrainStep.js';
import { seededRandom } from '../../src/random/Random.js';
import { fromDataset } from '../../src/samplers/fromDataset.js';
import { fromFunction } from '../../src/samplers/fromFunction.js';
import { shiftImages } from '../../src/samplers/mnist/shiftImages.js';
import { playground } from '../../src/samplers/playground/playground.js';
import type { ResumableSampler, SamplerState } from '../../src/samplers/ResumableSampler.js';
import { engineCases } from '../engine/engines.js';

// Resume equals uninterrupted: a run checkpointed at step k, stopped, its checkpoint sent through
// JSON and resumed, gives the same costs and final parameters, bit for bit, as the run that was
// never stopped — on every engine, for every kind of sampler state.

interface Case {
  readonly name: string;
  readonly spec: NetworkSpec;
  readonly sampler: () => ResumableSampler;
  readonly eta: number;
  readonly options?: Omit<TrainOptions, 'eta'>;
}

// 4×4 "images" with 2 targets, to shift.
const images = Batch.fromArrays(Float64Array.from({ length: 40 * 16 }, (_, k) => ((k * 7919) % 97) / 97), Float64Array.from({ length: 80 }, (_, k) => (k % 2 === 0 ? 1 : 0)), 40);

const cases: readonly Case[] = [
  { name: 'fromFunction', spec: { layers: [2, 12, 1], activations: 'tanh' }, sampler: () => fromFunction({ target: 'exp(-5*(x^2+y^2))*abs(x+y)', box: [[-0.5, 0.5], [-0.5, 0.5]], batchSize: 16, seed: 3 }), eta: 0.05 },
  // Adam's moments and step count, and L2, travel in the checkpoint's network.
  { name: 'fromFunction, Adam with L2', spec: { layers: [2, 10, 1], activations: 'relu' }, sampler: () => fromFunction({ target: 'x*y', box: [[-1, 1], [-1, 1]], batchSize: 8, seed: 4 }), eta: 0.01, options: { optimizer: { type: 'adam' }, regularization: { l2: 1e-3 } } },
  // 100 points in batches of 30: epochs of 3 batches, so the checkpoint (step 25) and the resume cross reshuffles.
  { name: 'playground (fromDataset)', spec: { layers: [2, 8, 1], activations: ['relu', 'tanh'] }, sampler: () => playground({ problem: 'xor', samples: 200, batchSize: 30, seed: 5 }).train, eta: 0.03 },
  { name: 'shifted images (fromDataset + shiftImages)', spec: { layers: [16, 6, 2], activations: 'sigmoid' }, sampler: () => shiftImages({ maxShift: 1, width: 4, height: 4, seed: 9 })(fromDataset({ data: images, batchSize: 16, seed: 2 })) as ResumableSampler, eta: 0.1 },
];

const total = 60;
const at = 25;

async function uninterrupted(c: Case, engine: Network['engine']): Promise<{ steps: TrainStep[]; net: Network }> {
  const run = trainingRun(c.sampler(), () => Network.create(c.spec, { engine, random: seededRandom(1) }), { ...c.options, eta: c.eta, steps: total });
  const steps = lastValueFrom(run.steps$.pipe(toArray()));
  run.connect();
  return { steps: await steps, net: run.network };
}

/** Runs until the checkpoint at `at`, stops there, and returns the checkpoint through JSON. */
async function checkpointAt(c: Case, engine: Network['engine']): Promise<TrainingCheckpoint> {
  const run = trainingRun(c.sampler(), () => Network.create(c.spec, { engine, random: seededRandom(1) }), { ...c.options, eta: c.eta, steps: total, checkpoints: { everySteps: at } });
  const first = firstValueFrom(run.checkpoints$);
  const connection = run.connect();
  const checkpoint = await first;
  connection.unsubscribe();
  return JSON.parse(JSON.stringify(checkpoint)) as TrainingCheckpoint;
}

async function resumed(c: Case, engine: Network['engine'], from: TrainingCheckpoint): Promise<{ steps: TrainStep[]; net: Network }> {
  // A differently seeded fresh network: everything it trains with comes from the checkpoint.
  const run = trainingRun(c.sampler(), () => Network.create(c.spec, { engine, random: seededRandom(99) }), { ...c.options, eta: c.eta, steps: total, resumeFrom: from });
  const steps = lastValueFrom(run.steps$.pipe(toArray()));
  run.connect();
  return { steps: await steps, net: run.network };
}

const bits = (xs: readonly number[]): string[] => xs.map((x) => new Float64Array([x]).buffer).map((b) => Buffer.from(b).toString('hex'));

describe.each(engineCases)('resume equals uninterrupted on $name', ({ make }) => {
  it.each(cases)('$name: costs and parameters bit for bit', async (c) => {
    const engine = await make();
    const whole = await uninterrupted(c, engine);
    const checkpoint = await checkpointAt(c, engine);
    expect(checkpoint.step).toBe(at);
    const rest = await resumed(c, engine, checkpoint);
    expect(rest.steps.map((s) => s.step)).toEqual(Array.from({ length: total - at }, (_, k) => at + 1 + k));
    expect(bits(rest.steps.map((s) => s.cost))).toEqual(bits(whole.steps.slice(at).map((s) => s.cost)));
    expect(bits(rest.net.parameters().weights.flat(2))).toEqual(bits(whole.net.parameters().weights.flat(2)));
    expect(bits(rest.net.parameters().biases.flat())).toEqual(bits(whole.net.parameters().biases.flat()));
    expect(rest.net.optimizer.toJSON()).toEqual(whole.net.optimizer.toJSON());
  });
});

describe('checkpoints in the API', () => {
  const engineP = engineCases[0]!.make();

  it.each(cases)('$name: a sampler says its state after its newest batch and the one before (a consumer one batch behind)', async (c) => {
    const sampler = c.sampler();
    const batches = await lastValueFrom(sampler.pipe(take(8), toArray()));
    const cursor = sampler.cursor()!;
    expect(cursor.emitted).toBe(8);
    expect(cursor.stateAt(6)).toBeUndefined();
    for (const k of [7, 8]) {
      const state = JSON.parse(JSON.stringify(cursor.stateAt(k))) as SamplerState;
      expect(state.batches).toBe(k);
      const next = await lastValueFrom(sampler.resume(state).pipe(take(3), toArray()));
      const whole = await lastValueFrom(c.sampler().pipe(take(k + 3), toArray()));
      expect(next.map((b) => Array.from(b.x))).toEqual(whole.slice(k).map((b) => Array.from(b.x)));
      if (k === 7) expect(Array.from(next[0]!.x)).toEqual(Array.from(batches[7]!.x));
    }
  });

  it('checkpoint() is the state at the last step, after the run stopped', async () => {
    const engine = await engineP;
    const c = cases[0]!;
    const sampler = c.sampler();
    const run = trainingRun(sampler, () => Network.create(c.spec, { engine, random: seededRandom(1) }), { eta: c.eta, steps: total });
    let connection: { unsubscribe(): void } | undefined;
    const stopped = new Promise<void>((resolve) =>
      run.steps$.subscribe((s) => {
        if (s.step !== 10) return;
        connection!.unsubscribe();
        resolve();
      }),
    );
    connection = run.connect();
    await stopped;
    const checkpoint = run.checkpoint()!;
    expect(checkpoint.step).toBe(10);
    // Whatever the sampler drew after step 10, the resumed run's step 11 is the uninterrupted one's.
    const whole = await uninterrupted(c, engine);
    const rest = await resumed(c, engine, JSON.parse(JSON.stringify(checkpoint)) as TrainingCheckpoint);
    expect(rest.steps[0]!.cost).toBe(whole.steps[10]!.cost);
  });

  it('refuses to resume a plain Observable or a checkpoint of another network, naming the field', async () => {
    const engine = await engineP;
    const c = cases[0]!;
    const checkpoint = await checkpointAt(c, engine);
    const plain = c.sampler().pipe(take(100)) as Observable<Batch>;
    expect(() => trainingRun(plain, () => Network.create(c.spec, { engine, random: seededRandom(1) }), { eta: 0.1, resumeFrom: checkpoint })).toThrow(/resumeFrom: needs a resumable sampler/);
    const other = () => Network.create({ layers: [2, 5, 1], activations: 'tanh' }, { engine, random: seededRandom(1) });
    expect(() => trainingRun(c.sampler(), other, { eta: 0.1, resumeFrom: checkpoint })).toThrow(InputError);
    expect(() => trainingRun(c.sampler(), other, { eta: 0.1, resumeFrom: { ...checkpoint, format: 'x' } as unknown as TrainingCheckpoint })).toThrow(/not an rxprop checkpoint/);
    const wrongKind = { ...checkpoint, position: { ...(checkpoint.position as object), kind: 'dataset' } };
    const run = trainingRun(c.sampler(), () => Network.create(c.spec, { engine, random: seededRandom(1) }), { eta: 0.1, resumeFrom: wrongKind });
    const failed = lastValueFrom(run.steps$);
    run.connect();
    await expect(failed).rejects.toThrow(/sampler.kind: is "dataset" but this sampler is "function"/);
    // Without its position the sampler started afresh: the run went on, but not as the checkpointed one.
    for (const position of [null, undefined]) {
      expect(() => trainingRun(c.sampler(), () => Network.create(c.spec, { engine, random: seededRandom(1) }), { eta: 0.1, resumeFrom: { ...checkpoint, position } })).toThrow(
        new InputError('resumeFrom.position', `must be the sampler's saved state, got ${JSON.stringify(position)}`, 'use a checkpoint of a run on this resumable sampler'),
      );
    }
  });

  it('checkpoints on a cadence of training time too', async () => {
    const engine = await engineP;
    const c = cases[0]!;
    const run = trainingRun(c.sampler(), () => Network.create(c.spec, { engine, random: seededRandom(1) }), { eta: c.eta, steps: 40, checkpoints: { everyMs: 1e-9 } });
    const all = lastValueFrom(run.checkpoints$.pipe(toArray()));
    run.connect();
    expect((await all).map((k) => k.step)).toEqual(Array.from({ length: 40 }, (_, k) => k + 1));
  });
});
