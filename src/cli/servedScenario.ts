import type { ScenarioRun } from '../scenario/startScenario.js';
import type { ServedRun } from '../server/ServedRun.js';

/**
 * What `rxprop run --serve` serves of a scenario run: its streams, scenario, grid and target, a
 * classifier's classes, validation and images, its live controls, and `stop` (unsubscribing the
 * run). One mapping, shared by the CLI and the dashboard tests, so they serve the same thing.
 *
 * @example
 * const server = await serve(servedScenario(run), { port: 8080 });
 */
export function servedScenario(run: ScenarioRun): ServedRun {
  return {
    steps$: run.steps$,
    snapshots$: run.snapshots$,
    history: () => run.history(),
    scenario: run.scenario,
    grid: run.grid,
    target: run.target,
    ...(run.classes ? { classes: run.classes } : {}),
    stop: () => run.connect().unsubscribe(),
    validation$: run.validation$,
    ...(run.test?.image ? { image: run.test.image } : {}),
    ...(run.control ? { control: run.control } : {}),
  };
}
