import { drawDecisionRegions, type Regions } from './drawDecisionRegions.js';
import { heatmapCanvasSize, type Field } from './drawHeatmap.js';
import { renderPng } from './renderPng.js';

/**
 * A classifier's prediction.png (or target.png): the field of class values as decision regions
 * with the training points on top and a legend (see {@link drawDecisionRegions}), at the size
 * {@link heatmapPng} gives a regression's field (8-pixel cells for a 40×40 grid).
 *
 * @example
 * fs.writeFileSync('prediction.png', decisionRegionsPng(field, { map, confidence }, 'Prediction after 3000 steps'));
 */
export function decisionRegionsPng(field: Field, regions: Regions, title: string): Buffer {
  const cell = Math.max(1, Math.floor(320 / Math.max(field.nx, field.ny)));
  const { width, height } = heatmapCanvasSize(field, cell);
  return renderPng(width, height, (ctx) => drawDecisionRegions(ctx, field, regions, { x: 0, y: 0, width, height }, title));
}
