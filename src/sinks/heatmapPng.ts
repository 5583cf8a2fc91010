import type { ColorScale } from './colorScale.js';
import { drawHeatmap, heatmapCanvasSize, type Field } from './drawHeatmap.js';
import { renderPng } from './renderPng.js';

/**
 * target.png / prediction.png: a field as a crisp viridis heatmap with axes and a colour bar.
 * Cells are scaled up by a whole number of pixels (8 for the seed's 40×40 grid, about 320 px
 * across); pass the same `scale` to pictures that should compare.
 *
 * @example
 * const scale = colorScale([target.values, prediction.values]);
 * fs.writeFileSync('target.png', heatmapPng(target, scale, 'Target'));
 */
export function heatmapPng(field: Field, scale: ColorScale, title: string): Buffer {
  const cell = Math.max(1, Math.floor(320 / Math.max(field.nx, field.ny)));
  const { width, height } = heatmapCanvasSize(field, cell);
  return renderPng(width, height, (ctx) => drawHeatmap(ctx, field, scale, { x: 0, y: 0, width, height }, title));
}
