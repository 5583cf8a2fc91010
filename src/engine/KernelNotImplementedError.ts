import { requiredKernels, type Engine } from './Engine.js';

/**
 * Thrown when an engine lacks a kernel the network needs; names the kernel and the engine.
 *
 * @example
 * assertKernels({ name: 'partial' } as Engine); // KernelNotImplementedError: engine "partial" does not implement kernel "zeros"
 */
export class KernelNotImplementedError extends Error {
  override readonly name = 'KernelNotImplementedError';
  constructor(readonly engine: string, readonly kernel: string) {
    super(`engine "${engine}" does not implement kernel "${kernel}"`);
  }
}

/**
 * Fails loudly, up front, if `engine` misses any required kernel (so a partial engine written in
 * plain JavaScript is caught at network construction, not mid-training).
 *
 * @example
 * assertKernels(mathjsEngine()); // passes
 */
export function assertKernels(engine: Engine): void {
  for (const kernel of requiredKernels) {
    if (typeof engine[kernel] !== 'function') throw new KernelNotImplementedError(engine.name ?? '(unnamed)', kernel);
  }
}
