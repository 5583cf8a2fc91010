// Deviation of `rxprop export`'s ONNX (float64, float32, run by onnxruntime-web's wasm backend) and
// standalone JS from the saved model's predict, on 10,000 points of the model's input box.
// Usage: npx tsx scripts/exportDeviation.ts <model.json> <out dir with model64.onnx, model32.onnx, model.js>
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { createEngine } from '../src/engine/createEngine.js';
import { Network } from '../src/network/Network.js';
import { seededRandom } from '../src/random/Random.js';
ort.env.wasm.numThreads = 1;
const [modelPath, dir] = process.argv.slice(2);
const json = JSON.parse(readFileSync(modelPath!, 'utf8'));
const net = Network.fromJSON(json.network ?? json, { engine: await createEngine('wasm') });
const dim = net.layers[0]!;
const r = seededRandom(5);
const rows = Array.from({ length: 10000 }, () => Array.from({ length: dim }, () => 12 * r.next() - 6));
const want = (net.predict(rows).toArray() as number[][]).flat();
const dev = (got: ArrayLike<number>) => Math.max(...want.map((w, k) => Math.abs(got[k]! - w) / Math.max(1, Math.abs(w))));
for (const [file, type] of [['model64.onnx', 'float64'], ['model32.onnx', 'float32']] as const) {
  const session = await ort.InferenceSession.create(readFileSync(`${dir}/${file}`));
  const flat = rows.flat();
  const input = new ort.Tensor(type, type === 'float64' ? Float64Array.from(flat) : Float32Array.from(flat), [rows.length, dim]);
  const out = (await session.run({ input }))['output']!;
  console.log(`${file} (${type}, onnxruntime-web wasm): max |Δ|/max(1,|y|) = ${dev(out.data as Float64Array).toExponential(2)}`);
}
const predict = new Function(`${readFileSync(`${dir}/model.js`, 'utf8')}\nreturn predict;`)() as (x: number[]) => number[];
console.log(`model.js (standalone JavaScript): max |Δ|/max(1,|y|) = ${dev(rows.flatMap((x) => predict(x))).toExponential(2)}`);
