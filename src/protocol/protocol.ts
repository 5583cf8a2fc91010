// No Node imports: the client and the browser dashboard speak this protocol too.
import type { Grid } from '../operators/Snapshot.js';
import type { ClassMap } from '../sinks/ClassMap.js';

/** Where a served run is: `waiting` before its first step, `running`, then one of the three ends. */
export type RunState = 'waiting' | 'running' | 'completed' | 'failed' | 'stopped';

/**
 * A run's state; `error` says why a `failed` run failed.
 *
 * @example
 * const status: RunStatus = { state: 'failed', error: 'cost diverged at step 812' };
 */
export interface RunStatus {
  readonly state: RunState;
  readonly error?: string;
}

/** True for the states a run never leaves. */
export const isFinished = (status: RunStatus): boolean => status.state === 'completed' || status.state === 'failed' || status.state === 'stopped';

/**
 * One cost point on the wire: `[step, cost, batchSize, time]`, a {@link TrainStep} as a tuple,
 * because arrays of tuples are about half the JSON of arrays of objects.
 *
 * @example
 * const [step, cost] = point;
 */
export type StepTuple = readonly [step: number, cost: number, batchSize: number, time: number];

/**
 * One validation evaluation on the wire: `[step, cost, accuracy]` (accuracy null for regression).
 *
 * @example
 * const [step, cost, accuracy] = tuple;
 */
export type ValidationTuple = readonly [step: number, cost: number, accuracy: number | null];

/**
 * One wrongly classified held-out row on the wire: its row in the held-out data, its true and
 * predicted class, and for image inputs its pixels (one byte each, 0 for a value of 0 or less,
 * 255 for 1 or more, row-major), base64 — a 28×28 digit is 1,048 characters.
 *
 * @example
 * const [digit, guess] = [example.actual, example.predicted];
 */
export interface MisclassifiedExample {
  readonly index: number;
  readonly actual: number;
  readonly predicted: number;
  readonly pixels?: string;
}

/**
 * A classifier's evaluation of its held-out data on the wire: the confusion matrix
 * (`confusion[t * classes + p]` rows of class t predicted as p) and a bounded, evenly spread
 * selection of the wrongly classified rows (at most the server's `misclassified` limit, 40 by
 * default; pixels only for images of at most {@link maxImagePixels} pixels), so one message is at
 * most a few hundred KB and an MNIST one about 45 KB.
 *
 * @example
 * const accuracy = evaluation.confusion.filter((_, k) => k % (evaluation.classes + 1) === 0).reduce((a, c) => a + c, 0) / evaluation.total;
 */
export interface EvaluationData {
  readonly step: number;
  readonly cost: number;
  readonly accuracy: number | null;
  readonly classes: number;
  readonly confusion: readonly number[];
  /** Rows evaluated (the sum of `confusion`). */
  readonly total: number;
  /** Rows classified wrong, all of them (`misclassified` holds a selection). */
  readonly wrong: number;
  readonly misclassified: readonly MisclassifiedExample[];
  /** The inputs are grey images of this size: the examples carry their pixels. */
  readonly image?: { readonly width: number; readonly height: number };
}

/** Images larger than this many pixels travel without their pixels (labels only). */
export const maxImagePixels = 4096;

/**
 * The pixels of a {@link MisclassifiedExample} as values in [0, 1], row-major (what the drawing
 * functions take).
 *
 * @example
 * drawMisclassified(ctx, { images: decodePixels(example.pixels!), width: 28, height: 28, actual: [example.actual], predicted: [example.predicted] }, rect);
 */
export function decodePixels(base64: string): Float64Array {
  const bytes = atob(base64);
  const out = new Float64Array(bytes.length);
  for (let k = 0; k < bytes.length; k++) out[k] = bytes.charCodeAt(k) / 255;
  return out;
}

/**
 * The live controls' state on the wire: paused or not, and the learning rate set from outside.
 *
 * @example
 * if (control.paused) button.textContent = 'Resume';
 */
export interface ControlData {
  readonly paused: boolean;
  /** The learning rate set from outside (null: the run's own). */
  readonly lr: number | null;
}

/** A weight matrix on the wire: `rows`×`cols`, row-major ([n_in][n_out], the seed's orientation). */
export interface FlatMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: readonly number[];
}

/**
 * A {@link Snapshot} on the wire. The prediction is a flat row-major array of `grid.ny × grid.nx`
 * values (row 0 at the low end of y, as in `Snapshot`), every number to 6 significant digits;
 * weights and biases are there only when the server was started with `weights: true`.
 *
 * @example
 * const value = snapshot.prediction[i * snapshot.grid.nx + j];
 */
