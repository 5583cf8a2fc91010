import { checkOption, scheduleOf, type Schedule } from './Schedule.js';

/**
 * The same value at every step: what a plain number means where a schedule is accepted.
 *
 * @example
 * const lr = constant(0.001);
 */
export function constant(value: number): Schedule {
  const v = checkOption('value', value, 0, true);
  return scheduleOf(String(v), () => v);
}
