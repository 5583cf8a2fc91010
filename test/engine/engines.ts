import type { Engine } from '../../src/engine/Engine.js';
import { createEngine } from '../../src/engine/createEngine.js';

/**
 * Every engine the shared suites run over (`describe.each(engineCases)`), with the relative
 * tolerance it must meet against numpy traces and the mathjs reference.
 */
export interface EngineCase {
  readonly name: string;
  readonly make: () => Promise<Engine>;
  /**
   * Trace replay against numpy: each parameter matrix normwise (max |ΔW| / max |W|), and for f64
   * engines each single parameter relative too (f64 engines: 1e-9).
   */
  readonly replayTolerance: number;
  /** Trace replay: each cost, relative (default: `replayTolerance`). */
  readonly replayCostTolerance?: number;
  /** Relative tolerance for the finite-difference gradient check. */
  readonly gradientTolerance: number;
  /**
   * Relative tolerance for replaying the optimizer oracle's traces (train_numpy.py): costs
   * elementwise, final parameters normwise (f64 engines: 1e-9).
   */
  readonly oracleTolerance: number;
}

export const engineCases: readonly EngineCase[] = [
  { name: 'mathjs', make: () => createEngine('mathjs'), replayTolerance: 1e-9, gradientTolerance: 1e-6, oracleTolerance: 1e-9 },
  // WebAssembly SIMD, f64: the default engine; the suites' small nets run its single-threaded step.
  { name: 'wasm', make: () => createEngine('wasm'), replayTolerance: 1e-9, gradientTolerance: 1e-6, oracleTolerance: 1e-9 },
  // The same kernels on worker threads (started before the engine is returned), every step split.
  { name: 'wasm-threads', make: () => createEngine('wasm-threads'), replayTolerance: 1e-9, gradientTolerance: 1e-6, oracleTolerance: 1e-9 },
  // f32 storage and arithmetic (unit roundoff 6e-8). Measured on the fixtures (relaxed and plain
  // SIMD): parameter matrices to 2.4e-6 normwise, costs to 1.4e-5 relative (the batch-1 trace,
  // whose costs fall to 3e-6); single small parameters only to 5.3e-5, so they are not held to it.
  // The gradients match finite differences to 1.1e-5. The tolerances leave 4–7× room.
  // The optimizer oracle's traces replay to 1.5e-5 (Adam's cost: its normalised step m/√s
  // amplifies the f32 rounding of tiny gradients; the other optimizers ≤ 3e-6): tested at 1e-4.
  { name: 'wasm-f32', make: () => createEngine('wasm-f32'), replayTolerance: 1e-5, replayCostTolerance: 1e-4, gradientTolerance: 1e-4, oracleTolerance: 1e-4 },
];
