import * as ort from 'onnxruntime-web';
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { activations, type ActivationName } from '../../src/engine/activations.js';
import type { Engine } from '../../src/engine/Engine.js';
import { onnxActivations, toOnnx, type ToOnnxOptions } from '../../src/export/toOnnx.js';
import { InputError } from '../../src/errors/InputError.js';
import { Network, type NetworkJSON, type NetworkSpec } from '../../src/network/Network.js';
import { seededRandom } from '../../src/random/Random.js';
import { engineCases } from '../engine/engines.js';

// onnxruntime-web's WebAssembly backend, single-threaded (no worker files to locate in Node).
ort.env.wasm.numThreads = 1;

const names = Object.keys(activations) as ActivationName[];
const rowsOf = (n: number, dim: number, seed: number) => {
  const r = seededRandom(seed);
  return Array.from({ length: n }, () => Array.from({ length: dim }, () => 6 * r.next() - 3));
};

/** Largest deviation, relative to max(1, |predict|), of the ONNX model run by onnxruntime-web from `predict`. */
async function deviation(net: Network, options: ToOnnxOptions, rows: number[][]): Promise<number> {
  const precision = options.precision ?? 'float32';
  const session = await ort.InferenceSession.create(toOnnx(net, options));
  const flat = rows.flat();
  const input = new ort.Tensor(precision, precision === 'float64' ? Float64Array.from(flat) : Float32Array.from(flat), [rows.length, rows[0]!.length]);
  const output = (await session.run({ input }))['output']!;
  expect(output.dims).toEqual([rows.length, net.layers.at(-1)]);
  const want = (net.predict(rows).toArray() as number[][]).flat();
  const got = output.data as Float32Array | Float64Array;
  await session.release();
  return Math.max(...want.map((w, k) => Math.abs(got[k]! - w) / Math.max(1, Math.abs(w))));
}

const net = (engine: Engine, spec: NetworkSpec, seed = 7) => Network.create(spec, { engine, random: seededRandom(seed) });
const large = { weights: { type: 'uniform', scale: 1.5 }, biases: { type: 'uniform', scale: 0.5 } } as const;

describe.each(engineCases.filter((c) => c.name === 'mathjs' || c.name === 'wasm'))('toOnnx on $name, run by onnxruntime-web (wasm)', ({ make }) => {
  it.each(names)('float64 equals predict to 1e-12 with %s on every layer', async (name) => {
    const n = net(await make(), { layers: [3, 16, 8, 4], activations: name, init: large });
    expect(await deviation(n, { precision: 'float64' }, rowsOf(100, 3, 1))).toBeLessThan(1e-12);
  });

  it('float64 on a mixed net and a wide one ([784, 64, 10]); float32 within single-precision rounding', async () => {
    const engine = await make();
    const mixed = net(engine, { layers: [2, 100, 30, 1], activations: ['relu', 'tanh', 'sigmoid'] }, 2);
    expect(await deviation(mixed, { precision: 'float64' }, rowsOf(100, 2, 4))).toBeLessThan(1e-12);
    const wide = net(engine, { layers: [784, 64, 10], activations: ['relu', 'linear'] }, 3);
    const pixels = rowsOf(20, 784, 5).map((r) => r.map((v) => (v + 3) / 6));
    expect(await deviation(wide, { precision: 'float64' }, pixels)).toBeLessThan(1e-12);
    // float32 rounds inputs, parameters and every sum to 2⁻²⁴ relative.
    for (const name of names) expect(await deviation(net(engine, { layers: [3, 16, 8, 4], activations: name, init: large }), {}, rowsOf(100, 3, 1))).toBeLessThan(1e-5);
    expect(await deviation(wide, { precision: 'float32' }, pixels)).toBeLessThan(1e-5);
  });
});

describe('toOnnx', () => {
  it('writes a model of MatMul → Add → activation per layer with named input and output and the weights as initializers', async () => {
    const json: NetworkJSON = { layers: [2, 3, 1], activations: ['tanh', 'linear'], weights: [[[1, 2, 3], [4, 5, 6]], [[7], [8], [9]]], biases: [[0.1, 0.2, 0.3], [0.4]] };
    const model = onnxProto.onnx.ModelProto.decode(toOnnx(json, { precision: 'float64' }));
    expect(model.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', 13]]);
    const graph = model.graph!;
    expect(graph.node!.map((n) => [n.opType, n.input, n.output])).toEqual([
      ['MatMul', ['input', 'W0'], ['s0']],
      ['Add', ['s0', 'b0'], ['z0']],
      ['Tanh', ['z0'], ['y0']],
      ['MatMul', ['y0', 'W1'], ['s1']],
      ['Add', ['s1', 'b1'], ['output']],
    ]);
    const w1 = graph.initializer!.find((t) => t.name === 'W1')!;
    expect(w1.dims!.map(Number)).toEqual([3, 1]);
    expect(Array.from(new Float64Array(Uint8Array.from(w1.rawData!).buffer))).toEqual([7, 8, 9]);
    expect(graph.input!.map((v) => v.name)).toEqual(['input']);
    expect(graph.output!.map((v) => v.name)).toEqual(['output']);
    // And it runs: tanh([0.5, −1]·W0 + b0)·W1 + b1 by hand.
    const session = await ort.InferenceSession.create(toOnnx(json, { precision: 'float64' }));
    const out = await session.run({ input: new ort.Tensor('float64', Float64Array.of(0.5, -1), [1, 2]) });
    const h = [0, 1, 2].map((k) => Math.tanh(0.5 * [1, 2, 3][k]! - [4, 5, 6][k]! + [0.1, 0.2, 0.3][k]!));
    expect((out['output']!.data as Float64Array)[0]).toBeCloseTo(7 * h[0]! + 8 * h[1]! + 9 * h[2]! + 0.4, 14);
  });

  it('covers every activation and names what cannot be exported', () => {
    expect(Object.keys(onnxActivations).sort()).toEqual([...names].sort());
    const json: NetworkJSON = { layers: [2, 1], activations: ['relu'], weights: [[[1], [Number.POSITIVE_INFINITY]]], biases: [[0]] };
    expect(() => toOnnx(json)).toThrow(InputError);
    expect(() => toOnnx(json)).toThrow(/weights\[0\]\[1\]: must be a finite number, got Infinity/);
    expect(() => toOnnx({ ...json, weights: [[[1], [2]]], activations: ['swish' as ActivationName] })).toThrow(/activations\[0\]: "swish" has no ONNX operator/);
    expect(() => toOnnx({ ...json, weights: [[[1], [2]]] }, { precision: 'float16' as 'float32' })).toThrow(/precision/);
  });
});
