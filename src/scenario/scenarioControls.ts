import { defer, Subject, type Observable } from 'rxjs';
import type { FeedbackState } from '../checkpoint/Checkpointer.js';
import type { PhasePlateauState } from '../checkpoint/TrainingCheckpoint.js';
import { InputError } from '../errors/InputError.js';
import type { Network } from '../network/Network.js';
import { reduceOnPlateau } from '../operators/reduceOnPlateau.js';
import { RunControl } from '../operators/RunControl.js';
import type { HyperparameterSource } from '../operators/hyperparameter.js';
import type { TrainingRun, TrainingRunOptions } from '../operators/trainingRun.js';
import type { ValidationStep } from '../operators/validation.js';
import { resolveOptimizer, type OptimizerConfig } from '../optimizers/Optimizer.js';
import type { LoadedPhase, LoadedScenario } from './loadScenario.js';
import { lrScheduleOf } from './lrScheduleSchema.js';
import { scheduleOf } from '../schedules/Schedule.js';
import { optimizerOptions } from './trainingChoicesSchema.js';
import { scenarioTestSet } from './scenarioTestSet.js';
import { validationData } from './validationSchema.js';

/**
 * What a scenario's `validation` section and the phases' `lrSchedule` add to its run: a live
 * {@link RunControl} (the samplers are built on its scheduler), the held-out data (without a
 * `validation` section, a test split evaluated every epoch: see `scenarioTestSet`), early stopping,
 * and each phase's learning rate — a schedule, or reduce-on-plateau fed back from the validation
 * stream, or the optimizer's own. Reduce-on-plateau starts afresh in each phase, and goes on from
 * `resumed` (a checkpoint's state) in the phase it was saved in; `feedback()` gives its state for
 * checkpoints.
 *
 * @example
 * const controls = scenarioControls(loaded, seed, network);
 * phaseSampler(phase, seed, controls.control.scheduler).pipe(train(network, { ...controls.phaseTraining(i, limit, 0) }));
 * controls.attach(trainingRunOf(training$, network, controls.runOptions));
 */
export function scenarioControls(
  loaded: LoadedScenario,
  seed: number,
  network: Network,
  resumed?: PhasePlateauState,
): {
  readonly control: RunControl;
  readonly runOptions: Pick<TrainingRunOptions, 'validation' | 'earlyStopping' | 'control'>;
  phaseTraining(i: number, steps: number | undefined, before?: number): { eta?: HyperparameterSource; control: RunControl };
  attach(run: TrainingRun): void;
  feedback(): FeedbackState;
} {
  const spec = loaded.scenario.validation;
  const phases = loaded.phases;
  const control = new RunControl();
  // Without a validation section, a test split (MNIST's) is still evaluated after every epoch.
  const test = spec ? undefined : scenarioTestSet(phases);
  const validation = spec ? validationData(spec, phases, seed + phases.length, seed) : test && { data: test.batch, every: test.everySteps, oneHot: true };
  const classifies = network.loss.accuracy !== undefined;
  for (const [field, metric] of [
    ['validation.earlyStopping.metric', spec?.earlyStopping?.metric],
    ['validation.reduceOnPlateau.metric', spec?.reduceOnPlateau?.metric],
  ] as const) {
    if (metric === 'accuracy' && !classifies) throw new InputError(field, `is accuracy, but the loss ${network.loss.name} has none`, 'use metric: cost, or a classification loss (softmax-ce, sigmoid-bce)');
  }
  phases.forEach((phase, i) => {
    if (phase.training.lrSchedule && spec?.reduceOnPlateau) {
      throw new InputError(`${where(phases, i)}training.lrSchedule`, 'and validation.reduceOnPlateau both set the learning rate', 'keep one of them');
    }
  });
  const feedback = new Subject<ValidationStep>();
  const plateau = spec?.reduceOnPlateau;
  const earlyStopping = spec?.earlyStopping;
  let plateauState: PhasePlateauState | undefined;

  return {
    control,
    runOptions: {
      control,
      ...(validation ? { validation } : {}),
      ...(earlyStopping
        ? {
            earlyStopping: {
              metric: earlyStopping.metric,
              restoreBest: earlyStopping.restoreBest,
              ...(earlyStopping.patience !== undefined ? { patience: earlyStopping.patience } : {}),
              ...(earlyStopping.minDelta !== undefined ? { minDelta: earlyStopping.minDelta } : {}),
            },
          }
        : {}),
    },
    phaseTraining(i, steps, before = 0) {
      const phase = phases[i]!;
      const lr = phaseRate(phase);
      if (phase.training.lrSchedule) {
        const schedule = lrScheduleOf(phase.training.lrSchedule, lr, steps, `${where(phases, i)}training.lrSchedule`);
        // A phase resumed after `before` steps: train counts from 1 again, the schedule goes on.
        return { eta: before === 0 ? schedule : scheduleOf(schedule.name, (step) => schedule.at(step + before)), control };
      }
      if (plateau) {
        const { metric, ...options } = plateau;
        const eta: Observable<number> = defer(() => {
          plateauState = resumed?.phase === i ? resumed : { phase: i, best: null, waited: 0, value: lr, cooling: 0 };
          return feedback.pipe(
            reduceOnPlateau<ValidationStep>({
              ...options,
              mode: metric === 'accuracy' ? 'max' : 'min',
              initial: lr,
              metric: (v) => (metric === 'accuracy' ? (v.accuracy ?? Number.NaN) : v.cost),
              from: plateauState,
              onState: (state) => (plateauState = { phase: i, ...state }),
            }),
          );
        });
        return { eta, control };
      }
      return { control };
    },
    attach(run) {
      if (plateau) run.validation$.subscribe(feedback);
    },
    feedback: () => (plateauState ? { reduceOnPlateau: plateauState } : {}),
  };
}

/** The learning rate a phase's optimizer starts from. */
function phaseRate(phase: LoadedPhase): number {
  return resolveOptimizer(optimizerOptions(phase.training.optimizer) as OptimizerConfig, 'training.optimizer').hyperparameters.lr;
}

/** The field prefix of phase `i`: `phases[i].` when the scenario has phases. */
function where(phases: readonly LoadedPhase[], i: number): string {
  return phases.length > 1 ? `phases[${i}].` : '';
}
