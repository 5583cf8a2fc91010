// No Node imports: the browser dashboard draws heatmaps with this function too.
import type { ColorScale } from './colorScale.js';
import type { Context2D, Rect } from './Context2D.js';
import { drawColorBar } from './drawColorBar.js';
import { drawFieldAxes } from './drawFieldAxes.js';
import { viridisCss } from './viridis.js';

/** A field of values on a regular grid: `ny` rows of `nx`, row 0 at the low end of y. */
export interface Field {
  readonly values: ArrayLike<number>;
  readonly nx: number;
  readonly ny: number;
  /** Input-plane extent, for the axis labels. */
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
}

/** Where {@link drawHeatmap} put the image and the colour bar, in canvas pixels. */
export interface HeatmapLayout {
  /** Side of one grid cell in pixels (a whole number, so the picture is crisp). */
  readonly cell: number;
  readonly image: Rect;
  /** The colour bar: its top pixel row is the scale's max, its bottom row the min. */
  readonly bar: Rect;
}

const margin = { left: 44, right: 64, top: 26, bottom: 34, barGap: 14, barWidth: 18 };

/**
 * Draws a field as a heatmap (viridis, nearest-neighbour, y rising upwards like the seed's
 * `imshow(origin='lower')`) with axes and a labelled colour bar into `rect`; returns the layout.
 * Cells are whole pixels wide, so the picture stays crisp at any size.
 *
 * @example
 * const layout = drawHeatmap(ctx, { values, nx: 40, ny: 40, x: [-0.5, 0.5], y: [-0.5, 0.5] }, colorScale([values]), { x: 0, y: 0, width: 480, height: 420 }, 'Target');
 */
export function drawHeatmap(ctx: Context2D, field: Field, scale: ColorScale, rect: Rect, title: string): HeatmapLayout {
  const layout = heatmapLayout(field, rect);
  const { cell, image, bar } = layout;
  for (let i = 0; i < field.ny; i++) {
    const top = image.y + (field.ny - 1 - i) * cell;
    for (let j = 0; j < field.nx; j++) {
      ctx.fillStyle = viridisCss(scale.unit(field.values[i * field.nx + j]!));
      ctx.fillRect(image.x + j * cell, top, cell, cell);
    }
  }
  drawColorBar(ctx, scale, bar);
  drawFieldAxes(ctx, field, layout, title);
  return layout;
}

/**
 * Where {@link drawHeatmap} puts the image and colour bar for a field drawn into `rect`.
 *
 * @example
 * heatmapLayout({ nx: 40, ny: 40 }, { x: 0, y: 0, width: 460, height: 380 }).cell; // 8
 */
export function heatmapLayout(field: Pick<Field, 'nx' | 'ny'>, rect: Rect): HeatmapLayout {
  const availW = rect.width - margin.left - margin.right - margin.barGap - margin.barWidth;
  const availH = rect.height - margin.top - margin.bottom;
  const cell = Math.max(1, Math.floor(Math.min(availW / field.nx, availH / field.ny)));
  const image = { x: rect.x + margin.left, y: rect.y + margin.top, width: cell * field.nx, height: cell * field.ny };
  const bar = { x: image.x + image.width + margin.barGap, y: image.y, width: margin.barWidth, height: image.height };
  return { cell, image, bar };
}

/**
 * The canvas size that gives a field `cell`-pixel cells plus axes and colour bar.
 *
 * @example
 * heatmapCanvasSize({ nx: 40, ny: 40 }, 8); // { width: 460, height: 380 }
 */
export function heatmapCanvasSize(field: Pick<Field, 'nx' | 'ny'>, cell: number): { width: number; height: number } {
  return {
    width: margin.left + margin.right + margin.barGap + margin.barWidth + cell * field.nx,
    height: margin.top + margin.bottom + cell * field.ny,
  };
}
