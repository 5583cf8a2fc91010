import { Subject } from 'rxjs';
import { math } from '../../src/math.js';
import type { Snapshot } from '../../src/operators/Snapshot.js';
import type { TrainStep } from '../../src/operators/TrainStep.js';

export const grid = { x: [-0.5, 0.5], y: [-0.5, 0.5], nx: 2, ny: 2 } as const;

/**
 * A run driven by hand: `push(n)` emits the next n steps (cost 1/step), `snap()` a snapshot of
 * the last step (prediction [[0, step], [1, 2]]), `end()` completes both streams. It remembers
 * its steps, so a server started (or restarted) late shows them all.
 */
export function syntheticRun() {
  const steps$ = new Subject<TrainStep>();
  const snapshots$ = new Subject<Snapshot>();
  const log: TrainStep[] = [];
  return {
    steps$,
    snapshots$,
    history: () => log,
    name: 'synthetic',
    scenario: { note: 'driven by the test' },
    grid,
    target: [0, 1, 2, 3],
    push(n: number) {
      for (let k = 0; k < n; k++) {
        const step = log.length + 1;
        const s = { step, cost: 1 / step, batchSize: 4, time: step };
        log.push(s);
        steps$.next(s);
      }
    },
    snap() {
      const { step, cost, time } = log.at(-1)!;
      snapshots$.next({ step, cost, time, grid, prediction: math.matrix([[0, step], [1, 2]]), weights: [], biases: [] });
    },
    end() {
      steps$.complete();
      snapshots$.complete();
    },
  };
}
