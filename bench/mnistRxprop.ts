import { lastValueFrom, tap } from 'rxjs';
import { createEngine } from '../src/engine/createEngine.js';
import type { WasmEngine } from '../src/engine/wasm/wasmEngine.js';
import { Network } from '../src/network/Network.js';
import { train } from '../src/operators/train.js';
import { seededRandom } from '../src/random/Random.js';
import { mnist } from '../src/samplers/mnist/mnist.js';
import type { MnistDigits } from '../src/samplers/mnist/mnistDigits.js';
import { cpuOf, type MnistRunner } from './MnistRecipe.js';

/**
 * rxprop on one engine, through its public pipeline as a user writes it: the `mnist` sampler
 * (reference split, seeded shuffle each epoch, the short last batch kept) piped into `train` on a
 * network with Glorot-uniform (`xavier`) weights, softmax cross-entropy and Adam. After each
 * epoch the clock stops while `net.accuracy` classifies the test set.
 *
 * @example
 * const wasm = mnistRxprop('wasm', () => loadMnist());
 */
export function mnistRxprop(engineName: string, digits: () => Promise<MnistDigits>): MnistRunner {
  return {
    label: `rxprop ${engineName}`,
    async run(recipe, onEpoch) {
      const engine = await createEngine(engineName);
      await (engine as Partial<WasmEngine>).startThreads?.();
      const { sizes, epochs, batch, lr, seed } = recipe;
      const net = Network.create(
        {
          layers: sizes,
          activations: sizes.slice(1).map((_, j) => (j === sizes.length - 2 ? 'linear' : 'relu')),
          init: { weights: { type: 'xavier' }, biases: { type: 'zeros' } },
          loss: 'softmax-ce',
          optimizer: { type: 'adam', lr },
        },
        { engine, random: seededRandom(seed) },
      );
      const { train: batches$, data } = mnist(await digits(), { batchSize: batch, epochs, seed, dropRemainder: false });
      const perEpoch = Math.ceil(data.train.size / batch);
      let seconds = 0;
      let cpuSeconds = 0;
      let costSum = 0;
      let epochStart = performance.now();
      let epochCpu = process.cpuUsage();
      await lastValueFrom(
        batches$.pipe(
          train(net, {}),
          tap((s) => {
            costSum += s.cost;
            if (s.step % perEpoch !== 0) return;
            seconds += (performance.now() - epochStart) / 1000;
            cpuSeconds += cpuOf(process.cpuUsage(epochCpu));
            const epoch = s.step / perEpoch;
            onEpoch({ epoch, seconds, cpuSeconds, trainCost: costSum / perEpoch, testAccuracy: net.accuracy(data.test)! });
            costSum = 0;
            epochStart = performance.now();
            epochCpu = process.cpuUsage();
          }),
        ),
      );
      const wasm = engine as Partial<WasmEngine>;
      wasm.dispose?.();
      return { detail: `${engine.precision}${wasm.simd ? `, ${wasm.simd} SIMD, up to ${wasm.maxThreads} threads` : ', mathjs'}` };
    },
  };
}
