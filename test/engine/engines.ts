import type { Engine } from '../../src/engine/Engine.js';
import { createEngine } from '../../src/engine/createEngine.js';

/**
 * Every engine the shared suites run over (`describe.each(engineCases)`), with the relative
 * tolerance it must meet against numpy traces and the mathjs reference.
 */
export interface EngineCase {
  readonly name: string;
  readonly make: () => Promise<Engine>;
  /** Relative tolerance for trace replay (f64 engines: 1e-9). */
  readonly replayTolerance: number;
  /** Relative tolerance for the finite-difference gradient check. */
  readonly gradientTolerance: number;
}

export const engineCases: readonly EngineCase[] = [
  { name: 'mathjs', make: () => createEngine('mathjs'), replayTolerance: 1e-9, gradientTolerance: 1e-6 },
];
