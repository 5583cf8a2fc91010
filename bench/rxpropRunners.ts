import { Subject, concatMap, take } from 'rxjs';
import { createEngine } from '../src/engine/createEngine.js';
import type { Engine } from '../src/engine/Engine.js';
import { threadThresholdFlops, type WasmEngine } from '../src/engine/wasm/wasmEngine.js';
import { Network } from '../src/network/Network.js';
import { train } from '../src/operators/train.js';
import { seededRandom } from '../src/random/Random.js';
import { fromFunction } from '../src/samplers/fromFunction.js';
import { stepFlops, type BenchConfig } from './benchConfigs.js';
import type { Runner, SkippedRunner } from './Runner.js';
import { seedSampler, seedSamplerOptions } from './seedSampler.js';
import { slicedLoop } from './slicedLoop.js';

/** mathjs is skipped above this many flops per step (it would take seconds per step). */
const mathjsMaxFlops = 2e7;

/**
 * rxprop on one engine, twice: engine-only (sample a batch, `net.trainBatch`, in a plain loop that
 * yields every 5 ms: {@link slicedLoop}) and
 * the full pipeline (`fromFunction` sampler → `train` operator → cost stream), each on its own
 * network from the same seed; for configurations marked `adam`, a third: engine-only with Adam
 * (its engine named `<engine>+adam`, so the driver pairs it with the SGD engine-only row).
 *
 * @example
 * const [engineOnly, pipeline] = await rxpropRunners(config, 'wasm');
 */
export async function rxpropRunners(config: BenchConfig, engineName: string): Promise<(Runner | SkippedRunner)[]> {
  if (engineName === 'mathjs' && stepFlops(config) > mathjsMaxFlops) {
    const skipped = `skipped: ${(stepFlops(config) / 1e6).toFixed(0)} MFLOP/step would take seconds per step`;
    return [{ label: `engine-only ${engineName}`, kind: 'engine', skipped }, { label: `pipeline    ${engineName}`, kind: 'pipeline', skipped }];
  }
  const engine = await createEngine(engineName);
  const detail = describe(engine, config);
  const network = (): Network =>
    Network.create(
      { layers: config.layers, activations: config.activation, init: { weights: { type: 'uniform', scale: 0.1 }, biases: { type: 'zeros' } } },
      { engine, random: seededRandom(1) },
    );
  const dispose = (): void => (engine as Partial<WasmEngine>).dispose?.();

  const engineOnlyRunner = (optimizer: 'sgd' | 'adam'): Runner => {
    const net = network();
    net.setOptimizer({ type: optimizer, lr: config.eta });
    const sample = seedSampler(config, seededRandom(2));
    return {
      label: `engine-only ${engineName}${optimizer === 'adam' ? ' adam' : ''}`,
      kind: 'engine',
      engine: optimizer === 'adam' ? `${engineName}+adam` : engineName,
      detail,
      // A plain loop that gives the event loop a turn every 5 ms, as the pipeline does (slicedLoop.ts).
      measure: (steps) => slicedLoop(steps, () => net.trainBatch(sample())),
      dispose: () => {},
    };
  };
  const engineOnly = engineOnlyRunner('sgd');

  // One long-lived pipeline per runner, as a training run is: `measure(n)` feeds it n batches from
  // its sampler (made once, as a run makes it: its compiling is not a step's cost) and times them
  // to the n-th cost. Each measurement subscribes anew, so it replays the same seeded batches.
  const pipelineNet = network();
  const sampler = fromFunction({ ...seedSamplerOptions(config), seed: 2 });
  let pending = 0;
  let measured: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  const requests = new Subject<number>();
  const costs = requests
    .pipe(
      concatMap((n) => sampler.pipe(take(n))),
      train(pipelineNet, { eta: config.eta }),
    )
    .subscribe({
      next: () => {
        if (--pending === 0) measured!.resolve();
      },
      error: (error: unknown) => measured?.reject(error),
    });
  const pipeline: Runner = {
    label: `pipeline    ${engineName}`,
    kind: 'pipeline',
    engine: engineName,
    detail,
    async measure(steps) {
      pending = steps;
      const done = new Promise<void>((resolve, reject) => (measured = { resolve, reject }));
      const start = performance.now();
      requests.next(steps);
      await done;
      return ((performance.now() - start) * 1000) / steps;
    },
    dispose() {
      costs.unsubscribe();
      dispose();
    },
  };
  return config.adam ? [engineOnly, pipeline, engineOnlyRunner('adam')] : [engineOnly, pipeline];
}

function describe(engine: Engine, config: BenchConfig): string {
  const wasm = engine as Partial<WasmEngine>;
  if (wasm.simd === undefined || wasm.maxThreads === undefined) return `${engine.precision}, reference`;
  // What a fused step of this size runs on ('auto' engines decide by size).
  const threaded = wasm.maxThreads > 1 && (engine.name.endsWith('-threads') || stepFlops(config) >= threadThresholdFlops);
  return `${engine.precision}, ${threaded ? `${wasm.maxThreads} threads` : '1 thread'}, ${wasm.simd === 'relaxed' ? 'relaxed SIMD' : 'SIMD'}`;
}
