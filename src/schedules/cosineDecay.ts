import { checkOption, checkSteps, scheduleOf, type Schedule } from './Schedule.js';
import { optionsObject } from '../errors/optionsObject.js';

/**
 * Half a cosine from `initial` down to `final` over `steps` steps, then `final` (Keras'
 * CosineDecay, PyTorch's CosineAnnealingLR without restarts).
 *
 * @example
 * const lr = cosineDecay({ initial: 0.01, steps: 1000 }); // 0.01 at step 1, 0.005 at 501, 0 from 1001
 */
export function cosineDecay(options: { readonly initial: number; readonly steps: number; readonly final?: number }): Schedule {
  optionsObject(options, 'cosineDecay({ initial: 0.01, steps: 1000 })');
  const initial = checkOption('initial', options.initial, 0);
  const steps = checkSteps('steps', options.steps);
  const final = checkOption('final', options.final ?? 0, 0, true);
  return scheduleOf(`cosine(${initial} → ${final} over ${steps})`, (step) => cosineBetween(initial, final, Math.min(step - 1, steps) / steps));
}

/**
 * The point at fraction `t` ∈ [0, 1] of a half-cosine from `from` to `to`.
 * @internal shared with oneCycle
 */
export function cosineBetween(from: number, to: number, t: number): number {
  // Exact ends: a schedule promised to start at 0.01 starts at 0.01, not 0.010000000000000002.
  if (t <= 0) return from;
  if (t >= 1) return to;
  return to + ((from - to) * (1 + Math.cos(Math.PI * t))) / 2;
}
