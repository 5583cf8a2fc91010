// No Node imports: the client and the browser dashboard speak this protocol too.
import type { Grid } from '../operators/Snapshot.js';

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
  readonly weights?: readonly FlatMatrix[];
  readonly biases?: readonly (readonly number[])[];
}

/**
 * What the server sends, on `/ws` as JSON text frames and on `/events` as SSE `data` (the SSE event
 * name is `type`, the SSE id is `id`). Ids rise by one per message of a run, so a client that
 * reconnects with the last id it saw gets only what it missed. A new client first gets `history`
 * (the cost curve downsampled to a bounded size, the latest snapshot, the status), then live
 * `steps` (the points since the previous message, decimated when training outruns the flush
 * rate), `snapshot` and `status` messages. `reply` answers a client message with an HTTP-like status (202 accepted,
 * 4xx refused) and has no id.
 *
 * @example
 * socket.onmessage = (e) => { const m: ServerMessage = JSON.parse(e.data); if (m.type === 'steps') plot(m.steps); };
 */
export type ServerMessage =
  | { readonly type: 'history'; readonly id: number; readonly steps: readonly StepTuple[]; readonly snapshot: SnapshotData | null; readonly status: RunStatus }
  | { readonly type: 'steps'; readonly id: number; readonly steps: readonly StepTuple[] }
  | { readonly type: 'snapshot'; readonly id: number; readonly snapshot: SnapshotData }
  | { readonly type: 'status'; readonly id: number; readonly status: RunStatus }
  | { readonly type: 'reply'; readonly status: number; readonly message: string };

/** Control actions a client may ask for (each needs the server's token). */
export type ControlAction = 'stop';

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
}