export interface SnapshotData {
  readonly step: number;
  readonly cost: number;
  readonly time: number;
  readonly grid: Grid;
  readonly prediction: readonly number[];
  /** A classifier's confidence in its class at each grid point (like `prediction`; 0…1, to 3 decimals). Absent for regression. */
  readonly confidence?: readonly number[];
  readonly weights?: readonly FlatMatrix[];
  readonly biases?: readonly (readonly number[])[];
}

/**
 * What the server sends, on `/ws` as JSON text frames and on `/events` as SSE `data` (the SSE event
 * name is `type`, the SSE id is `id`). Ids rise by one per message of a run, so a client that
 * reconnects with the last id it saw gets only what it missed. A new client first gets `history`
 * (the cost curve downsampled to a bounded size, the latest snapshot, the status, a classifier's
 * latest evaluation), then live `steps` (the points since the previous message, decimated when
 * training outruns the flush rate), `snapshot`, `status`, `validation` and `evaluation` messages
 * (a slow client gets the latest snapshot and the latest evaluation, never a backlog of them). `reply` answers a client message with an HTTP-like status (202 accepted,
 * 4xx refused) and has no id.
 *
 * @example
 * socket.onmessage = (e) => { const m: ServerMessage = JSON.parse(e.data); if (m.type === 'steps') plot(m.steps); };
 */
export type ServerMessage =
  | {
      readonly type: 'history';
      readonly id: number;
      readonly steps: readonly StepTuple[];
      /** The learning rate the last of `steps` used (absent when the run does not report one; older servers never send it). */
      readonly lr?: number;
      readonly snapshot: SnapshotData | null;
      readonly status: RunStatus;
      /** The validation evaluations so far (bounded, downsampled like the steps); absent without validation. */
      readonly validation?: readonly ValidationTuple[];
      /** The live controls' state; absent when the run has none. */
      readonly control?: ControlData;
      /** A classifier's latest evaluation; absent before the first or for other runs. */
      readonly evaluation?: EvaluationData;
    }
  | {
      readonly type: 'steps';
      readonly id: number;
      readonly steps: readonly StepTuple[];
      /** The learning rate the last of `steps` used, as in `history`: one per message, not per step, as the header shows only the latest. */
      readonly lr?: number;
    }
  | { readonly type: 'snapshot'; readonly id: number; readonly snapshot: SnapshotData }
  | { readonly type: 'status'; readonly id: number; readonly status: RunStatus }
  | { readonly type: 'validation'; readonly id: number; readonly validation: ValidationTuple }
  | { readonly type: 'control'; readonly id: number; readonly control: ControlData }
  | { readonly type: 'evaluation'; readonly id: number; readonly evaluation: EvaluationData }
  | { readonly type: 'reply'; readonly status: number; readonly message: string };

/**
 * Control actions a client may ask for (each needs the server's token): `lr` sets the learning
 * rate (from the next step), with the message's `lr`.
 */
export type ControlAction = 'stop' | 'pause' | 'resume' | 'lr';

/** Every {@link ControlAction}, for schemas and menus. */
export const controlActions: readonly ControlAction[] = ['stop', 'pause', 'resume', 'lr'];

/**
 * What a client may send on `/ws`: a control action with the token the server was started with.
 *
 * @example
 * socket.send(JSON.stringify({ type: 'control', action: 'stop', token }));
 */
export interface ClientMessage {
  readonly type: 'control';
  readonly action: ControlAction;
  readonly token: string;
  /** The learning rate, with action `lr`. */
  readonly lr?: number;
}

/**
 * `GET /api/run`: the run's name, scenario data, status and latest figures, and the target on the
 * snapshot grid when the run has one (flat row-major like {@link SnapshotData.prediction}).
 *
 * @example
 * const info: RunSummary = await (await fetch('/api/run')).json();
 */
export interface RunSummary {
  readonly name: string;
  readonly scenario: unknown;
  readonly status: RunStatus;
  readonly step: number;
  readonly cost: number | null;
  readonly stepsPerSecond: number;
  readonly snapshots: number;
  readonly clients: number;
  readonly target: { readonly grid: Grid; readonly values: readonly number[] } | null;
  readonly controls: readonly ControlAction[];
  /** The live controls' state (null when the run has none). */
  readonly control?: ControlData | null;
  /** The latest validation evaluation (null before the first or without validation). */
  readonly validation?: ValidationTuple | null;
  /**
   * A classifier's classes, how its snapshots read as classes, and the training (and test)
   * points drawn on its decision regions: sent here once, never with the snapshots. Absent for
   * a regression, whose snapshots are drawn as heatmaps.
   */
  readonly classes?: ClassMap;
}
