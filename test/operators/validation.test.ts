import { lastValueFrom, take, toArray } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { InputError } from '../../src/errors/InputError.js';
import { Batch } from '../../src/network/Batch.js';
import { Network } from '../../src/network/Network.js';
import { trainingRun } from '../../src/operators/trainingRun.js';
import { evaluateAt, validation } from '../../src/operators/validation.js';
import { train } from '../../src/operators/train.js';
import { seededRandom } from '../../src/random/Random.js';
import { fromFunction, functionBatchMaker } from '../../src/samplers/fromFunction.js';
import { playground } from '../../src/samplers/playground/playground.js';
import { engineCases } from '../engine/engines.js';
import { factory } from './networks.js';

const box = [[-1, 1], [0, 2]] as const;
const sampler = () => fromFunction({ target: 'x*y', box, batchSize: 8, seed: 1 });
const heldOut = functionBatchMaker({ target: 'x*y', box, batchSize: 50 })(seededRandom(99))();
const tiny = { x: [-1, 1], y: [0, 2], nx: 5, ny: 5 } as const;

describe.each(engineCases)('validation on $name', ({ make }) => {
  it('never changes the training trajectory: bit-equal costs and parameters with and without it (and with snapshots)', async () => {
    const engine = await make();
    const plain = trainingRun(sampler(), factory(engine), { eta: 0.05, steps: 60 });
    const a = lastValueFrom(plain.steps$.pipe(toArray()));
    plain.connect();
    const validated = trainingRun(sampler(), factory(engine), { eta: 0.05, steps: 60, validation: { data: heldOut, every: 7 }, snapshots: { everySteps: 5, grid: tiny } });
    const b = lastValueFrom(validated.steps$.pipe(toArray()));
    const v = lastValueFrom(validated.validation$.pipe(toArray()));
    const shots = lastValueFrom(validated.snapshots$.pipe(toArray()));
    validated.connect();
    const [costsA, costsB, evaluations] = await Promise.all([a, b, v, shots]);
    expect(costsB.map((s) => s.cost)).toEqual(costsA.map((s) => s.cost));
    expect(validated.network.parameters()).toEqual(plain.network.parameters());
    expect(evaluations.map((e) => e.step)).toEqual([7, 14, 21, 28, 35, 42, 49, 56]);
    expect(validated.validationHistory()).toEqual(evaluations);
  });
});

