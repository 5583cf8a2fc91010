import { colorScale } from '../sinks/colorScale.js';
import { drawHeatmap, heatmapCanvasSize, type Field } from '../sinks/drawHeatmap.js';
import type { RunSummary, SnapshotData } from '../protocol/protocol.js';

/**
 * Draws the snapshot's prediction as a heatmap with a colour bar, beside the target when the run
 * has one, on one viridis scale shared by both (so equal colours mean equal values), with the
 * same drawing code as the PNG outputs. Cells are whole pixels (about 320 px per image), and the
 * canvas is resized to fit the panels.
 *
 * @example
 * drawMaps(canvas.getContext('2d')!, snapshot, summary.target);
 */
export function drawMaps(ctx: CanvasRenderingContext2D, snapshot: SnapshotData, target: RunSummary['target']): void {
  const { grid } = snapshot;
  const panel = heatmapCanvasSize(grid, Math.max(1, Math.floor(320 / Math.max(grid.nx, grid.ny))));
  const width = panel.width * (target ? 2 : 1);
  if (ctx.canvas.width !== width || ctx.canvas.height !== panel.height) [ctx.canvas.width, ctx.canvas.height] = [width, panel.height];
  // JSON turns a diverged NaN into null; NaN is what the colour scale skips.
  const prediction = Float64Array.from(snapshot.prediction as readonly (number | null)[], (v) => v ?? NaN);
  const scale = colorScale(target ? [target.values, prediction] : [prediction]);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, panel.height);
  let x = 0;
  if (target) {
    drawHeatmap(ctx, field(target.values, target.grid), scale, { x, y: 0, ...panel }, 'Target');
    x += panel.width;
  }
  drawHeatmap(ctx, field(prediction, grid), scale, { x, y: 0, ...panel }, `Prediction at step ${snapshot.step}`);
}

const field = (values: ArrayLike<number>, grid: SnapshotData['grid']): Field => ({ values, nx: grid.nx, ny: grid.ny, x: grid.x, y: grid.y });
