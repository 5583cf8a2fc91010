// No Node imports: the browser dashboard can draw the same frame live.
import type { ColorScale } from './colorScale.js';
import type { Context2D, Rect } from './Context2D.js';
import { drawCostChart, type CostChartOptions } from './drawCostChart.js';
import { drawDecisionRegions, type Regions } from './drawDecisionRegions.js';
import { drawHeatmap, type Field } from './drawHeatmap.js';

/** One frame of the training animation. */
export interface TrainingFrame {
  /** Costs of steps 1…step. */
  readonly costs: ArrayLike<number>;
  readonly step: number;
  /** The prediction on the grid at that step. */
  readonly prediction: Field;
  /** A classifier's classes and confidence at that step: the prediction is drawn as decision regions. */
  readonly regions?: Regions;
}

/**
 * The seed's animation frame: the cost so far on the left, the current prediction on the right
 * (fixed axes and colour scale across frames, so only the data moves) — a classifier's as
 * decision regions with its training points.
 *
 * @example
 * drawTrainingFrame(ctx, { costs, step: 40, prediction }, scale, { steps: 100, yRange: [0, 0.05] }, 720, 340);
 */
export function drawTrainingFrame(
  ctx: Context2D,
  frame: TrainingFrame,
  scale: ColorScale,
  chart: CostChartOptions,
  width: number,
  height: number,
): void {
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  const { costs, prediction } = trainingFrameLayout(width, height);
  drawCostChart(ctx, frame.costs, costs, { ...chart, title: 'Cost during training' });
  const title = `Prediction at step ${frame.step}`;
  if (frame.regions) drawDecisionRegions(ctx, frame.prediction, frame.regions, prediction, title);
  else drawHeatmap(ctx, frame.prediction, scale, prediction, title);
}

/**
 * Where {@link drawTrainingFrame} puts the cost chart (left half) and the prediction (right half).
 *
 * @example
 * trainingFrameLayout(720, 340).prediction; // { x: 360, y: 0, width: 360, height: 340 }
 */
export function trainingFrameLayout(width: number, height: number): { costs: Rect; prediction: Rect } {
  const half = Math.floor(width / 2);
  return { costs: { x: 0, y: 0, width: half, height }, prediction: { x: half, y: 0, width: width - half, height } };
}
