import type { Observable } from 'rxjs';
import type { Grid, Snapshot } from '../operators/Snapshot.js';
import type { TrainStep } from '../operators/TrainStep.js';
import type { RunControl } from '../operators/RunControl.js';
import type { ValidationStep } from '../operators/validation.js';
import type { ClassMap } from '../sinks/ClassMap.js';

/**
 * What {@link serve} serves: any cost and snapshot streams, plus what the dashboard and
 * `/api/run` show about the run. A `TrainingRun` (from `trainingRun`) and a `ScenarioRun` (from
 * `startScenario`, with its scenario, grid and target) fit as they are.
 *
 * @example
 * const served: ServedRun = { steps$: run.steps$, snapshots$: run.snapshots$, history: run.history, name: 'sine', stop: () => connection.unsubscribe() };
 */
export interface ServedRun {
  readonly steps$: Observable<TrainStep>;
  readonly snapshots$: Observable<Snapshot>;
  /** Steps emitted before the server subscribed, so a server started late still shows the whole curve. */
  readonly history?: () => readonly TrainStep[];
  /** The scenario's name: the `scenario` label of every metric and the dashboard's title. Default `run`. */
  readonly name?: string;
  /** JSON-safe scenario data, returned as it is by `GET /api/run`. */
  readonly scenario?: unknown;
  /** The snapshot grid, needed with `target`. */
  readonly grid?: Grid;
  /** The target function on `grid`, ny×nx row-major (row 0 at the low end of y), drawn beside the prediction. */
  readonly target?: ArrayLike<number>;
  /** A classifier's classes and points (a `ScenarioRun`'s `classes`): the dashboard draws its snapshots as decision regions. */
  readonly classes?: ClassMap;
  /**
   * Ends the run early: offered to clients as the `stop` control action (which needs the
   * server's token). It should make `steps$` complete; the run is then reported as `stopped`.
   */
  readonly stop?: () => void;
  /**
   * Validation evaluations: sent to clients as they come, and the `rxprop_validation_*` gauges;
   * a classifier's (those with `classes`) also as `evaluation` messages.
   */
  readonly validation$?: Observable<ValidationStep>;
  /** The inputs are grey images of this size (values in [0, 1], row-major): misclassified examples are sent with their pixels. */
  readonly image?: { readonly width: number; readonly height: number };
  /**
   * Live controls (a `RunControl`): offered to clients as the `pause`, `resume` and `lr` actions
   * (with the token); its state is sent to clients as `control` messages.
   */
  readonly control?: Pick<RunControl, 'pause' | 'resume' | 'setLearningRate' | 'state$' | 'state' | 'paused'>;
}
