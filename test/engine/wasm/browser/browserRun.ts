// Loaded by browser.test.ts in Chromium through a vite build: the engine as a web page gets it.
import { wasmEngine, type WasmEngineOptions } from '../../../../src/engine/wasm/wasmEngine.js';
import { Batch } from '../../../../src/network/Batch.js';
import { Network } from '../../../../src/network/Network.js';
import { seededRandom } from '../../../../src/random/Random.js';
import { trainingTrace } from './trainingTrace.js';

declare global {
  interface Window {
    rxpropTrace(options: WasmEngineOptions): Promise<{ simd: string; threads: number; costs: number[] }>;
  }
}

window.rxpropTrace = async (options) => {
  const engine = await wasmEngine(options);
  const costs = trainingTrace(engine, { Batch, Network, seededRandom });
  return { simd: engine.simd, threads: engine.maxThreads, costs };
};
