import { drawAccuracyChart, type AccuracyChartOptions, type AccuracyPoint } from './drawAccuracyChart.js';
import { renderPng } from './renderPng.js';

/**
 * accuracy.png: a classifier's training-batch accuracy per step and its test accuracy at each
 * evaluation (640×400).
 *
 * @example
 * fs.writeFileSync('accuracy.png', accuracyPng(batchAccuracies, [{ step: 1240, accuracy: 0.943 }]));
 */
export function accuracyPng(training: ArrayLike<number>, heldOut: readonly AccuracyPoint[], options: AccuracyChartOptions = {}): Buffer {
  const width = 640;
  const height = 400;
  return renderPng(width, height, (ctx) => drawAccuracyChart(ctx, training, heldOut, { x: 0, y: 0, width, height }, options));
}
