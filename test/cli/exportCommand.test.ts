import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/createEngine.js';
import { Network } from '../../src/network/Network.js';
import { seededRandom } from '../../src/random/Random.js';
import { captureCli } from './captureCli.js';

ort.env.wasm.numThreads = 1;

let dir: string;
let net: Network;
const inputs = [[0.1, -0.2], [0.5, 0.5], [-1, 2]];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rxprop-export-'));
  net = Network.create({ layers: [2, 7, 5, 3], activations: ['tanh', 'relu', 'sigmoid'], init: { weights: { type: 'uniform', scale: 1 }, biases: { type: 'uniform', scale: 1 } } }, { engine: await createEngine('mathjs'), random: seededRandom(3) });
  await writeFile(join(dir, 'model.json'), JSON.stringify(net.toJSON()));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('rxprop export', () => {
  it('writes an ONNX model and standalone JavaScript that compute what predict computes', async () => {
    const { code, stderr } = await captureCli(['export', join(dir, 'model.json'), '--onnx', join(dir, 'm.onnx'), '--precision', 'float64', '--js', join(dir, 'm.js')]);
    expect(stderr).toContain('m.onnx');
    expect(code).toBe(0);
    const expected = net.predict(inputs).toArray() as number[][];

    const session = await ort.InferenceSession.create(new Uint8Array(await readFile(join(dir, 'm.onnx'))));
    const out = await session.run({ input: new ort.Tensor('float64', Float64Array.from(inputs.flat()), [3, 2]) });
    const onnx = Array.from(out['output']!.data as Float64Array);
    onnx.forEach((v, k) => expect(Math.abs(v - expected[Math.floor(k / 3)]![k % 3]!)).toBeLessThan(1e-12));

    const predict = new Function(`${await readFile(join(dir, 'm.js'), 'utf8')}; return predict;`)() as (x: number[]) => number[];
    inputs.forEach((x, i) => predict(x).forEach((v, k) => expect(Math.abs(v - expected[i]![k]!)).toBeLessThan(1e-12)));
  });

  it('refuses what it cannot export with exit 2, naming the problem, and writes nothing', async () => {
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ ...net.toJSON(), weights: [] }));
    await writeFile(join(dir, 'text.json'), 'layers: [2, 1]');
    const cases: [string[], RegExp][] = [
      [['export', join(dir, 'model.json')], /--onnx/],
      [['export', join(dir, 'missing.json'), '--js', join(dir, 'x.js')], /model: cannot read/],
      [['export', join(dir, 'text.json'), '--js', join(dir, 'x.js')], /not JSON/],
      [['export', join(dir, 'bad.json'), '--js', join(dir, 'x.js')], /weights/],
      [['export', join(dir, 'model.json'), '--onnx', join(dir, 'x.onnx'), '--precision', 'float16'], /float16/],
      // Output paths that cannot be written: checked before either file is, so x.js stays unwritten.
      [['export', join(dir, 'model.json'), '--js', join(dir, 'x.js'), '--onnx', join(dir, 'no-such-folder', 'x.onnx')], /^error: --onnx: the folder of .*no-such-folder\/x\.onnx does not exist \(create it first, or give another path\)$/m],
      [['export', join(dir, 'model.json'), '--js', join(dir, 'x.js'), '--onnx', dir], /^error: --onnx: .* is a folder \(give a file name, e\.g\. .*\/model\.onnx\)$/m],
      [['export', join(dir, 'model.json'), '--js', join(dir, 'model.json', 'x.js')], /^error: --js: the folder of .*model\.json\/x\.js does not exist/m],
    ];
    for (const [argv, message] of cases) {
      const { code, stderr } = await captureCli(argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
    await expect(readFile(join(dir, 'x.js'))).rejects.toThrow();
    await expect(readFile(join(dir, 'x.onnx'))).rejects.toThrow();
  });
});
