// No Node imports: the browser dashboard draws its accuracy chart with this function too.
import { font, ink, type Context2D, type Rect } from './Context2D.js';
import { drawCostChart, type CostChartLayout } from './drawCostChart.js';
import { formatPercent } from './ticks.js';

/** The accuracy on a held-out set after some step. */
export interface AccuracyPoint {
  readonly step: number;
  /** The fraction right, in [0, 1]. */
  readonly accuracy: number;
}

/** How to draw an accuracy chart. */
export interface AccuracyChartOptions {
  readonly title?: string;
  /** Steps the x axis spans (default: the steps drawn, training or test). */
  readonly steps?: number;
  /** Steps at which a new phase started, drawn as dashed lines. */
  readonly phaseStarts?: readonly number[];
  /** The held-out set's name in the legend (default `test`). */
  readonly heldOutName?: string;
  /** The y range (default: from a round tenth below most of the accuracies up to 100%). */
  readonly yRange?: readonly [number, number];
}

/**
 * Draws a classifier's accuracy against the step in `rect`, up to 100% (see {@link accuracyRange}): each training
 * batch's accuracy (before its update) as the cost chart draws costs — a line, or a min–max band
 * with its mean when steps outnumber pixels — and the held-out accuracies as an orange line with
 * a dot at each evaluation, the last and best of them named in the legend.
 *
 * @example
 * drawAccuracyChart(ctx, batchAccuracies, [{ step: 124, accuracy: 0.91 }, { step: 248, accuracy: 0.93 }], { x: 0, y: 0, width: 640, height: 400 });
 */
export function drawAccuracyChart(ctx: Context2D, training: ArrayLike<number>, heldOut: readonly AccuracyPoint[], rect: Rect, options: AccuracyChartOptions = {}): CostChartLayout {
  const steps = options.steps ?? Math.max(training.length, heldOut.at(-1)?.step ?? 0, 1);
  const layout = drawCostChart(ctx, training, rect, {
    title: options.title ?? 'Accuracy during training',
    yLabel: 'accuracy',
    yRange: options.yRange ?? accuracyRange(training, heldOut),
    steps,
    ...(options.phaseStarts ? { phaseStarts: options.phaseStarts } : {}),
  });
  const { plot, xOf, yOf } = layout;
  const points = heldOut.filter((p) => Number.isFinite(p.accuracy));
  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.x - 3, plot.y - 3, plot.width + 6, plot.height + 6);
  ctx.clip();
  ctx.strokeStyle = ink.test;
  ctx.fillStyle = ink.test;
  ctx.lineWidth = 2;
  ctx.beginPath();
  points.forEach((p, i) => (i === 0 ? ctx.moveTo(xOf(p.step), yOf(p.accuracy)) : ctx.lineTo(xOf(p.step), yOf(p.accuracy))));
  ctx.stroke();
  for (const p of points) ctx.fillRect(Math.round(xOf(p.step)) - 3, Math.round(yOf(p.accuracy)) - 3, 7, 7);
  ctx.restore();

  // The legend sits low on the right, where accuracy curves (which rise) leave room.
  const name = options.heldOutName ?? 'test';
  const lines: [string, string][] = [];
  if (training.length > 0) lines.push([ink.line, 'training batches']);
  if (points.length > 0) {
    const best = points.reduce((a, p) => (p.accuracy > a.accuracy ? p : a));
    const last = points.at(-1)!;
    lines.push([ink.test, `${name} set: ${formatPercent(last.accuracy)}${best !== last ? ` (best ${formatPercent(best.accuracy)} at step ${best.step})` : ''}`]);
  }
  ctx.font = font(12);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  lines.forEach(([colour, text], i) => {
    const y = plot.y + plot.height - 14 - 18 * (lines.length - 1 - i);
    const right = plot.x + plot.width - 8;
    ctx.fillStyle = ink.text;
    ctx.fillText(text, right, y);
    const textWidth = ctx.measureText(text).width;
    ctx.fillStyle = colour;
    ctx.fillRect(right - textWidth - 26, y - 1, 18, 3);
  });
  return layout;
}

/**
 * The y range of an accuracy chart: from the round tenth below the lowest held-out accuracy and
 * the 5th percentile of the training-batch accuracies, to 1 — so a climb from 90% to 94% is seen,
 * while the first steps' low accuracies leave the bottom of the chart.
 *
 * @example
 * accuracyRange([0.1, 0.5, 0.9, 0.95, 0.96], [{ step: 5, accuracy: 0.93 }]); // [0.1, 1] (few steps: the 5th percentile is the first)
 */
export function accuracyRange(training: ArrayLike<number>, heldOut: readonly AccuracyPoint[]): [number, number] {
  const finite = Array.from(training).filter(Number.isFinite).sort((a, b) => a - b);
  let low = finite.length > 0 ? finite[Math.floor(0.05 * (finite.length - 1))]! : 1;
  for (const p of heldOut) if (Number.isFinite(p.accuracy)) low = Math.min(low, p.accuracy);
  return [Math.min(0.9, Math.max(0, Math.floor(10 * low + 1e-9) / 10)), 1];
}
