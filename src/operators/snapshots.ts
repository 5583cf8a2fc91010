import { Observable, type OperatorFunction } from 'rxjs';
import { InputError } from '../errors/InputError.js';
import type { Network } from '../network/Network.js';
import type { Box } from '../samplers/Sampler.js';
import type { Grid, Snapshot } from './Snapshot.js';
import { snapshotter } from './snapshotter.js';
import type { TrainStep } from './TrainStep.js';
import { subscribeUpstream } from './subscribeUpstream.js';

/**
 * When and where snapshots are taken.
 *
 * @example
 * const every100: SnapshotOptions = { everySteps: 100, grid: { x: [-0.5, 0.5], y: [-0.5, 0.5], nx: 40, ny: 40 } };
 */
export interface SnapshotOptions {
  /** A snapshot after every N-th step. */
  readonly everySteps?: number;
  /**
   * A snapshot after the first step and then whenever at least T ms (of `TrainStep.time`, the train
   * operator's scheduler clock) passed since the last one. Default 100 when `everySteps` is not
   * given: a steady frame rate whatever the engine's speed. With both, either one triggers.
   */
  readonly everyMs?: number;
  /** Default: 40×40 on `box` (the sampler's box in `trainingRun`), else on [-0.5, 0.5]². */
  readonly grid?: Grid;
  /** The input region, for the default grid and for holding inputs beyond the second at its centre. */
  readonly box?: Box;
}

/**
 * Turns a cost stream into a snapshot stream of `network`: every N steps and/or every T ms, plus
 * one of the final state when the steps complete. Snapshots are taken synchronously as the step
 * is emitted, so each shows the parameters right after that step's update. Nothing is computed
 * or held without a subscriber, and the operator keeps no queue: a slow asynchronous consumer
 * should take the latest with `exhaustMapLatest`.
 *
 * @example
 * const net = Network.create(spec, { engine, random: seededRandom(1) }); // shared on purpose
 * batches$.pipe(train(net, { eta: 0.001 }), snapshots(net, { everySteps: 100 })).subscribe(draw);
 */
export function snapshots(network: Network, options: SnapshotOptions = {}): OperatorFunction<TrainStep, Snapshot> {
  const everySteps = positive(options.everySteps, 'snapshots.everySteps', true);
  const everyMs = positive(options.everyMs ?? (everySteps === undefined ? 100 : undefined), 'snapshots.everyMs', false);
  return (steps$) =>
    new Observable<Snapshot>((subscriber) => {
      const shoot = snapshotter(network, options);
      let last: TrainStep | undefined;
      let shotStep = -1;
      let shotTime = -Infinity;
      const fire = (s: TrainStep): void => {
        shotStep = s.step;
        shotTime = s.time;
        try {
          subscriber.next(shoot(s));
        } catch (err) {
          subscriber.error(err);
        }
      };
      subscribeUpstream(subscriber, steps$, {
        next: (s) => {
          last = s;
          if ((everySteps !== undefined && s.step % everySteps === 0) || (everyMs !== undefined && s.time - shotTime >= everyMs)) fire(s);
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => {
          if (last && shotStep !== last.step) fire(last);
          subscriber.complete();
        },
      });
    });
}

function positive(value: number | undefined, field: string, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  if (!(Number.isFinite(value) && value > 0 && (!integer || Number.isInteger(value)))) {
    throw new InputError(field, `must be a ${integer ? 'positive integer' : 'number > 0'}, got ${String(value)}`);
  }
  return value;
}
