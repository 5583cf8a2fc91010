import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/Engine.js';
import { KernelNotImplementedError } from '../../src/engine/KernelNotImplementedError.js';
import { createEngine } from '../../src/engine/createEngine.js';
import { InputError } from '../../src/errors/InputError.js';
import { math } from '../../src/math.js';
import { Batch } from '../../src/network/Batch.js';
import { Network, type NetworkJSON, type NetworkSpec } from '../../src/network/Network.js';
import { seededRandom } from '../../src/random/Random.js';
import { engineCases } from '../engine/engines.js';

const spec: NetworkSpec = { layers: [2, 5, 3, 1], activations: ['relu', 'tanh', 'sigmoid'], init: { weights: { type: 'uniform', scale: 0.5 }, biases: { type: 'uniform', scale: 0.5 } } };

describe.each(engineCases)('Network on $name', (c) => {
  const make = async (seed = 1, s: NetworkSpec = spec) => Network.create(s, { engine: await c.make(), random: seededRandom(seed) });

  it('trains on a batch of a data set\'s rows exactly as on the same rows gathered, without gathering them', async () => {
    const random = seededRandom(9);
    const data = Batch.of(Array.from({ length: 20 }, () => [random.next(), random.next()]), Array.from({ length: 20 }, () => [random.next()]));
    const rows = [7, 3, 19, 3, 0, 12];
    const [a, b] = [await make(), await make()];
    for (let k = 0; k < 3; k++) {
      const view = Batch.rowsOf(data, rows);
      const gathered = Batch.fromArrays(Float64Array.from(Batch.rowsOf(data, rows).x), view.t, rows.length);
      expect(a.trainBatch(view, 0.1)).toBe(b.trainBatch(gathered, 0.1));
      // An engine that copies rows in (Engine.writeRows) leaves the batch's inputs unread.
      expect(view.inputRows === undefined).toBe(a.engine.writeRows === undefined);
    }
    expect(a.parameters()).toEqual(b.parameters());
  });

  it('draws the same bits from the same seed and different ones from another', async () => {
    expect((await make(4)).parameters()).toEqual((await make(4)).parameters());
    expect((await make(4)).parameters()).not.toEqual((await make(5)).parameters());
  });

  it('speaks mathjs and plain arrays in the seed orientation', async () => {
    const net = await make();
    expect(net.weights().map((w) => w.size())).toEqual([[2, 5], [5, 3], [3, 1]]);
    expect(net.biases().map((b) => b.size())).toEqual([[5], [3], [1]]);
    const { weights, biases } = net.parameters();
    expect(weights[0]).toHaveLength(2);
    expect(weights[0]![0]).toHaveLength(5);
    expect(biases[1]).toHaveLength(3);
    net.setParameters({ weights: net.weights(), biases: net.biases() }); // mathjs in, unchanged
    expect(net.parameters()).toEqual({ weights, biases });
  });

  it('gives flat row-major copies of its parameters, the same values as parameters()', async () => {
    const net = await make();
    const flat = net.flatParameters();
    const { weights, biases } = net.parameters();
    expect(flat.weights.map((w) => Array.from(w))).toEqual(weights.map((w) => w.flat()));
    expect(flat.biases.map((b) => Array.from(b))).toEqual(biases);
    flat.weights[0]![0] = 123; // a copy
    expect(net.parameters().weights[0]![0]![0]).toBe(weights[0]![0]![0]);
  });

  it('round-trips through JSON onto another engine with identical predictions', async () => {
    const net = await make();
    const copy = Network.fromJSON(JSON.parse(JSON.stringify(net)), { engine: await createEngine('mathjs') });
    expect(copy.layers).toEqual([2, 5, 3, 1]);
    expect(copy.activations.map((a) => a.name)).toEqual(['relu', 'tanh', 'sigmoid']);
    const x = [[0.1, -0.2], [0.3, 0.4]];
    const tol = c.replayTolerance < 1e-6 ? 1e-12 : 1e-5;
    const a = net.predict(x).toArray().flat() as number[];
    const b = copy.predict(x).toArray().flat() as number[];
    a.forEach((v, k) => expect(Math.abs(v - b[k]!)).toBeLessThan(tol));
  });

  // predictInto runs long inputs a chunk of rows at a time (256, the last chunk taking up to 3
  // more): every row must come out as it does from a product of a few rows. A hidden layer wider
  // than 8 sends the products of 4 rows or more down the packed path; 1–3 rows take the rowwise one.
  it('predictInto gives every row of a long input the bits of a short one, across chunk edges', async () => {
    const net = await make(4, { layers: [3, 20, 12, 2], activations: ['tanh', 'relu', 'linear'] });
    const random = seededRandom(5);
    const x = Float64Array.from({ length: 600 * 3 }, () => 2 * random.next() - 1);
    const byFours = new Float64Array(600 * 2);
    for (let r = 0; r < 600; r += 4) byFours.set(net.predictInto(x.subarray(3 * r, 3 * (r + 4)), 4), 2 * r);
    for (const rows of [4, 255, 256, 257, 259, 260, 511, 512, 515, 600]) {
      expect(Array.from(net.predictInto(x.subarray(0, 3 * rows), rows)), `${rows} rows`).toEqual(Array.from(byFours.subarray(0, 2 * rows)));
    }
    const out = new Float64Array(2 * 600).fill(7);
    expect(net.predictInto(x, 600, out)).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(byFours));
    expect(() => net.predictInto(x, 600, new Float64Array(1199))).toThrow(/^out: holds 1199 values, expected 600×2/);
    for (const rows of [1.5, -1, Number.NaN]) expect(() => net.predictInto(x.subarray(0, 3), rows)).toThrow(/^rows: must be a whole number ≥ 0/);
    // From JavaScript, any array of numbers: copied once, the same rows.
    expect(Array.from(net.predictInto(Array.from(x) as unknown as Float64Array, 600))).toEqual(Array.from(byFours));
    for (const rows of [1, 3]) {
      const few = net.predictInto(x.subarray(0, 3 * rows), rows);
      few.forEach((v, k) => expect(Math.abs(v - byFours[k]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(v))));
    }
  });

  it('forward + backward + update equals one trainBatch, and predict keeps no state', async () => {
    const batch = Batch.of([[0.1, 0.2], [0.5, -0.4], [-0.3, 0.3]], [[0.2], [0.7], [0.4]]);
    const a = await make(2);
    const b = await make(2);
    const y = a.forward(batch);
    expect(y.size()).toEqual([3, 1]);
    const costA = a.backward(batch);
    a.update(0.1);
    const costB = b.trainBatch(batch, 0.1);
    expect(costA).toBeCloseTo(costB, 12);
    const pa = a.parameters().weights.flat(2);
    const pb = b.parameters().weights.flat(2);
    pa.forEach((v, k) => expect(v).toBeCloseTo(pb[k]!, 12));
    const before = a.predict([[0.1, 0.2]]).get([0, 0]) as number;
    a.predict(math.matrix([[9, 9], [8, 8], [7, 7], [6, 6]]));
    expect(a.predict([[0.1, 0.2]]).get([0, 0])).toBe(before);
    expect(a.evaluate(batch)).toBeCloseTo(a.predict(batch.inputs).toArray().flat().reduce((s: number, v, k) => s + ((v as number) - batch.t[k]!) ** 2, 0) / 3, 12);
  });

  it('isFinite tells diverged parameters, also very large finite ones, and re-arms after repair', async () => {
    const net = await make(6, { layers: [2, 3, 1], activations: 'linear' });
    const good = net.parameters();
    expect(net.isFinite()).toBe(true);
    const huge = net.engine.precision === 'f32' ? 1e37 : 1e200; // its square overflows
    net.setParameters({ weights: [[[huge, 0, 0], [0, 0, 0]], [[huge], [0], [0]]], biases: good.biases });
    expect(net.isFinite()).toBe(true); // huge but finite: not mistaken for divergence
    const batch = Batch.of([[1, 1]], [[0]]);
    for (let k = 0; k < 3 && net.isFinite(); k++) net.trainBatch(batch, 1e100);
    expect(net.isFinite()).toBe(false);
    net.setParameters(good);
    expect(net.isFinite()).toBe(true);
  });

  // [6, 7]: on two threads, weight rows 4–5 and bias columns 4–6 are the second thread's share, and
  // column 6 is past the last full vector (f64 and f32): the overflow is where a probe could miss it.
  it.each([
    // eta·5 stays finite and eta·5e10 overflows (f64 max 1.8e308, f32 max 3.4e38).
    { what: 'a weight', x: [0, 0, 0, 0, 0, 1e10], eta: { f64: 1e298, f32: 1e28 } },
    { what: 'a bias', x: [0, 0, 0, 0, 0, 0], eta: { f64: 1e308, f32: 1e38 } },
    // A one-output layer's update runs its one-value rows in a loop of their own (gemm.ts epilogue).
    { what: 'a weight of a one-output layer', x: [0, 0, 0, 0, 0, 1e10], eta: { f64: 1e298, f32: 1e28 }, outputs: 1 },
  ])('isFinite sees $what overflow in the very step that overflows it, while that step\'s cost is finite', async ({ x, eta: etas, outputs = 7 }) => {
    const net = await make(1, { layers: [6, outputs], activations: 'linear', init: { weights: { type: 'zeros' }, biases: { type: 'zeros' } } });
    const good = net.parameters();
    const batch = Batch.of([x], [[0, 0, 0, 0, 0, 0, 5].slice(7 - outputs)]);
    const eta = etas[net.engine.precision];
    expect(net.trainBatch(batch, eta)).toBe(25);
    expect(net.isFinite()).toBe(false);
    const { weights, biases } = net.parameters();
    expect([...weights.flat(2), ...biases.flat()].filter((v) => !Number.isFinite(v))).toHaveLength(1);
    net.setParameters(good);
    expect(net.isFinite()).toBe(true);
    expect(net.trainBatch(batch, 1e-3)).toBe(25);
    expect(net.isFinite()).toBe(true);
  });

  it('lets a NaN through relu: a NaN pre-activation makes the output and the cost NaN, never a finite cost', async () => {
    const net = await make(1, { layers: [2, 1, 1], activations: ['relu', 'linear'] });
    net.setParameters({ weights: [[[10], [-10]], [[1]]], biases: [[0], [0]] });
    const x = [[1e308, 1e308]]; // 1e309 − 1e309: ∞ − ∞ = NaN in the first layer (∞ in f32 storage already)
    expect(net.predict(x).get([0, 0])).toBeNaN();
    expect(net.trainStep(x, [[0.5]], 0.1)).toBeNaN();
    expect(net.isFinite()).toBe(false);
  });

  it('learns: 200 steps on one batch lower the cost (the seed\'s first experiment, small)', async () => {
    const random = seededRandom(3);
    const net = await make(3, { layers: [2, 20, 30, 1], activations: 'sigmoid', init: { weights: { type: 'uniform', scale: 1 }, biases: { type: 'uniform', scale: 1 } } });
    const x = Array.from({ length: 100 }, () => [2 * random.next() - 1, 2 * random.next() - 1]);
    const t = Array.from({ length: 100 }, () => [2 * random.next() - 1]);
    const batch = Batch.of(x, t);
    const costs = Array.from({ length: 200 }, () => net.trainBatch(batch, 0.001));
    expect(costs.at(-1)!).toBeLessThan(costs[0]!);
  });
});

