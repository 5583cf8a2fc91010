import { describe, expect, it } from 'vitest';
import { optionsObject } from '../../src/errors/optionsObject.js';
import { wasmEngine } from '../../src/engine/wasm/wasmEngine.js';
import { Batch } from '../../src/network/Batch.js';
import { Network } from '../../src/network/Network.js';
import { earlyStopping } from '../../src/operators/earlyStopping.js';
import { reduceOnPlateau } from '../../src/operators/reduceOnPlateau.js';
import { RunControl } from '../../src/operators/RunControl.js';
import { seededRandom } from '../../src/random/Random.js';
import { parseScenario } from '../../src/scenario/parseScenario.js';
import { TimeSliceScheduler } from '../../src/scheduler/TimeSliceScheduler.js';
import { fromDataset } from '../../src/samplers/fromDataset.js';
import { fromFunction, functionBatchMaker } from '../../src/samplers/fromFunction.js';
import { mnist } from '../../src/samplers/mnist/mnist.js';
import { mnistDigits } from '../../src/samplers/mnist/mnistDigits.js';
import { mnistSplit } from '../../src/samplers/mnist/mnistSplit.js';
import { shiftImages } from '../../src/samplers/mnist/shiftImages.js';
import { playground } from '../../src/samplers/playground/playground.js';
import { playgroundData } from '../../src/samplers/playground/playgroundData.js';
import { cosineDecay } from '../../src/schedules/cosineDecay.js';
import { exponentialDecay } from '../../src/schedules/exponentialDecay.js';
import { linearWarmup } from '../../src/schedules/linearWarmup.js';
import { oneCycle } from '../../src/schedules/oneCycle.js';
import { stepDecay } from '../../src/schedules/stepDecay.js';
import { inputErrorOf } from '../helpers/inputErrorOf.js';

describe('optionsObject', () => {
  it('passes an object through and refuses anything else, naming options and showing a call', () => {
    const options = { a: 1 };
    expect(optionsObject(options, 'f({ a: 1 })')).toBe(options);
    expect(inputErrorOf(() => optionsObject(undefined, 'f({ a: 1 })'))?.message).toBe('options: must be an object, got undefined (e.g. f({ a: 1 }))');
    expect(inputErrorOf(() => optionsObject(null, 'f({ a: 1 })'))?.message).toBe('options: must be an object, got null (e.g. f({ a: 1 }))');
  });

  // Called from JavaScript without options, each of these failed with a TypeError on a property.
  const loose = (f: (options: never) => unknown) => f as (options?: unknown) => unknown;
  it.each([
    ['fromFunction', loose(fromFunction)],
    ['functionBatchMaker', loose(functionBatchMaker)],
    ['fromDataset', loose(fromDataset)],
    ['playground', loose(playground)],
    ['playgroundData', loose(playgroundData)],
    ['cosineDecay', loose(cosineDecay)],
    ['stepDecay', loose(stepDecay)],
    ['exponentialDecay', loose(exponentialDecay)],
    ['linearWarmup', loose(linearWarmup)],
    ['oneCycle', loose(oneCycle)],
    ['reduceOnPlateau', loose(reduceOnPlateau)],
    ['shiftImages', loose(shiftImages)],
    ['mnist', (options?: unknown) => mnist(mnistDigits(Array.from({ length: 10 }, () => new Array<number>(784 * 5).fill(0))), options as never)],
  ])('%s() and (null) are InputErrors naming options', (_name, f) => {
    for (const options of [undefined, null]) expect(inputErrorOf(() => f(options))?.field).toBe('options');
  });

  // Options that may be left out: omitted they are defaults, but null was a TypeError on a property.
  it('optional options given as null are InputErrors naming them, where a TypeError was', async () => {
    await expect(wasmEngine(null as never)).rejects.toMatchObject({ name: 'InputError', field: 'options' });
    expect(inputErrorOf(() => new TimeSliceScheduler(null as never))?.field).toBe('options');
    expect(inputErrorOf(() => earlyStopping(null as never))?.field).toBe('options');
    expect(inputErrorOf(() => new RunControl(null as never))?.field).toBe('scheduler');
    expect(inputErrorOf(() => parseScenario(42 as never, 'x.yaml'))?.field).toBe('text');
    const net = Network.create({ layers: [2, 3, 1], activations: 'relu' }, { engine: await wasmEngine({ threads: 1 }), random: seededRandom(1) });
    net.forward(Batch.of([[0.1, 0.2]], [[0.3]]));
    expect(inputErrorOf(() => net.backward(undefined as never))?.field).toBe('batch');
    // Left out, they still are defaults.
    expect(new TimeSliceScheduler().sliceMs).toBe(5);
    expect(new RunControl().paused).toBe(false);
  });

  it('mnistSplit and mnist without digits name digits', () => {
    expect(inputErrorOf(() => mnistSplit(null as never))?.message).toBe("digits: must be MNIST digits, got null (load them with await loadMnist() (Node) or mnistDigits([...]) (a browser))");
    expect(inputErrorOf(() => mnist(undefined as never, { batchSize: 10, seed: 1 }))?.field).toBe('digits');
  });
});
