import type { ScenarioRun } from '../scenario/startScenario.js';
import type { OutputPlan } from '../sinks/OutputWriter.js';

/**
 * The files a run writes, from its scenario's `outputs` section: pictures over the input plane
 * only when the run has a grid (2 inputs), target.png only when there is a target expression,
 * a classifier's pictures when it is evaluated on held-out data (misclassified.png for images),
 * and its pictures over the input plane as decision regions with its points.
 *
 * @example
 * const writer = new OutputWriter(outputPlan(run, 'out/seed-fit'));
 */
export function outputPlan(run: ScenarioRun, dir: string): OutputPlan {
  const o = run.scenario.outputs;
  const logScale = typeof o.costPlot === 'object' && o.costPlot.logScale;
  const grid = run.grid;
  // A scenario's validation section, or else its test split after every epoch (see scenarioControls).
  const every = run.scenario.validation?.every ?? run.test?.everySteps;
  return {
    dir,
    ...(o.metrics === false ? {} : { metricsEvery: o.metrics === true ? 1 : o.metrics.every }),
    costs: o.costs,
    ...(o.costPlot === false ? {} : { costPlot: { logScale } }),
    ...(grid ? { grid } : {}),
    ...(grid && o.target !== false && run.target ? { target: run.target } : {}),
    prediction: grid !== undefined && o.prediction !== false,
    ...(grid && o.animation !== false ? { animation: { maxFrames: typeof o.animation === 'object' ? o.animation.maxFrames : 200, logScale } } : {}),
    ...(run.test ? { classification: run.test.image ? { image: run.test.image } : {} } : every !== undefined && run.network.loss.classOf ? { classification: {} } : {}),
    ...(every !== undefined ? { validation: { every, accuracy: run.network.loss.accuracy !== undefined || run.test !== undefined } } : {}),
    ...(grid && run.classes ? { classes: run.classes } : {}),
  };
}
