import { z } from 'zod';
import { InputError } from '../errors/InputError.js';
import { constant } from '../schedules/constant.js';
import { cosineDecay } from '../schedules/cosineDecay.js';
import { exponentialDecay } from '../schedules/exponentialDecay.js';
import { linearWarmup } from '../schedules/linearWarmup.js';
import { oneCycle } from '../schedules/oneCycle.js';
import type { Schedule } from '../schedules/Schedule.js';
import { stepDecay } from '../schedules/stepDecay.js';

const steps = z.int({ error: 'expected a whole number of steps' }).positive({ error: 'expected at least 1 step' });
const warmup = steps.optional().describe('Linear warm-up over this many first steps, from lr/100 (or `warmupStart`) to the schedule.');
const warmupStart = z.number().positive().optional().describe('The warm-up\'s first learning rate; default lr/100.');
const phaseSteps = steps.optional().describe("Steps the schedule spans; default the phase's `steps` (less the warm-up).");

/**
 * A learning-rate schedule in a scenario's `training.lrSchedule`: a registry of the schedule
 * factories by `type`, each starting from the optimizer's `lr` (one-cycle peaks at `max`). Steps
 * count from the phase's first step.
 *
 * @example
 * lrScheduleSchema.parse({ type: 'cosine', final: 0.0001, warmup: 100 });
 */
export const lrScheduleSchema = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('constant'), warmup, warmupStart }).describe('The optimizer\'s lr throughout (with an optional warm-up).'),
    z
      .strictObject({
        type: z.literal('step'),
        every: steps.describe('Multiply by `factor` every this many steps.'),
        factor: z.number().positive().max(1, { error: 'expected a factor in (0, 1]' }).describe('e.g. 0.5 halves the learning rate.'),
        warmup,
        warmupStart,
      })
      .describe('Step decay: lr · factor^⌊(step − 1)/every⌋.'),
    z
      .strictObject({
        type: z.literal('exponential'),
        rate: z.number().positive().max(1, { error: 'expected a rate in (0, 1]' }).describe('The factor over `steps` steps.'),
        steps: steps.describe('The learning rate is multiplied by `rate` every this many steps, smoothly.'),
        warmup,
        warmupStart,
      })
      .describe('Exponential decay: lr · rate^((step − 1)/steps).'),
    z
      .strictObject({
        type: z.literal('cosine'),
        steps: phaseSteps,
        final: z.number().nonnegative().default(0).describe('The learning rate at the end.'),
        warmup,
        warmupStart,
      })
      .describe('Cosine decay from lr to `final` over `steps`.'),
    z
      .strictObject({
        type: z.literal('one-cycle'),
        max: z.number().positive().describe('The peak learning rate.'),
        steps: phaseSteps,
        pctStart: z.number().gt(0).lt(1).optional().describe('Fraction of the steps spent rising (default 0.3).'),
        divFactor: z.number().gt(1).optional().describe('Starts at max/divFactor (default 25).'),
        finalDivFactor: z.number().gt(1).optional().describe('Ends at start/finalDivFactor (default 1e4).'),
      })
      .describe("Smith's one-cycle policy (PyTorch's OneCycleLR, cosine annealing); ignores the optimizer's lr."),
  ])
  .describe('A learning-rate schedule over the phase; a learning rate set live from outside overrides it.');

/** A learning-rate schedule as written in a scenario. */
export type LrScheduleSpec = z.output<typeof lrScheduleSchema>;

/**
 * The {@link Schedule} a scenario's `lrSchedule` describes, from the phase's learning rate `lr`
 * and step count (for the schedules that span the phase).
 *
 * @example
 * lrScheduleOf({ type: 'cosine', final: 0 }, 0.01, 1000).at(1); // 0.01
 */
export function lrScheduleOf(spec: LrScheduleSpec, lr: number, phaseSteps: number | undefined, field = 'training.lrSchedule'): Schedule {
  // A schedule spanning the phase spans what the warm-up leaves of it (at least a step: a run
  // shortened with --steps may end inside the warm-up).
  const warm = spec.type === 'one-cycle' ? 0 : (spec.warmup ?? 0);
  const span = (given: number | undefined): number => {
    if (given !== undefined) return given;
    if (phaseSteps === undefined) throw new InputError(`${field}.steps`, 'is needed when the phase has no `steps`', 'give the schedule its own steps');
    return Math.max(1, phaseSteps - warm);
  };
  const base = ((): Schedule => {
    switch (spec.type) {
      case 'constant':
        return constant(lr);
      case 'step':
        return stepDecay({ initial: lr, factor: spec.factor, every: spec.every });
      case 'exponential':
        return exponentialDecay({ initial: lr, rate: spec.rate, steps: spec.steps });
      case 'cosine':
        return cosineDecay({ initial: lr, steps: span(spec.steps), final: spec.final });
      case 'one-cycle':
        return oneCycle({
          max: spec.max,
          steps: span(spec.steps),
          ...(spec.pctStart !== undefined ? { pctStart: spec.pctStart } : {}),
          ...(spec.divFactor !== undefined ? { divFactor: spec.divFactor } : {}),
          ...(spec.finalDivFactor !== undefined ? { finalDivFactor: spec.finalDivFactor } : {}),
        });
    }
  })();
  if (spec.type === 'one-cycle' || spec.warmup === undefined) return base;
  return linearWarmup({ steps: spec.warmup, then: base, start: spec.warmupStart ?? lr / 100 });
}
