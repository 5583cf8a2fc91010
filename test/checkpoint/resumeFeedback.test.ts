import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { TrainingCheckpoint } from '../../src/checkpoint/TrainingCheckpoint.js';
import type { Engine } from '../../src/engine/Engine.js';
import { Network } from '../../src/network/Network.js';
import { RunControl } from '../../src/operators/RunControl.js';
import { trainingRun, type TrainingRunOptions } from '../../src/operators/trainingRun.js';
import type { TrainStep } from '../../src/operators/TrainStep.js';
import type { ValidationStep } from '../../src/operators/validation.js';
import type { EarlyStop } from '../../src/operators/validationWatcher.js';
import { seededRandom } from '../../src/random/Random.js';
import { playground } from '../../src/samplers/playground/playground.js';
import { cosineDecay } from '../../src/schedules/cosineDecay.js';
import { linearWarmup } from '../../src/schedules/linearWarmup.js';
import { engineCases } from '../engine/engines.js';

// Resume equals uninterrupted when the run feeds back into itself: early stopping (its best, its
// patience, the best parameters it restores), reduce-on-plateau (the reduced rate, its cooldown), a
// schedule keyed on the run's step, and a learning rate set live from outside. One uninterrupted
// run checkpoints every few steps; the run resumed from each of those checkpoints (sent through
// JSON, on a differently seeded network; every third on the engines other than wasm) must give the
// same steps, evaluations, stopping step, restored parameters and optimizer state, bit for bit.

const problem = () => playground({ problem: 'xor', encoding: 'one-hot', noise: 0.2, samples: 200, batchSize: 10, seed: 3 });
const every = 6;
const liveAt = 23;

interface Variant {
  readonly name: string;
  readonly options: () => Omit<TrainingRunOptions, 'validation'>;
  /** A learning rate set from outside after step `liveAt`. */
  readonly live?: number;
}

const variants: readonly Variant[] = [
  // Stops at 85 (best at 55) on the wasm engine.
  { name: 'early stopping on accuracy with a warm-up + cosine schedule', options: () => ({ eta: linearWarmup({ steps: 20, then: cosineDecay({ initial: 0.05, steps: 300, final: 0.001 }) }), earlyStopping: { metric: 'accuracy', patience: 6, minDelta: 0.001 } }) },
  // Six reductions, each followed by a cooldown evaluation; stops at 100 (best at 70).
  { name: 'early stopping and reduce-on-plateau with cooldown', options: () => ({ reduceOnPlateau: { factor: 0.5, patience: 0, cooldown: 1, minDelta: 0.003 }, earlyStopping: { patience: 6 } }) },
  { name: 'a schedule overridden live at step 23, with early stopping', options: () => ({ eta: linearWarmup({ steps: 20, then: cosineDecay({ initial: 0.05, steps: 300, final: 0.001 }) }), earlyStopping: { metric: 'accuracy', patience: 6, minDelta: 0.001 } }), live: 0.004 },
];

interface Outcome {
  readonly steps: TrainStep[];
  readonly evaluations: ValidationStep[];
  readonly stop: EarlyStop | undefined;
  readonly network: Network;
  readonly control: RunControl;
  readonly checkpoints: TrainingCheckpoint[];
  readonly final: TrainingCheckpoint | undefined;
}

async function runOf(engine: Engine, variant: Variant, extra: Partial<TrainingRunOptions>, seed = 1): Promise<Outcome> {
  const { train, data } = problem();
  const control = new RunControl();
  const run = trainingRun(train, () => Network.create({ layers: [2, 6, 2], activations: ['tanh', 'linear'], loss: 'softmax-ce' }, { engine, random: seededRandom(seed) }), {
    optimizer: { type: 'adam', lr: 0.05 },
    steps: 300,
    validation: { data: data.test, every: 5 },
    control,
    ...variant.options(),
    ...extra,
  });
  // The user's hand on the slider: the same step in the uninterrupted and in the resumed run.
  if (variant.live !== undefined) run.steps$.subscribe((s) => s.step === liveAt && control.setLearningRate(variant.live!));
  const steps = lastValueFrom(run.steps$.pipe(toArray()));
  const evaluations = lastValueFrom(run.validation$.pipe(toArray()), { defaultValue: [] });
  const checkpoints = lastValueFrom(run.checkpoints$.pipe(toArray()));
  run.connect();
  const through = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
  const [all, evaluated, saved] = await Promise.all([steps, evaluations, checkpoints]);
  const final = run.checkpoint();
  return { steps: all, evaluations: evaluated, stop: run.earlyStop(), network: run.network, control, checkpoints: saved.map(through), final: final && through(final) };
}

