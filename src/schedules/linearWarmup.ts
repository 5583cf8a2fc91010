import { checkOption, checkSteps, scheduleOf, type Schedule } from './Schedule.js';
import { optionsObject } from '../errors/optionsObject.js';

/**
 * Rises linearly from `start` to the value of `then` over `steps` steps, then follows `then`
 * (shifted, so `then` starts at its own step 1 when the warm-up ends). `then` may be a number.
 *
 * @example
 * const lr = linearWarmup({ steps: 100, then: cosineDecay({ initial: 0.01, steps: 900 }) });
 * lr.at(50); // 0.005
 */
export function linearWarmup(options: { readonly steps: number; readonly then: Schedule | number; readonly start?: number }): Schedule {
  optionsObject(options, 'linearWarmup({ steps: 500, then: 0.01 })');
  const steps = checkSteps('steps', options.steps);
  const start = checkOption('start', options.start ?? 0, 0, true);
  const then = typeof options.then === 'number' ? checkOption('then', options.then, 0) : options.then;
  const after = typeof then === 'number' ? () => then : (step: number) => then.at(step);
  const name = typeof then === 'number' ? String(then) : then.name;
  return scheduleOf(`warmup(${steps}) then ${name}`, (step) => (step <= steps ? start + ((after(1) - start) * step) / steps : after(step - steps)));
}
