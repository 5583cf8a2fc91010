import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { activations, type ActivationName } from '../../src/engine/activations.js';
import type { Engine } from '../../src/engine/Engine.js';
import { activationSources } from '../../src/export/activationSources.js';
import { toFunction } from '../../src/export/toFunction.js';
import { InputError } from '../../src/errors/InputError.js';
import { Network, type NetworkJSON } from '../../src/network/Network.js';
import { seededRandom } from '../../src/random/Random.js';
import { engineCases } from '../engine/engines.js';

type Predict = (input: readonly number[]) => number[];
/** Compiles exported source in a fresh V8 context holding only the language's built-ins: no imports, no globals of ours. */
const compile = (source: string): Predict => runInNewContext(`${source}\npredict;`) as Predict;

const names = Object.keys(activations) as ActivationName[];
const inputs = (n: number, dim: number, seed: number) => {
  const r = seededRandom(seed);
  return Array.from({ length: n }, () => Array.from({ length: dim }, () => 6 * r.next() - 3));
};
const maxDeviation = (net: Network, predict: Predict, rows: number[][]) => {
  const want = net.predict(rows).toArray() as number[][];
  let worst = 0;
  rows.forEach((row, i) => predict(row).forEach((v, k) => (worst = Math.max(worst, Math.abs(v - want[i]![k]!) / Math.max(1, Math.abs(want[i]![k]!))))));
  return worst;
};

describe('activationSources', () => {
  it('writes out every registered activation\'s f (bit for bit on 10,000 points)', () => {
    expect(Object.keys(activationSources).sort()).toEqual([...names].sort());
    const zs = inputs(10_000, 1, 3).map(([z]) => 10 * z!);
    for (const name of names) {
      const f = runInNewContext(`(z) => ${activationSources[name]}`) as (z: number) => number;
      for (const z of zs) if (!Object.is(f(z), activations[name].f(z))) expect([name, z, f(z)]).toEqual([name, z, activations[name].f(z)]);
    }
  });
});

describe.each(engineCases.filter((c) => c.name !== 'wasm-f32'))('toFunction on $name', ({ make }) => {
  let engine: Engine | undefined;

  it.each(names)('equals predict to 1e-12 with %s on every layer (a deep net, large weights)', async (name) => {
    engine ??= await make();
    const net = Network.create({ layers: [3, 16, 8, 4], activations: name, init: { weights: { type: 'uniform', scale: 1.5 }, biases: { type: 'uniform', scale: 0.5 } } }, { engine, random: seededRandom(7) });
    const predict = compile(toFunction(net));
    expect(maxDeviation(net, predict, inputs(200, 3, 1))).toBeLessThan(1e-12);
  });

  it('equals predict on a mixed net of the seed\'s shape and on a wide one ([784, 64, 10])', async () => {
    engine ??= await make();
    const mixed = Network.create({ layers: [2, 100, 30, 1], activations: ['relu', 'tanh', 'sigmoid'] }, { engine, random: seededRandom(2) });
    expect(maxDeviation(mixed, compile(toFunction(mixed)), inputs(100, 2, 4))).toBeLessThan(1e-12);
    const wide = Network.create({ layers: [784, 64, 10], activations: ['relu', 'linear'] }, { engine, random: seededRandom(3) });
    expect(maxDeviation(wide, compile(toFunction(wide)), inputs(20, 784, 5).map((r) => r.map((v) => (v + 3) / 6)))).toBeLessThan(1e-12);
  });
});

describe('toFunction', () => {
  it('takes the JSON form too, and writes every parameter exactly (the function of a JSON copy has the same bits)', async () => {
    const engine = await engineCases[0]!.make();
    const net = Network.create({ layers: [2, 5, 1], activations: 'sigmoid' }, { engine, random: seededRandom(1) });
    const json = JSON.parse(JSON.stringify(net)) as NetworkJSON;
    expect(toFunction(json)).toBe(toFunction(net));
    const predict = compile(toFunction(json));
    for (const row of inputs(50, 2, 9)) expect(predict(row)).toEqual(compile(toFunction(net))(row));
    // One unit by hand: y = σ(σ(x·W0 + b0)·W1 + b1).
    const { weights: [W0, W1], biases: [b0, b1] } = json;
    const s = (z: number) => 1 / (1 + Math.exp(-z));
    const hidden = [0, 1, 2, 3, 4].map((k) => s(0.3 * W0![0]![k]! + -0.2 * W0![1]![k]! + b0![k]!));
    expect(predict([0.3, -0.2])[0]).toBeCloseTo(s(hidden.reduce((a, h, k) => a + h * W1![k]![0]!, 0) + b1![0]!), 14);
  });

  it('is standalone: no import, require or reference to rxprop; rejects wrong input sizes', () => {
    const json: NetworkJSON = { layers: [2, 1], activations: ['relu'], weights: [[[1], [-0]]], biases: [[0.5]] };
    const source = toFunction(json);
    expect(source).not.toMatch(/\bimport\b|\brequire\b|rxprop\./);
    expect(source).toContain('-0');
    const predict = compile(source);
    expect(predict([2, 3])).toEqual([2.5]);
    expect(() => predict([1])).toThrow('predict: expected an array of 2 inputs, got 1');
  });

  it('names what cannot be exported', () => {
    const json: NetworkJSON = { layers: [2, 1], activations: ['relu'], weights: [[[1], [Number.NaN]]], biases: [[0]] };
    expect(() => toFunction(json)).toThrow(InputError);
    expect(() => toFunction(json)).toThrow(/weights\[0\]\[1\]\[0\]: must be a finite number, got NaN/);
    expect(() => toFunction({ ...json, activations: ['swish' as ActivationName] })).toThrow(/activations\[0\]: "swish" has no JavaScript source/);
    expect(() => toFunction({ ...json, weights: [[[1, 2]]] })).toThrow(/weights\[0\]: must be 2×1/);
  });
});

describe('Network.toFunction', () => {
  it('is toFunction(network)', async () => {
    const net = Network.create({ layers: [2, 3, 1], activations: 'tanh' }, { engine: await engineCases[0]!.make(), random: seededRandom(5) });
    expect(net.toFunction()).toBe(toFunction(net));
  });
});
