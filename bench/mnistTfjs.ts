import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Batch } from '../src/network/Batch.js';
import { cpuOf, type MnistRunner } from './MnistRecipe.js';

/**
 * tfjs-layers on tfjs's WebAssembly backend, as a tfjs user writes the recipe: a sequential
 * model of dense layers (Glorot-uniform kernels, zero biases, ReLU, softmax on the last) compiled
 * with Adam (β 0.9/0.999, ε 1e-8) and categorical cross-entropy, `fit` for one epoch at a time
 * (batches of the given size, shuffled by tfjs), then `predict` on the test set. f32 throughout.
 *
 * @example
 * const tfjs = mnistTfjs(() => mnistSplit(digits));
 */
export function mnistTfjs(data: () => { train: Batch; test: Batch }): MnistRunner {
  return {
    label: 'tfjs-layers wasm',
    async run(recipe, onEpoch) {
      try {
        const require = createRequire(import.meta.url);
        setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'))}/dist/`);
        if (!(await tf.setBackend('wasm'))) return { skipped: 'the tfjs wasm backend did not initialise' };
        await tf.ready();
      } catch (e) {
        return { skipped: `the tfjs wasm backend did not initialise (${(e as Error).message})` };
      }
      const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'SIMD' : 'no SIMD';
      const threads = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? 'threads' : '1 thread';
      const { train, test } = data();
      const classes = recipe.sizes.at(-1)!;
      const tensors = (b: Batch): [tf.Tensor2D, tf.Tensor2D] => [
        tf.tensor2d(Float32Array.from(b.x), [b.size, b.inputDim]),
        tf.tensor2d(Float32Array.from(b.t), [b.size, classes]),
      ];
      const [xTrain, yTrain] = tensors(train);
      const [xTest, yTest] = tensors(test);
      const labels = tf.argMax(yTest, -1).dataSync();
      const model = tfl.sequential();
      recipe.sizes.slice(1).forEach((units, j) => {
        const last = j === recipe.sizes.length - 2;
        model.add(tfl.layers.dense({
          units,
          activation: last ? 'softmax' : 'relu',
          kernelInitializer: tfl.initializers.glorotUniform({ seed: recipe.seed + j }),
          biasInitializer: 'zeros',
          ...(j === 0 ? { inputShape: [recipe.sizes[0]!] } : {}),
        }));
      });
      model.compile({ optimizer: tf.train.adam(recipe.lr, 0.9, 0.999, 1e-8), loss: 'categoricalCrossentropy' });
      let seconds = 0;
      let cpuSeconds = 0;
      for (let epoch = 1; epoch <= recipe.epochs; epoch++) {
        const start = performance.now();
        const cpu = process.cpuUsage();
        const history = await model.fit(xTrain, yTrain, { batchSize: recipe.batch, epochs: 1, shuffle: true, verbose: 0 });
        seconds += (performance.now() - start) / 1000;
        cpuSeconds += cpuOf(process.cpuUsage(cpu));
        const guesses = tf.tidy(() => tf.argMax(model.predict(xTest) as tf.Tensor2D, -1));
        const predicted = guesses.dataSync();
        guesses.dispose();
        let right = 0;
        for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) right++;
        onEpoch({ epoch, seconds, cpuSeconds, trainCost: Number(history.history['loss']![0]), testAccuracy: right / labels.length });
      }
      model.dispose();
      tf.dispose([xTrain, yTrain, xTest, yTest]);
      return { detail: `f32, ${simd}, ${threads}, tfjs ${tf.version_core}` };
    },
  };
}
