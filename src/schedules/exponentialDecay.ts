import { checkOption, checkSteps, scheduleOf, type Schedule } from './Schedule.js';
import { optionsObject } from '../errors/optionsObject.js';

/**
 * Smooth exponential decay: `initial · rate^((step − 1) / steps)`, so the value has fallen by the
 * factor `rate` after `steps` steps (Keras' ExponentialDecay).
 *
 * @example
 * const lr = exponentialDecay({ initial: 0.01, rate: 0.1, steps: 5000 }); // 0.001 at step 5001
 */
export function exponentialDecay(options: { readonly initial: number; readonly rate: number; readonly steps: number }): Schedule {
  optionsObject(options, 'exponentialDecay({ initial: 0.1, rate: 0.5, steps: 1000 })');
  const initial = checkOption('initial', options.initial, 0);
  const rate = checkOption('rate', options.rate, 0);
  const steps = checkSteps('steps', options.steps);
  return scheduleOf(`exponential(${initial} × ${rate} per ${steps})`, (step) => initial * rate ** ((step - 1) / steps));
}
