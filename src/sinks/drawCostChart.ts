// No Node imports: the browser dashboard draws its cost chart with this function too.
import { font, ink, type Context2D, type Rect } from './Context2D.js';
import { formatNumber, logTicks, niceTicks } from './ticks.js';

/** How to draw a cost chart. */
export interface CostChartOptions {
  readonly title?: string;
  readonly logScale?: boolean;
  /** Steps the x axis spans (default: the costs drawn); fix it to keep animation frames steady. */
  readonly steps?: number;
  /** The y range (default: the costs' own); fix it to keep animation frames steady. */
  readonly yRange?: readonly [number, number];
  /** Steps at which a new phase started, drawn as dashed lines. */
  readonly phaseStarts?: readonly number[];
  /** The y axis' label (default `cost`, with `(log scale)` on a log axis). */
  readonly yLabel?: string;
  /** Validation costs `[step, cost]`, drawn as a second line with dots and a legend. */
  readonly validation?: readonly (readonly [number, number])[];
}

/** Where the plot area went and how values map to pixels, for tests and overlays. */
export interface CostChartLayout {
  readonly plot: Rect;
  xOf(step: number): number;
  yOf(cost: number): number;
}

const margin = { left: 62, right: 14, top: 28, bottom: 40 };

/**
 * Draws the cost against the step (cost i belongs to step i + 1) in `rect`: axes with round
 * ticks, axis labels, optional log scale, phase boundaries. With more steps than pixels, each
 * pixel column shows the band between the lowest and highest cost it covers and a line through
 * their mean, so SGD's noise stays visible without drawing millions of segments.
 *
 * @example
 * drawCostChart(ctx, costs, { x: 0, y: 0, width: 640, height: 400 }, { title: 'Cost during training', logScale: true });
 */
export function drawCostChart(ctx: Context2D, costs: ArrayLike<number>, rect: Rect, options: CostChartOptions = {}): CostChartLayout {
  const plot = { x: rect.x + margin.left, y: rect.y + margin.top, width: rect.width - margin.left - margin.right, height: rect.height - margin.top - margin.bottom };
  const steps = Math.max(options.steps ?? costs.length, 1);
  const log = options.logScale ?? false;
  const [lo, hi] = options.yRange ?? costRange(options.validation?.length ? [...Array.from(costs), ...options.validation.map(([, c]) => c)] : costs, log);
  const t = (v: number): number => (log ? Math.log10(v) : v);
  const tLo = t(lo);
  const tHi = t(hi) > tLo ? t(hi) : tLo + 1;
  const xOf = (step: number): number => plot.x + (steps <= 1 ? 0 : ((step - 1) / (steps - 1)) * plot.width);
  const yOf = (cost: number): number => {
    const u = (t(log ? Math.max(cost, lo) : cost) - tLo) / (tHi - tLo);
    return plot.y + plot.height - Math.min(Math.max(u, 0), 1) * plot.height;
  };

  ctx.font = font(11);
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'right';
  for (const v of log ? logTicks(lo, hi) : niceTicks(lo, hi, 5)) {
    const y = Math.round(yOf(v));
    ctx.fillStyle = ink.grid;
    ctx.fillRect(plot.x, y, plot.width, 1);
    ctx.fillStyle = ink.axis;
    ctx.fillText(formatNumber(v), plot.x - 6, y);
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const v of niceTicks(1, steps, 5)) {
    const x = Math.round(xOf(v));
    ctx.fillRect(x, plot.y + plot.height, 1, 4);
    ctx.fillText(formatNumber(v), x, plot.y + plot.height + 6);
  }
  ctx.fillStyle = ink.axis;
  ctx.fillRect(plot.x, plot.y, 1, plot.height);
  ctx.fillRect(plot.x, plot.y + plot.height, plot.width, 1);

  ctx.save();
  ctx.strokeStyle = ink.phase;
  ctx.setLineDash([4, 3]);
  for (const start of options.phaseStarts ?? []) {
    const x = Math.round(xOf(start)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(x, plot.y);
    ctx.lineTo(x, plot.y + plot.height);
    ctx.stroke();
  }
  ctx.restore();

  drawCurve(ctx, costs, plot, steps, xOf, yOf);
  if (options.validation?.length) drawValidation(ctx, options.validation, plot, xOf, yOf);

  ctx.fillStyle = ink.text;
  ctx.font = font(14, 'bold');
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(options.title ?? 'Cost during training', plot.x + plot.width / 2, plot.y - 8);
  ctx.font = font(12);
  ctx.textBaseline = 'bottom';
  ctx.fillText('step (number of batches)', plot.x + plot.width / 2, rect.y + rect.height - 2);
  ctx.save();
  ctx.translate(rect.x + 12, plot.y + plot.height / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  ctx.fillText(`${options.yLabel ?? 'cost'}${log ? ' (log scale)' : ''}`, 0, 0);
  ctx.restore();
  return { plot, xOf, yOf };
}

/**
 * The y range that fits `costs`: [min, max] of the finite values, starting at 0 on a linear axis
 * and widened to whole decades on a log axis.
 *
 * @example
 * costRange([0.5, 0.1, 0.02], true); // [0.01, 1]
 */
export function costRange(costs: ArrayLike<number>, logScale: boolean): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < costs.length; k++) {
    const c = costs[k]!;
    if (!Number.isFinite(c) || (logScale && c <= 0)) continue;
    if (c < min) min = c;
    if (c > max) max = c;
  }
  if (!Number.isFinite(min)) return logScale ? [0.1, 1] : [0, 1];
  if (!logScale) return [0, max > 0 ? max : 1];
  const lo = 10 ** Math.floor(Math.log10(min));
  const hi = 10 ** Math.ceil(Math.log10(max));
  return [lo, hi > lo ? hi : lo * 10];
}

