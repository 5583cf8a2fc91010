import asciichart from 'asciichart';
import { formatNumber } from '../sinks/ticks.js';

/**
 * The cost curve as a terminal chart (asciichart): costs averaged into at most `width` columns,
 * `height` rows, optionally on a log scale.
 *
 * @example
 * process.stdout.write(terminalCostChart(costs, { width: 60 }));
 */
export function terminalCostChart(costs: ArrayLike<number>, options: { width?: number; height?: number; logScale?: boolean } = {}): string {
  const width = Math.max(2, options.width ?? 60);
  const log = options.logScale ?? false;
  const columns = Math.min(width, costs.length);
  const series: number[] = [];
  for (let c = 0; c < columns; c++) {
    const from = Math.floor((c * costs.length) / columns);
    const to = Math.floor(((c + 1) * costs.length) / columns);
    let sum = 0;
    let n = 0;
    for (let k = from; k < to; k++) {
      const v = costs[k]!;
      if (Number.isFinite(v) && (!log || v > 0)) [sum, n] = [sum + v, n + 1];
    }
    if (n > 0) series.push(log ? Math.log10(sum / n) : sum / n);
  }
  if (series.length < 2) return '';
  const label = (x: number): string => formatNumber(log ? 10 ** x : x).padStart(9);
  return `${asciichart.plot(series, { height: options.height ?? 10, format: label })}\n`;
}