describe('validation', () => {
  it("evaluates the parameters after the step's update: equal to network.evaluate on a copy at that step", async () => {
    const engine = await engineCases[0]!.make();
    const net = factory(engine)();
    const seen: number[] = [];
    const expected: number[] = [];
    await lastValueFrom(
      sampler().pipe(
        train(net, { eta: 0.05, steps: 20 }),
        validation(net, { data: heldOut, every: 5 }),
        toArray(),
      ),
    ).then((vs) => seen.push(...vs.map((v) => v.cost)));
    // Replay: train step by step on a fresh copy and evaluate after steps 5, 10, 15, 20.
    const copy = factory(engine)();
    const batches = await lastValueFrom(sampler().pipe(take(20), toArray()));
    batches.forEach((b, k) => {
      copy.trainBatch(b, 0.05);
      if ((k + 1) % 5 === 0) expected.push(copy.evaluate(heldOut));
    });
    expect(seen).toEqual(expected);
  });

  it('reports accuracy for a classification loss (the Playground xor test split)', async () => {
    const engine = await engineCases[1]!.make();
    const { train: batches$, data } = playground({ problem: 'xor', encoding: 'one-hot', batchSize: 10, seed: 3 });
    const run = trainingRun(batches$, () => Network.create({ layers: [2, 8, 2], activations: ['tanh', 'linear'], loss: 'softmax-ce' }, { engine, random: seededRandom(1) }), {
      optimizer: { type: 'adam', lr: 0.03 },
      steps: 200,
      validation: { data: data.test, every: 50 },
    });
    const v = lastValueFrom(run.validation$.pipe(toArray()));
    run.connect();
    const evaluations = await v;
    expect(evaluations).toHaveLength(4);
    for (const e of evaluations) expect(e.accuracy).toBeGreaterThanOrEqual(0);
    expect(evaluations.at(-1)!.accuracy).toBeGreaterThan(0.8);
  });

  it('evaluates with one forward pass: the cost and accuracy of network.evaluate and network.accuracy to the bit, and each row\'s classes', async () => {
    const engine = await engineCases[1]!.make();
    const { data } = playground({ problem: 'spiral', encoding: 'one-hot', batchSize: 10, seed: 3 });
    const net = Network.create({ layers: [2, 8, 2], activations: ['tanh', 'linear'], loss: 'softmax-ce' }, { engine, random: seededRandom(1) });
    const [cost, accuracy] = [net.evaluate(data.test), net.accuracy(data.test)];
    const passes = vi.spyOn(net, 'predictInto');
    const v = evaluateAt(net, data.test, 7);
    expect(passes).toHaveBeenCalledTimes(1);
    expect([v.step, v.cost, v.accuracy]).toEqual([7, cost, accuracy]);
    const { count, actual, predicted, inputs } = v.classes!;
    expect([count, actual.length, inputs]).toEqual([2, data.test.size, data.test.x]);
    const out = net.predict(Array.from({ length: data.test.size }, (_, i) => [data.test.x[2 * i]!, data.test.x[2 * i + 1]!])).toArray() as number[][];
    for (let i = 0; i < data.test.size; i++) {
      expect(actual[i]).toBe(data.test.t[2 * i + 1]! > data.test.t[2 * i]! ? 1 : 0);
      expect(predicted[i]).toBe(out[i]![1]! > out[i]![0]! ? 1 : 0);
    }
    expect(accuracy).toBe(actual.filter((a, i) => a === predicted[i]).length / data.test.size);
  });

  it('classifies one-hot targets by the largest output for squared error when told (oneHot), and not otherwise', async () => {
    const engine = await engineCases[1]!.make();
    const net = Network.create({ layers: [2, 4, 3], activations: ['tanh', 'linear'] }, { engine, random: seededRandom(2) });
    const batch = Batch.of([[0.1, 0.2], [0.5, -0.5], [-1, 1], [0.3, 0.3]], [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 1, 0]]);
    expect(evaluateAt(net, batch, 1)).toEqual({ step: 1, cost: net.evaluate(batch) });
    const v = evaluateAt(net, batch, 1, { oneHot: true });
    const out = net.predict([[0.1, 0.2], [0.5, -0.5], [-1, 1], [0.3, 0.3]]).toArray() as number[][];
    const predicted = out.map((row) => row.indexOf(Math.max(...row)));
    expect([...v.classes!.actual]).toEqual([0, 1, 2, 1]);
    expect([...v.classes!.predicted]).toEqual(predicted);
    expect(v.accuracy).toBe(predicted.filter((p, i) => p === [0, 1, 2, 1][i]).length / 4);
    expect(() => evaluateAt(net, Batch.of([[0, 0]], [[1, 0]]), 1)).toThrow(/validation\.data.*2 targets a row.*3 outputs/);
  });

  it('refuses bad options naming the field', async () => {
    const engine = await engineCases[0]!.make();
    expect(() => trainingRun(sampler(), factory(engine), { eta: 0.05, validation: { data: heldOut, every: 0 } })).toThrow(/validation\.every/);
    expect(() => trainingRun(sampler(), factory(engine), { eta: 0.05, earlyStopping: { patience: 2 } })).toThrow(/earlyStopping/);
    expect(() => trainingRun(sampler(), factory(engine), { eta: 0.05, reduceOnPlateau: { factor: 0.5 } })).toThrow(/reduceOnPlateau/);
  });

  // A misspelt metric was watched as the cost; accuracy without a classifier is NaN at every
  // evaluation, so early stopping ended the run after its patience.
  it('refuses an unknown metric, and accuracy without a classifier, naming the field', async () => {
    const engine = await engineCases[0]!.make();
    const make = (options: Record<string, unknown>) => () => trainingRun(sampler(), factory(engine), { eta: 0.05, validation: { data: heldOut, every: 5 }, ...options });
    expect(make({ earlyStopping: { patience: 2, metric: 'acuracy' } })).toThrow('earlyStopping.metric: unknown metric "acuracy" (did you mean "accuracy"? known: cost, accuracy)');
    expect(make({ earlyStopping: { patience: 2, metric: 'accuracy' } })).toThrow('earlyStopping.metric: is accuracy, but the loss mse has none (use metric: cost, a classification loss (softmax-ce, sigmoid-bce), or validation.oneHot for one-hot targets)');
    expect(make({ reduceOnPlateau: { factor: 0.5, metric: 'accuracy' } })).toThrow(/^reduceOnPlateau\.metric: is accuracy, but the loss mse has none/);
    expect(make({ earlyStopping: { patience: 2, metric: 'accuracy' }, loss: 'sigmoid-bce' })).not.toThrow();
  });

  // Held-out data of the wrong width was refused only inside the step's emission, where the throw
  // was unhandled and took the process down.
  it('refuses a held-out batch of the wrong width when the run is made, naming validation.data', async () => {
    const engine = await engineCases[0]!.make();
    const wide = Batch.of([[1, 2, 3]], [[1]]);
    expect(() => trainingRun(sampler(), factory(engine), { eta: 0.05, validation: { data: wide, every: 5 } })).toThrow(
      new InputError('validation.data', 'has 3 inputs a row, but the network has 2 inputs', "validate on data of the training data's shape"),
    );
  });

  it('ends the run with the InputError when held-out data from a function is refused at its evaluation', async () => {
    const engine = await engineCases[0]!.make();
    const run = trainingRun(sampler(), factory(engine), { eta: 0.05, steps: 50, validation: { data: () => Batch.of([[1, 2, 3]], [[1]]), every: 5 } });
    const steps = lastValueFrom(run.steps$.pipe(toArray())).catch((e: unknown) => e);
    const evaluations = lastValueFrom(run.validation$.pipe(toArray())).catch((e: unknown) => e);
    run.connect();
    const error = await steps;
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/^validation\.data: has 3 inputs a row, but the network has 2 inputs/);
    expect(await evaluations).toBe(error);
  });
});
