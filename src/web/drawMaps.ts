import type { ClassMap } from '../sinks/ClassMap.js';
import { colorScale } from '../sinks/colorScale.js';
import { drawDecisionRegions } from '../sinks/drawDecisionRegions.js';
import { drawHeatmap, heatmapCanvasSize, type Field } from '../sinks/drawHeatmap.js';
import type { RunSummary, SnapshotData } from '../protocol/protocol.js';

/**
 * Draws the snapshot's prediction as a heatmap with a colour bar, beside the target when the run
 * has one, on one viridis scale shared by both (so equal colours mean equal values), with the
 * same drawing code as the PNG outputs. A classifier's (a run with `classes`) are drawn as
 * decision regions instead: the prediction shaded by the snapshot's confidence with the training
 * points on top, the target as its true classes. Cells are whole pixels (about 320 px per
 * image), and the canvas is resized to fit the panels.
 *
 * @example
 * drawMaps(canvas.getContext('2d')!, snapshot, summary.target, summary.classes);
 */
export function drawMaps(ctx: CanvasRenderingContext2D, snapshot: SnapshotData, target: RunSummary['target'], classes?: ClassMap): void {
  const { grid } = snapshot;
  const panel = heatmapCanvasSize(grid, Math.max(1, Math.floor(320 / Math.max(grid.nx, grid.ny))));
  const width = panel.width * (target ? 2 : 1);
  if (ctx.canvas.width !== width || ctx.canvas.height !== panel.height) [ctx.canvas.width, ctx.canvas.height] = [width, panel.height];
  ctx.canvas.dataset['maps'] = classes ? 'regions' : 'heatmap';
  // JSON turns a diverged NaN into null; NaN is what the colour scale skips (and no class).
  const prediction = numbers(snapshot.prediction);
  const scale = colorScale(target ? [target.values, prediction] : [prediction]);
  const confidence = snapshot.confidence && numbers(snapshot.confidence);
  // The prediction with the points on top; without a confidence (an older server) its classes are drawn sure.
  const draw = (values: ArrayLike<number>, gridOf: SnapshotData['grid'], x: number, title: string, points: boolean): void => {
    const rect = { x, y: 0, ...panel };
    if (!classes) drawHeatmap(ctx, field(values, gridOf), scale, rect, title);
    else drawDecisionRegions(ctx, field(values, gridOf), { map: classes, points, ...(points && confidence ? { confidence } : {}) }, rect, title);
  };
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, panel.height);
  let x = 0;
  if (target) {
    draw(target.values, target.grid, x, 'Target', false);
    x += panel.width;
  }
  draw(prediction, grid, x, `Prediction at step ${snapshot.step}`, true);
}

const field = (values: ArrayLike<number>, grid: SnapshotData['grid']): Field => ({ values, nx: grid.nx, ny: grid.ny, x: grid.x, y: grid.y });

const numbers = (values: readonly (number | null)[]): Float64Array => Float64Array.from(values, (v) => v ?? NaN);
