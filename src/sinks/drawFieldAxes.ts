// No Node imports: the browser dashboard draws its maps' axes with this function too.
import { font, ink, type Context2D, type Rect } from './Context2D.js';
import type { Field } from './drawHeatmap.js';
import { formatNumber, niceTicks } from './ticks.js';

/**
 * The title above a picture of a field and its x and y axes: round ticks inside the field's
 * range, placed as if `image` spanned `span` of the input plane (y rising upwards).
 *
 * @example
 * drawFieldAxes(ctx, field, layout.image, 'Target', { x: [-0.51, 0.51], y: [-0.51, 0.51] });
 */
export function drawFieldAxes(ctx: Context2D, field: Pick<Field, 'x' | 'y'>, image: Rect, title: string, span: Pick<Field, 'x' | 'y'> = field): void {
  ctx.fillStyle = ink.text;
  ctx.font = font(14, 'bold');
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(title, image.x + image.width / 2, image.y - 8);
  ctx.font = font(11);
  ctx.fillStyle = ink.axis;
  ctx.textBaseline = 'top';
  for (const v of niceTicks(field.x[0], field.x[1], 4)) {
    const px = image.x + ((v - span.x[0]) / (span.x[1] - span.x[0])) * image.width;
    ctx.fillRect(Math.round(px), image.y + image.height, 1, 4);
    ctx.fillText(formatNumber(v), px, image.y + image.height + 6);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const v of niceTicks(field.y[0], field.y[1], 4)) {
    const py = image.y + image.height - ((v - span.y[0]) / (span.y[1] - span.y[0])) * image.height;
    ctx.fillRect(image.x - 4, Math.round(py), 4, 1);
    ctx.fillText(formatNumber(v), image.x - 6, py);
  }
}
