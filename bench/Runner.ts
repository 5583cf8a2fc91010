/**
 * One implementation under test. `measure(steps)` runs that many training steps and returns the
 * time per step in µs; the driver alternates runners and repeats, so drift hits all alike.
 *
 * @example
 * const us = await runner.measure(1000);
 */
export interface Runner {
  /** Row label, e.g. `engine-only wasm`. */
  readonly label: string;
  /** What the row is: the numpy reference, tfjs, or rxprop engine-only / full pipeline. */
  readonly kind: 'numpy' | 'tfjs' | 'engine' | 'pipeline';
  /** Engine name for rxprop rows. */
  readonly engine?: string;
  /** Free-text details (precision, threads, SIMD build). */
  readonly detail: string;
  measure(steps: number): Promise<number>;
  dispose(): void;
}

/** A runner that could not run here, and why (shown in the table instead of figures). */
export interface SkippedRunner {
  readonly label: string;
  readonly kind: Runner['kind'];
  readonly skipped: string;
}