function drawCurve(ctx: Context2D, costs: ArrayLike<number>, plot: Rect, steps: number, xOf: (s: number) => number, yOf: (c: number) => number): void {
  const columns = Math.max(1, Math.floor(plot.width));
  const perColumn = steps / columns;
  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.x, plot.y - 1, plot.width + 1, plot.height + 2);
  ctx.clip();
  ctx.strokeStyle = ink.line;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  if (perColumn <= 1) {
    let started = false;
    for (let k = 0; k < costs.length; k++) {
      const c = costs[k]!;
      if (!Number.isFinite(c)) continue;
      if (started) ctx.lineTo(xOf(k + 1), yOf(c));
      else ctx.moveTo(xOf(k + 1), yOf(c));
      started = true;
    }
    ctx.stroke();
    ctx.restore();
    return;
  }
  // Many steps per pixel column: a min–max band, then the mean line over it.
  ctx.fillStyle = ink.band;
  const means: [number, number][] = [];
  for (let col = 0; col < columns; col++) {
    const from = Math.floor(col * perColumn);
    const to = Math.min(costs.length, Math.floor((col + 1) * perColumn));
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    let n = 0;
    for (let k = from; k < to; k++) {
      const c = costs[k]!;
      if (!Number.isFinite(c)) continue;
      if (c < min) min = c;
      if (c > max) max = c;
      sum += c;
      n++;
    }
    if (n === 0) continue;
    const top = yOf(max);
    ctx.fillRect(plot.x + col, top, 1, Math.max(1, yOf(min) - top));
    means.push([plot.x + col + 0.5, yOf(sum / n)]);
  }
  means.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
  ctx.stroke();
  ctx.restore();
}

/** The validation curve over the training one: a line with a dot per evaluation, and a legend. */
function drawValidation(ctx: Context2D, points: readonly (readonly [number, number])[], plot: Rect, xOf: (s: number) => number, yOf: (c: number) => number): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.x, plot.y - 3, plot.width + 3, plot.height + 6);
  ctx.clip();
  ctx.strokeStyle = ink.validation;
  ctx.fillStyle = ink.validation;
  ctx.lineWidth = 2;
  ctx.beginPath();
  let started = false;
  for (const [step, cost] of points) {
    if (!Number.isFinite(cost)) continue;
    if (started) ctx.lineTo(xOf(step), yOf(cost));
    else ctx.moveTo(xOf(step), yOf(cost));
    started = true;
  }
  ctx.stroke();
  // Dots only while they stay apart; hundreds of evaluations read better as a line.
  if (points.length <= 60) for (const [step, cost] of points) if (Number.isFinite(cost)) ctx.fillRect(xOf(step) - 2, yOf(cost) - 2, 4, 4);
  ctx.restore();
  ctx.save();
  ctx.font = font(11);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  const x = plot.x + plot.width - 6;
  ctx.fillStyle = ink.line;
  ctx.fillRect(x - 128, plot.y + 10, 16, 2);
  ctx.fillStyle = ink.text;
  ctx.fillText('training', x - 106, plot.y + 11);
  ctx.fillStyle = ink.validation;
  ctx.fillRect(x - 128, plot.y + 26, 16, 2);
  ctx.fillStyle = ink.text;
  ctx.fillText('validation', x - 106, plot.y + 27);
  ctx.restore();
}
