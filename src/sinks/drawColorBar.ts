// No Node imports: shared with the browser dashboard.
import type { ColorScale } from './colorScale.js';
import { font, ink, type Context2D, type Rect } from './Context2D.js';
import { formatNumber, niceTicks } from './ticks.js';
import { viridisCss } from './viridis.js';

/**
 * A vertical colour bar for `scale` in `rect`: bottom row = min, top row = max, labelled at both
 * ends and at round values between.
 *
 * @example
 * drawColorBar(ctx, scale, { x: 400, y: 30, width: 18, height: 320 });
 */
export function drawColorBar(ctx: Context2D, scale: ColorScale, rect: Rect): void {
  const rows = Math.round(rect.height);
  for (let r = 0; r < rows; r++) {
    ctx.fillStyle = viridisCss(rows === 1 ? 1 : 1 - r / (rows - 1));
    ctx.fillRect(rect.x, rect.y + r, rect.width, 1);
  }
  ctx.fillStyle = ink.text;
  ctx.font = font(11);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  const yOf = (v: number): number => rect.y + (1 - (v - scale.min) / (scale.max - scale.min)) * (rows - 1);
  const ends = [scale.min, scale.max];
  // Round ticks between the ends, skipping those that would overlap an end label.
  const inner = niceTicks(scale.min, scale.max, 4).filter((v) => ends.every((e) => Math.abs(yOf(v) - yOf(e)) > 14));
  for (const v of [...ends, ...inner]) {
    const y = yOf(v);
    ctx.fillRect(rect.x + rect.width, Math.round(y), 4, 1);
    ctx.fillText(formatNumber(v), rect.x + rect.width + 6, y);
  }
}
