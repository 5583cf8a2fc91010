/**
 * The p-quantile of ascending `sorted` by nearest rank: the smallest value with at least a
 * fraction p of the values at or below it (p = 0 gives the least). Unlike an interpolated
 * quantile it is always one of the measurements, which suits a spread read off a few runs.
 *
 * @example
 * nearestRank([1, 2, 3, 4], 0.5); // 2
 */
export const nearestRank = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