const bits = (xs: readonly number[]): string => Buffer.from(Float64Array.from(xs).buffer).toString('hex');
const parameterBits = (n: Network): string => bits([...n.parameters().weights.flat(2), ...n.parameters().biases.flat()]);
const stepBits = (steps: readonly TrainStep[]): string[] => steps.map((s) => `${s.step} ${bits([s.cost, s.lr!, s.accuracy!])}`);

describe.each(engineCases)('resume equals uninterrupted with feedback on $name', ({ name, make }) => {
  it.for(variants)('$name: from every checkpoint, the same steps, evaluations, stop and restored parameters', async (variant, { annotate }) => {
    const engine = await make();
    const whole = await runOf(engine, variant, { checkpoints: { everySteps: every } });
    expect(whole.stop, 'the run stops early').toBeDefined();
    const stoppedAt = whole.stop!.stoppedAt;
    expect(whole.steps.length).toBe(stoppedAt);
    // Every 6 steps until the stop (whose step ends the run before its checkpoint would be taken).
    expect(whole.checkpoints.map((c) => c.step)).toEqual(Array.from({ length: Math.ceil(stoppedAt / every) - 1 }, (_, k) => every * (k + 1)));
    if (variant.live !== undefined) expect(new Set(whole.steps.slice(liveAt).map((s) => s.lr))).toEqual(new Set([variant.live]));
    // The final checkpoint (after the stop, the best parameters back) resumes to the same end, training nothing.
    expect(whole.final!.step).toBe(stoppedAt);
    // Every checkpoint on the default engine; on the others (the state travels the same way, only
    // their numbers differ) every third.
    const points = name === 'wasm' ? whole.checkpoints : whole.checkpoints.filter((_, k) => k % 3 === 1);
    let compared = { resumes: 0, steps: 0, evaluations: 0 };
    for (const from of [...points, whole.final!]) {
      const context = `resumed from step ${from.step} of ${stoppedAt}`;
      const rest = await runOf(engine, variant, { resumeFrom: from }, 99);
      expect(stepBits(rest.steps), context).toEqual(stepBits(whole.steps.slice(from.step)));
      expect(rest.evaluations, context).toEqual(whole.evaluations.filter((v) => v.step > from.step));
      expect(rest.stop, context).toEqual(whole.stop);
      compared = { resumes: compared.resumes + 1, steps: compared.steps + rest.steps.length, evaluations: compared.evaluations + rest.evaluations.length };
      expect(parameterBits(rest.network), context).toBe(parameterBits(whole.network));
      expect(rest.network.optimizer.toJSON(), context).toEqual(whole.network.optimizer.toJSON());
      expect(rest.control.state.lr, context).toBe(whole.control.state.lr);
    }
    await annotate(`stopped at ${stoppedAt}; ${compared.resumes} resumes, ${compared.steps} steps and ${compared.evaluations} evaluations compared bit for bit, final parameters identical (max |Δ| 0)`);
  });
});

