// No Node imports: the browser dashboard draws its maps' axes with this function too.
import { font, ink, type Context2D, type Rect } from './Context2D.js';
import type { Field } from './drawHeatmap.js';
import { planePixel } from './planePixel.js';
import { formatNumber, niceTicks } from './ticks.js';

/**
 * The title above a picture of a field and its x and y axes: round ticks inside the field's
 * range, each at the pixel {@link planePixel} gives its value, so a tick on a grid value marks
 * the centre of that value's cell (the grid's first and last values sit half a cell inside the
 * picture's edges, not on them).
 *
 * @example
 * drawFieldAxes(ctx, field, heatmapLayout(field, rect), 'Target');
 */
export function drawFieldAxes(ctx: Context2D, field: Pick<Field, 'x' | 'y' | 'nx' | 'ny'>, layout: { readonly cell: number; readonly image: Rect }, title: string): void {
  const { image } = layout;
  ctx.fillStyle = ink.text;
  ctx.font = font(14, 'bold');
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(title, image.x + image.width / 2, image.y - 8);
  ctx.font = font(11);
  ctx.fillStyle = ink.axis;
  ctx.textBaseline = 'top';
  for (const v of niceTicks(field.x[0], field.x[1], 4)) {
    const [px] = planePixel(field, layout, v, field.y[0]);
    ctx.fillRect(Math.round(px), image.y + image.height, 1, 4);
    ctx.fillText(formatNumber(v), px, image.y + image.height + 6);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const v of niceTicks(field.y[0], field.y[1], 4)) {
    const [, py] = planePixel(field, layout, field.x[0], v);
    ctx.fillRect(image.x - 4, Math.round(py), 4, 1);
    ctx.fillText(formatNumber(v), image.x - 6, py);
  }
}
