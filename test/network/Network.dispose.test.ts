import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { wasmEngine, type WasmEngine } from '../../src/engine/wasm/wasmEngine.js';
import { InputError } from '../../src/errors/InputError.js';
import { Batch } from '../../src/network/Batch.js';
import { Network, type NetworkSpec } from '../../src/network/Network.js';
import { seededRandom } from '../../src/random/Random.js';
import { engineCases } from '../engine/engines.js';

const spec: NetworkSpec = { layers: [2, 9, 5, 1], activations: ['relu', 'tanh', 'sigmoid'], init: { weights: { type: 'uniform', scale: 0.5 }, biases: { type: 'uniform', scale: 0.5 } } };
const batch = (size: number): Batch => Batch.fromArrays(new Float64Array(2 * size).fill(0.1), new Float64Array(size).fill(0.2), size);

/** A network that has made every kind of buffer: two batch sizes, forward/backward, gradients, predict, the finiteness probes. */
function busy(net: Network): Network {
  net.trainBatch(batch(7), 0.1);
  net.trainBatch(batch(12), 0.1);
  net.forward(batch(3));
  net.backward(batch(3));
  net.update(0.1);
  net.gradients();
  net.predictInto(new Float64Array(2 * 40), 40);
  net.isFinite();
  return net;
}

describe.each(engineCases)('Network.dispose on $name', (c) => {
  it('gives every tensor back (wasm: the memory in use returns to what it was), once', async () => {
    const engine = await c.make();
    const usage = (): number | undefined => (engine as Partial<WasmEngine>).memoryUsage?.().used;
    // The engine's packing scratch only grows: let a first network size it.
    busy(Network.create(spec, { engine, random: seededRandom(1) })).dispose();
    const before = usage();
    const net = busy(Network.create(spec, { engine, random: seededRandom(1) }));
    if (before !== undefined) expect(usage()).toBeGreaterThan(before);
    net.dispose();
    expect(usage()).toBe(before);
    net.dispose(); // idempotent
    net[Symbol.dispose]();
    expect(usage()).toBe(before);
  });

  it('refuses every later use with a clear error', async () => {
    const net = busy(Network.create(spec, { engine: await c.make(), random: seededRandom(1) }));
    net[Symbol.dispose]();
    const uses: (() => unknown)[] = [
      () => net.trainBatch(batch(7), 0.1), () => net.trainStep([[0, 0]], [[0]], 0.1), () => net.forward(batch(3)), () => net.backward(batch(3)),
      () => net.update(0.1), () => net.evaluate(batch(3)), () => net.predict([[0, 0]]), () => net.predictInto(new Float64Array(2), 1),
      () => net.gradients(), () => net.weights(), () => net.biases(), () => net.parameters(), () => net.toJSON(), () => net.clone(),
      () => net.setParameters({ weights: [], biases: [] }), () => net.isFinite(),
    ];
    for (const use of uses) expect(use).toThrow(/^this network was disposed \(its engine memory was given back\): clone\(\) a network before disposing it/);
    expect(net.layers).toEqual([2, 9, 5, 1]); // the architecture stays readable
  });

  it('is disposed at the end of a `using` block', async () => {
    const engine = await c.make();
    let escaped: Network | undefined;
    {
      using net = Network.create(spec, { engine, random: seededRandom(2) });
      net.trainBatch(batch(4), 0.1);
      escaped = net;
    }
    expect(() => escaped.weights()).toThrow(/disposed/);
  });

  it('keeps a clone made before disposal working', async () => {
    const net = busy(Network.create(spec, { engine: await c.make(), random: seededRandom(3) }));
    const copy = net.clone();
    const params = net.parameters();
    net.dispose();
    expect(copy.parameters()).toEqual(params);
    expect(Number.isFinite(copy.trainBatch(batch(5), 0.1))).toBe(true);
  });
});

describe('Network memory on a wasm engine', () => {
  it('leaves nothing behind when creation fails on a bad initializer or bad parameters', async () => {
    const engine = await wasmEngine({ threads: 1, memoryMiB: 4 });
    const before = engine.memoryUsage().used;
    expect(() => Network.create({ ...spec, init: { biases: { type: 'uniform', scale: -1 } } }, { engine, random: seededRandom(1) })).toThrow(InputError);
    const json = { ...Network.create(spec, { engine: await wasmEngine({ threads: 1, memoryMiB: 1 }), random: seededRandom(1) }).toJSON() };
    expect(() => Network.fromJSON({ ...json, biases: [[1], [1], [1]] }, { engine })).toThrow(/biases\[0\]: has 1 values, expected 9/);
    expect(engine.memoryUsage().used).toBe(before);
  });

  it('recovers from running out of memory half way through laying out a batch size, and still frees everything', async () => {
    const engine = await wasmEngine({ threads: 1, memoryMiB: 1 });
    // 600 hidden units: one chunk of predict's rows (256) does not fit in 1 MiB either.
    const make = () => Network.create({ layers: [2, 600, 1], activations: 'relu' }, { engine, random: seededRandom(1) });
    const sized = make(); // sizes the packing scratch, which only grows
    sized.trainBatch(batch(10), 0.1);
    sized.dispose();
    const before = engine.memoryUsage().used;
    const net = make();
    for (let attempt = 0; attempt < 2; attempt++) {
      expect(() => net.trainBatch(batch(3000), 0.1)).toThrow(/out of memory/);
      expect(() => net.predictInto(new Float64Array(2 * 3000), 3000)).toThrow(/out of memory/);
    }
    expect(Number.isFinite(net.trainBatch(batch(10), 0.1))).toBe(true);
    expect(net.predictInto(new Float64Array(2 * 10), 10)).toHaveLength(10);
    net.dispose();
    expect(engine.memoryUsage().used).toBe(before);
  });

  it('predicts more rows than its memory would hold at once, a chunk at a time', async () => {
    const engine = await wasmEngine({ threads: 1, memoryMiB: 1 });
    const net = Network.create({ layers: [2, 50, 1], activations: 'relu' }, { engine, random: seededRandom(1) });
    expect(() => net.trainBatch(batch(3000), 0.1)).toThrow(/out of memory/);
    const x = Float64Array.from({ length: 2 * 3000 }, (_, k) => Math.sin(k));
    const all = net.predictInto(x, 3000);
    expect(all.subarray(2990)).toEqual(net.predictInto(x.subarray(2 * 2990), 10));
    net.dispose();
  });

  it('frees a network nobody disposed once it is collected', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const engine = await wasmEngine({ threads: 1, memoryMiB: 4 });
    busy(Network.create(spec, { engine, random: seededRandom(1) })).dispose(); // sizes the scratch
    const before = engine.memoryUsage().used;
    // Made and dropped in a function of its own, so no local keeps it alive.
    ((): void => void busy(Network.create(spec, { engine, random: seededRandom(1) })))();
    expect(engine.memoryUsage().used).toBeGreaterThan(before);
    // Finalizers run as tasks after a collection: collect and yield until they have (bounded).
    for (let k = 0; k < 100 && engine.memoryUsage().used > before; k++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(engine.memoryUsage().used).toBe(before);
  });
});
