import { drawCostChart, type CostChartOptions } from './drawCostChart.js';
import { renderPng } from './renderPng.js';

/**
 * cost.png: the cost curve with axes and labels (640×400), optionally on a log scale.
 *
 * @example
 * fs.writeFileSync('cost.png', costPng(costs, { logScale: true }));
 */
export function costPng(costs: ArrayLike<number>, options: CostChartOptions = {}): Buffer {
  const width = 640;
  const height = 400;
  return renderPng(width, height, (ctx) => drawCostChart(ctx, costs, { x: 0, y: 0, width, height }, options));
}
