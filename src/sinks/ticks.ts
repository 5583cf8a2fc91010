// No Node imports: shared with the browser dashboard.

/**
 * About `count` round tick values (1, 2 or 5 × 10^k apart) inside [lo, hi].
 *
 * @example
 * niceTicks(0, 2000, 5); // [0, 500, 1000, 1500, 2000]
 */
export function niceTicks(lo: number, hi: number, count: number): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const ticks: number[] = [];
  // Multiples of step, rounded to 12 digits so 3 × 0.1 prints as 0.3.
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) ticks.push(k === 0 ? 0 : Number((k * step).toPrecision(12)));
  return ticks;
}

/**
 * Powers of ten inside [lo, hi] (both > 0) for a log axis; when the range spans less than a
 * decade, round linear ticks instead.
 *
 * @example
 * logTicks(0.0005, 0.2); // [0.001, 0.01, 0.1]
 */
export function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let k = Math.ceil(Math.log10(lo) - 1e-9); k <= Math.floor(Math.log10(hi) + 1e-9); k++) ticks.push(10 ** k);
  return ticks.length >= 2 ? ticks : niceTicks(lo, hi, 3).filter((v) => v > 0);
}

/**
 * A short label for a tick or a colour-bar end: up to 3 significant digits, exponent form for
 * very small or large magnitudes.
 *
 * @example
 * formatNumber(0.000123); // '1.23e-4'
 * formatNumber(1500); // '1500'
 */
export function formatNumber(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) return String(Number(v.toPrecision(3)));
  const [mantissa, exponent] = v.toExponential(2).split('e');
  return `${Number(mantissa)}e${Number(exponent)}`;
}

/**
 * A fraction as a percentage with one decimal, the same in every locale.
 *
 * @example
 * formatPercent(0.9432); // '94.3%'
 */
export function formatPercent(fraction: number): string {
  return `${(Math.round(fraction * 1000) / 10).toFixed(1)}%`;
}
