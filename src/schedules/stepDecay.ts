import { checkOption, checkSteps, scheduleOf, type Schedule } from './Schedule.js';
import { optionsObject } from '../errors/optionsObject.js';

/**
 * Multiplies the value by `factor` every `every` steps (Keras' staircase decay, PyTorch's StepLR).
 *
 * @example
 * const lr = stepDecay({ initial: 0.1, factor: 0.5, every: 1000 }); // 0.1 for steps 1–1000, 0.05 for 1001–2000, …
 */
export function stepDecay(options: { readonly initial: number; readonly factor: number; readonly every: number }): Schedule {
  optionsObject(options, 'stepDecay({ initial: 0.1, factor: 0.5, every: 100 })');
  const initial = checkOption('initial', options.initial, 0);
  const factor = checkOption('factor', options.factor, 0);
  const every = checkSteps('every', options.every);
  return scheduleOf(`step(${initial} × ${factor} every ${every})`, (step) => initial * factor ** Math.floor((step - 1) / every));
}