describe('feedback state in checkpoints', () => {
  const engineP = engineCases[1]!.make();

  it('a run stopped from outside (Ctrl-C, a stop control) checkpoints its last step, not the best parameters it puts back; resumed, it equals the uninterrupted run', async () => {
    const engine = await engineP;
    for (const variant of variants) {
      const whole = await runOf(engine, variant, {});
      for (const at of [17, 52]) {
        const { train, data } = problem();
        const control = new RunControl();
        const run = trainingRun(train, () => Network.create({ layers: [2, 6, 2], activations: ['tanh', 'linear'], loss: 'softmax-ce' }, { engine, random: seededRandom(1) }), {
          optimizer: { type: 'adam', lr: 0.05 },
          steps: 300,
          validation: { data: data.test, every: 5 },
          control,
          ...variant.options(),
        });
        if (variant.live !== undefined) run.steps$.subscribe((s) => s.step === liveAt && control.setLearningRate(variant.live!));
        const done = lastValueFrom(run.steps$.pipe(toArray()));
        run.steps$.subscribe((s) => s.step === at && control.stop());
        run.connect();
        expect((await done).length).toBe(at);
        const stopped = JSON.parse(JSON.stringify(run.checkpoint())) as TrainingCheckpoint;
        expect(stopped.step).toBe(at);
        const rest = await runOf(engine, variant, { resumeFrom: stopped }, 99);
        const context = `${variant.name}, stopped after step ${at}`;
        expect(stepBits(rest.steps), context).toEqual(stepBits(whole.steps.slice(at)));
        expect(parameterBits(rest.network), context).toBe(parameterBits(whole.network));
      }
    }
  });

  it('a checkpoint holds early stopping, reduce-on-plateau and the live rate as plain data', async () => {
    const engine = await engineP;
    const whole = await runOf(engine, variants[1]!, { checkpoints: { everySteps: 35 } });
    const at35 = whole.checkpoints[0]!;
    expect(at35.version).toBe(2);
    // Evaluations at 5…35: the best cost at 30, one after it.
    const best = whole.evaluations.find((v) => v.step === 30)!;
    // The best evaluation's numbers: not its rows' classes (nor the held-out inputs they point to).
    expect(at35.earlyStopping).toMatchObject({ best: best.cost, waited: 1, at: { step: 30, cost: best.cost, accuracy: best.accuracy } });
    expect(Object.keys(at35.earlyStopping!.at!)).toEqual(['step', 'cost', 'accuracy']);
    expect(at35.earlyStopping!.parameters!.weights).toHaveLength(2);
    expect(at35.reduceOnPlateau).toMatchObject({ phase: 0, value: whole.steps[35]!.lr });
    expect(at35.control).toBeUndefined();
    const live = await runOf(engine, variants[2]!, { checkpoints: { everySteps: 30 } });
    expect(live.checkpoints[0]!.control).toEqual({ lr: variants[2]!.live });
  });

  it('a version 1 checkpoint (no feedback state) still resumes a run without feedback, and is refused, naming the fix, for a run with it', async () => {
    const engine = await engineP;
    const plain: Variant = { name: 'plain', options: () => ({ eta: 0.02 }) };
    const whole = await runOf(engine, plain, { checkpoints: { everySteps: 40 } });
    const { earlyStopping: _, reduceOnPlateau: __, control: ___, ...old } = { ...whole.checkpoints[0]!, version: 1 as const };
    const rest = await runOf(engine, plain, { resumeFrom: old }, 99);
    expect(stepBits(rest.steps)).toEqual(stepBits(whole.steps.slice(40)));
    for (const variant of variants.slice(0, 2)) {
      await expect(runOf(engine, variant, { resumeFrom: old })).rejects.toThrow(/resumeFrom\.version: is 1: written by an rxprop that did not save the state of (early stopping|reduce-on-plateau).*start the run afresh/s);
    }
  });

  it('a checkpoint with a live rate needs a control to keep it in force; bad feedback state is refused naming its field', async () => {
    const engine = await engineP;
    const live = await runOf(engine, variants[2]!, { checkpoints: { everySteps: 30 } });
    const from = live.checkpoints[0]!;
    const { train } = problem();
    const make = () => Network.create({ layers: [2, 6, 2], activations: ['tanh', 'linear'], loss: 'softmax-ce' }, { engine, random: seededRandom(1) });
    expect(() => trainingRun(train, make, { steps: 300, resumeFrom: from })).toThrow(/resumeFrom\.control: holds a learning rate set live \(0\.004\).*new RunControl/s);
    expect(() => trainingRun(train, make, { steps: 300, resumeFrom: { ...from, control: { lr: -1 } } })).toThrow(/resumeFrom\.control\.lr: must be a learning rate > 0, got -1/);
    expect(() => trainingRun(train, make, { steps: 300, resumeFrom: { ...from, earlyStopping: { best: 'x', waited: 0 } } as unknown as TrainingCheckpoint })).toThrow(/resumeFrom\.earlyStopping\.best: must be a number or null/);
  });
});
