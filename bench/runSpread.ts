import { measured, type ConfigResult } from './evaluateTargets.js';
import { nearestRank } from './nearestRank.js';

/**
 * How far this run's machine let repeated runs of the same work drift: for every rxprop row (engine
 * or pipeline) the ratio of its slowest to its fastest run, then the median and the 90th
 * percentile of those ratios over the rows. A row's runs are the same steps on the same data, so
 * on a quiet machine each ratio stays near 1; where a host's neighbours take shares of the cores'
 * caches and memory from one second to the next, it does not, and every goal set against a
 * median moves with it. The report prints it beside the clock, so a run can be judged quiet or not
 * from its own output. Rows run by numpy and tfjs are left out: their work differs run to run
 * (numpy's processes start cold each time).
 *
 * @example
 * runSpread(results); // { rows: 84, median: 1.53, p90: 2.03 }
 */
export function runSpread(results: readonly ConfigResult[]): { rows: number; median: number; p90: number } | undefined {
  const ratios = results
    .flatMap((c) => c.rows)
    .filter(measured)
    .filter((r) => (r.kind === 'engine' || r.kind === 'pipeline') && r.samples.length > 1 && r.min > 0)
    .map((r) => r.max / r.min)
    .sort((a, b) => a - b);
  if (ratios.length === 0) return undefined;
  return { rows: ratios.length, median: nearestRank(ratios, 0.5), p90: nearestRank(ratios, 0.9) };
}
