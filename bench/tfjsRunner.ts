import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { seededRandom } from '../src/random/Random.js';
import type { BenchConfig } from './benchConfigs.js';
import type { Runner, SkippedRunner } from './Runner.js';
import { seedSampler } from './seedSampler.js';
import { slicedLoop } from './slicedLoop.js';

let backend: Promise<string> | undefined;

/** tfjs-core on its WebAssembly backend (loaded from node_modules), once per process. */
function wasmBackend(): Promise<string> {
  return (backend ??= (async () => {
    const require = createRequire(import.meta.url);
    setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'))}/dist/`);
    if (!(await tf.setBackend('wasm'))) throw new Error('the tfjs wasm backend did not initialise');
    await tf.ready();
    const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'SIMD' : 'no SIMD';
    const threads = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? 'threads' : '1 thread';
    return `f32, ${simd}, ${threads}`;
  })());
}

/**
 * tfjs-wasm doing what numpy does: the same forward pass, hand-written backprop and SGD update
 * with tfjs ops (matMul with transposes, relu/step, sigmoid or tanh), the batch uploaded each step and the
 * cost read back each step (numpy returns it as a float).
 *
 * @example
 * const tfjs = await tfjsRunner(config);
 */
export async function tfjsRunner(config: BenchConfig): Promise<Runner | SkippedRunner> {
  let detail: string;
  try {
    detail = await wasmBackend();
  } catch (error) {
    return { label: 'tfjs-wasm', kind: 'tfjs', skipped: (error as Error).message };
  }
  const { layers, batch: B, eta } = config;
  const L = layers.length - 1;
  const init = seededRandom(1);
  const W = layers.slice(1).map((n, j) => tf.variable(tf.tensor2d(Float32Array.from({ length: layers[j]! * n }, () => 0.2 * init.next() - 0.1), [layers[j]!, n])));
  const b = layers.slice(1).map((n) => tf.variable(tf.zeros([n])));
  const sample = seedSampler(config, seededRandom(2));
  const activate = (z: tf.Tensor2D): [tf.Tensor2D, tf.Tensor2D] => {
    if (config.activation === 'relu') return [tf.relu(z), tf.step(z)];
    if (config.activation === 'tanh') {
      const y = tf.tanh(z);
      return [y, tf.sub(1, tf.mul(y, y)) as tf.Tensor2D];
    }
    const e = tf.exp(tf.neg(z));
    const y = tf.div(1, tf.add(1, e)) as tf.Tensor2D;
    return [y, tf.mul(e, tf.mul(y, y))];
  };
  const step = (): number => {
    const batch = sample();
    const cost = tf.tidy(() => {
      const ys: tf.Tensor2D[] = [tf.tensor2d(new Float32Array(batch.x), [B, layers[0]!])];
      const dfs: tf.Tensor2D[] = [];
      for (let j = 0; j < L; j++) {
        const [y, df] = activate(tf.add(tf.matMul(ys[j]!, W[j]!), b[j]!));
        ys.push(y);
        dfs.push(df);
      }
      const diff = tf.sub(ys[L]!, tf.tensor2d(new Float32Array(batch.t), [B, layers[L]!]));
      let delta = tf.mul(diff, dfs[L - 1]!);
      const updates: tf.Tensor[][] = [];
      for (let j = L - 1; j >= 0; j--) {
        const dW = tf.div(tf.matMul(ys[j]!, delta, true, false), B);
        const db = tf.div(tf.sum(delta, 0), B);
        if (j > 0) delta = tf.mul(tf.matMul(delta, W[j]!, false, true), dfs[j - 1]!);
        updates[j] = [tf.sub(W[j]!, tf.mul(eta, dW)), tf.sub(b[j]!, tf.mul(eta, db))];
      }
      updates.forEach(([w, bias], j) => {
        W[j]!.assign(w as tf.Tensor2D);
        b[j]!.assign(bias as tf.Tensor1D);
      });
      return tf.div(tf.sum(tf.square(diff)), B);
    });
    const value = cost.dataSync()[0]!;
    cost.dispose();
    return value;
  };
  return {
    label: 'tfjs-wasm',
    kind: 'tfjs',
    detail,
    measure: (steps) => slicedLoop(steps, step),
    dispose() {
      [...W, ...b].forEach((v) => v.dispose());
    },
  };
}