describe('Network input errors', () => {
  const engine = () => createEngine('mathjs');
  const create = async (s: Partial<NetworkSpec>) => Network.create({ ...spec, ...s } as NetworkSpec, { engine: await engine(), random: seededRandom(1) });
  const message = async (f: () => unknown | Promise<unknown>): Promise<string> => {
    try {
      await f();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as Error).message;
    }
    throw new Error('expected an InputError');
  };

  it.each([NaN, Infinity, -Infinity, -0.01, 0])('rejects the learning rate %s in trainBatch, trainStep and update, changing nothing', async (eta) => {
    for (const engine of [await createEngine('mathjs'), await createEngine('wasm-single')]) {
      const net = Network.create(spec, { engine, random: seededRandom(1) });
      const before = net.parameters();
      const batch = Batch.of([[0.1, 0.2]], [[0.3]]);
      const expected = `eta: must be a finite number > 0, got ${eta} (the seed uses eta: 0.001)`;
      expect(await message(() => net.trainBatch(batch, eta))).toBe(expected);
      expect(await message(() => net.trainStep([[0.1, 0.2]], [[0.3]], eta))).toBe(expected);
      net.forward(batch);
      net.backward(batch);
      expect(await message(() => net.update(eta))).toBe(expected);
      expect(net.parameters()).toEqual(before);
    }
  });

  it('rejects a batch whose width is not the input layer size', async () => {
    const net = await create({});
    expect(await message(() => net.trainStep([[1, 2, 3]], [[1]], 0.1))).toBe('inputs: has 3 columns but the input layer has 2 units (give 2 inputs per sample, or change network.layers)');
  });

  it('rejects targets whose width is not the output size', async () => {
    const net = await create({});
    expect(await message(() => net.trainStep([[1, 2]], [[1, 2]], 0.1))).toBe('targets: has 2 columns but the output layer has 1 unit (give 1 target per sample, or change network.layers)');
  });

  it('rejects non-finite inputs and targets, naming the entry', async () => {
    expect(await message(() => Batch.of([[1, 2], [3, NaN]], [[1], [2]]))).toBe('inputs[1][1]: must be a finite number, got NaN (remove or repair non-finite samples)');
    expect(await message(() => Batch.of([[1, 2]], [[Infinity]]))).toBe('targets[0][0]: must be a finite number, got Infinity (remove or repair non-finite samples)');
    expect(await message(() => Batch.fromArrays(new Float64Array([1, NaN]), new Float64Array([0]), 1))).toMatch(/^inputs\[0\]\[1\]: must be a finite number, got NaN/);
    const net = await create({});
    expect(await message(() => net.predict([[0, -Infinity]]))).toMatch(/^inputs\[0\]\[1\]/);
  });

  it('rejects ragged and mismatched matrices', async () => {
    expect(await message(() => Batch.of([[1, 2], [3]], [[1], [2]]))).toBe('inputs[1]: has 1 columns but row 0 has 2 (every row must have the same length)');
    expect(await message(() => Batch.of([[1, 2]], [[1], [2]]))).toBe('targets: has 2 rows but inputs has 1 (give one target row per input row)');
    expect(await message(() => Batch.of([], []))).toMatch(/^inputs: must be a non-empty matrix/);
  });

  it('rejects empty, too short and non-integer layer sizes', async () => {
    expect(await message(() => create({ layers: [] }))).toBe('layers: must list at least two layer sizes (input and output), got [] (e.g. layers: [2, 100, 1])');
    expect(await message(() => create({ layers: [2, 2.5, 1], activations: 'relu' }))).toBe('layers[1]: must be a positive integer, got 2.5 (give a whole number of units ≥ 1)');
    expect(await message(() => create({ layers: [2, 0, 1], activations: 'relu' }))).toBe('layers[1]: must be a positive integer, got 0 (give a whole number of units ≥ 1)');
  });

  it('rejects unknown activations, listing the known ones', async () => {
    expect(await message(() => create({ activations: 'softmax' }))).toBe('activations: unknown activation "softmax" (use one of: linear, sigmoid, relu, tanh)');
    expect(await message(() => create({ activations: ['relu', 'nope', 'relu'] }))).toBe('activations[1]: unknown activation "nope" (use one of: linear, sigmoid, relu, tanh)');
    expect(await message(() => create({ activations: ['relu'] }))).toBe('activations: lists 1 activations for 3 layers (give one name for all layers or exactly 3 names)');
    expect(await message(() => create({ activations: 'toString' }))).toMatch(/unknown activation "toString"/);
  });

  it('rejects wrong parameter shapes and bad initializers', async () => {
    const net = await create({});
    expect(await message(() => net.setParameters({ weights: [[[1]], [[1]], [[1]]], biases: [[1], [1], [1]] }))).toBe('weights[0]: is 1×1, expected 2×5 (weights are [n_in][n_out])');
    expect(await message(() => create({ init: { weights: { type: 'uniform', scale: -1 } } }))).toBe('init.weights.scale: must be a finite number ≥ 0, got -1');
  });

  it('names a missing engine, generator, spec, activations or JSON form (as JavaScript callers leave them out) instead of failing on a property', async () => {
    const engine = await createEngine('mathjs');
    const loose = Network as unknown as { create(spec: unknown, options?: unknown): Network; fromJSON(json: unknown, options?: unknown): Network };
    expect(await message(() => loose.create({ layers: [2, 1], activations: 'relu' }))).toBe('engine: is required, got undefined (pass { engine: await createEngine() })');
    expect(await message(() => loose.create({ layers: [2, 1], activations: 'relu' }, { random: seededRandom(1) }))).toMatch(/^engine: is required/);
    expect(await message(() => loose.create({ layers: [2, 1], activations: 'relu' }, { engine }))).toBe('random: must be a generator such as seededRandom(1), got undefined (Network.create(spec, { engine, random: seededRandom(1) }))');
    expect(await message(() => loose.create(undefined, { engine, random: seededRandom(1) }))).toMatch(/^spec: must be an object, got undefined/);
    expect(await message(() => loose.create({ layers: [2, 3, 1] }, { engine, random: seededRandom(1) }))).toBe("activations: must be an activation name or a list of 2, got undefined (e.g. activations: 'relu' (linear, sigmoid, relu, tanh))");
    expect(await message(() => loose.create({ layers: [2, 3, 1], activations: 5 }, { engine, random: seededRandom(1) }))).toMatch(/^activations: must be an activation name or a list of 2, got 5/);
    const json = Network.create({ layers: [2, 1], activations: 'relu' }, { engine, random: seededRandom(1) }).toJSON();
    expect(await message(() => loose.fromJSON(json))).toMatch(/^engine: is required/);
    expect(await message(() => loose.fromJSON(null, { engine }))).toBe("json: must be a network's JSON form (an object), got null (pass net.toJSON() or JSON.parse of a saved model.json)");
    expect(await message(() => loose.fromJSON([], { engine }))).toMatch(/^json: must be a network's JSON form \(an object\), got an array/);
  });

  it('checks a JSON form\'s parameters against its layers before the engine allocates anything', async () => {
    const engine = await createEngine('mathjs');
    const json = Network.create({ layers: [2, 3, 1], activations: 'tanh' }, { engine, random: seededRandom(1) }).toJSON();
    let allocated = 0;
    const counting = new Proxy(engine, { get: (target, key, receiver) => (key === 'zeros' ? (...args: unknown[]) => (allocated++, (target.zeros as (...a: unknown[]) => unknown)(...args)) : Reflect.get(target, key, receiver)) });
    // A damaged model.json claiming 10⁹ hidden units had them allocated first: out of memory on mathjs.
    expect(await message(() => Network.fromJSON({ ...json, layers: [2, 1e9, 1] }, { engine: counting }))).toBe('weights[0]: is 2×3, expected 2×1000000000 (weights are [n_in][n_out])');
    expect(await message(() => Network.fromJSON({ ...json, weights: undefined } as unknown as NetworkJSON, { engine: counting }))).toBe('weights: must be a list of 2 layers, got undefined (use the output of toJSON() or parameters())');
    expect(await message(() => Network.fromJSON({ ...json, biases: [[0, 0, 0]] }, { engine: counting }))).toBe('biases: has 1 layers, the network has 2');
    expect(allocated).toBe(0);
    expect(Network.fromJSON(json, { engine: counting }).parameters()).toEqual(Network.fromJSON(json, { engine }).parameters());
  });

  it('names a batch that is not one (plain rows, or nothing) in trainBatch, forward and evaluate', async () => {
    const net = await create({});
    const loose = net as unknown as { trainBatch(b: unknown, lr?: number): number; forward(b: unknown): unknown; evaluate(b: unknown): number };
    const expected = 'batch: must be a Batch, got an array (make one with Batch.of(inputs, targets), or use net.trainStep(inputs, targets, eta))';
    expect(await message(() => loose.trainBatch([[1, 2]], 0.1))).toBe(expected);
    expect(await message(() => loose.forward([[1, 2]]))).toBe(expected);
    expect(await message(() => loose.evaluate(undefined))).toMatch(/^batch: must be a Batch, got undefined/);
  });

  it('names unknown engines and missing kernels', async () => {
    expect(await message(() => createEngine('cuda'))).toMatch(/^engine: unknown engine "cuda" \(use one of: mathjs/);
    const partial = { ...(await engine()), name: 'partial', sumColumns: undefined } as unknown as Engine;
    expect(() => Network.create(spec, { engine: partial, random: seededRandom(1) })).toThrow(new KernelNotImplementedError('partial', 'sumColumns'));
  });
});
