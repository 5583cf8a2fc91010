import { cosineBetween } from './cosineDecay.js';
import { InputError } from '../errors/InputError.js';
import { checkOption, checkSteps, scheduleOf, type Schedule } from './Schedule.js';
import { optionsObject } from '../errors/optionsObject.js';

/**
 * The one-cycle policy (Smith; PyTorch's OneCycleLR with cosine annealing): from `max / divFactor`
 * up to `max` over the first `pctStart` of `steps`, then down to `max / (divFactor ·
 * finalDivFactor)` at the last step; that floor after it.
 *
 * @example
 * const lr = oneCycle({ max: 0.01, steps: 10_000 }); // 0.0004 → 0.01 at step 3000 → 4e-8 at step 10000
 */
export function oneCycle(options: { readonly max: number; readonly steps: number; readonly pctStart?: number; readonly divFactor?: number; readonly finalDivFactor?: number }): Schedule {
  optionsObject(options, 'oneCycle({ max: 0.1, steps: 1000 })');
  const max = checkOption('max', options.max, 0);
  const steps = checkSteps('steps', options.steps);
  const pctStart = checkOption('pctStart', options.pctStart ?? 0.3, 0);
  if (pctStart >= 1) throw new InputError('pctStart', `must be below 1 (the rise must leave room for the fall), got ${pctStart}`);
  const initial = max / checkOption('divFactor', options.divFactor ?? 25, 0);
  const floor = initial / checkOption('finalDivFactor', options.finalDivFactor ?? 1e4, 0);
  // PyTorch's phase ends: the peak at index pctStart·steps − 1, the floor at index steps − 1.
  const peak = Math.max(1, pctStart * steps - 1);
  const end = Math.max(peak + 1, steps - 1);
  return scheduleOf(`one-cycle(max ${max} over ${steps})`, (step) => {
    const i = step - 1;
    if (i <= peak) return cosineBetween(initial, max, i / peak);
    return cosineBetween(max, floor, Math.min(1, (i - peak) / (end - peak)));
  });
}
