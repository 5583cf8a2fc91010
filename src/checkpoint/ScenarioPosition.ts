import { InputError } from '../errors/InputError.js';
import type { SamplerState } from '../samplers/ResumableSampler.js';

/**
 * Where a scenario run stands at a checkpoint: its phase, the steps trained in it, that phase's
 * sampler state, the `until` rule's cost window, whether its `until` rule ended the phase, and
 * the steps at which later phases began.
 *
 * @example
 * const at: ScenarioPosition = { phase: 0, steps: 500, sampler: { kind: 'function', batches: 500, random: [1, 2, 3, 4] }, window: { costs: [0.1], count: 500, sum: 0.1 }, ended: false, phaseStarts: [] };
 */
export interface ScenarioPosition {
  readonly phase: number;
  readonly steps: number;
  readonly sampler: SamplerState;
  readonly window: CostWindowState;
  readonly ended: boolean;
  readonly phaseStarts: readonly number[];
}

/** A running mean's state: the ring of the last costs, how many were pushed, their running sum. */
export interface CostWindowState {
  readonly costs: readonly number[];
  readonly count: number;
  readonly sum: number;
}

/**
 * Checks a checkpoint's scenario position against the scenario's phase count.
 *
 * @example
 * const at = checkScenarioPosition(checkpoint.position, loaded.phases.length);
 */
export function checkScenarioPosition(value: unknown, phases: number, field = 'checkpoint.position'): ScenarioPosition {
  const p = value as Partial<ScenarioPosition> | null;
  if (typeof p !== 'object' || p === null) throw new InputError(field, 'is missing', 'resume from a checkpoint a scenario run wrote');
  if (!(Number.isSafeInteger(p.phase) && p.phase! >= 0 && p.phase! < phases)) throw new InputError(`${field}.phase`, `must be a phase index from 0 to ${phases - 1}, got ${JSON.stringify(p.phase)}`);
  if (!(Number.isSafeInteger(p.steps) && p.steps! >= 0)) throw new InputError(`${field}.steps`, `must be a whole number ≥ 0, got ${JSON.stringify(p.steps)}`);
  if (typeof p.sampler !== 'object' || p.sampler === null) throw new InputError(`${field}.sampler`, 'is missing');
  const w = p.window;
  if (typeof w !== 'object' || w === null || !Array.isArray(w.costs) || !w.costs.every((c) => typeof c === 'number') || !Number.isSafeInteger(w.count) || typeof w.sum !== 'number') {
    throw new InputError(`${field}.window`, 'must be { costs, count, sum }');
  }
  if (typeof p.ended !== 'boolean') throw new InputError(`${field}.ended`, 'must be true or false');
  if (!Array.isArray(p.phaseStarts) || !p.phaseStarts.every((s) => Number.isSafeInteger(s))) throw new InputError(`${field}.phaseStarts`, 'must be a list of steps');
  return p as ScenarioPosition;
}
