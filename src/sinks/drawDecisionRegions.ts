// No Node imports: the browser dashboard draws decision regions with this function too.
import { readClasses, type ClassMap, type ClassPoints } from './ClassMap.js';
import { classCss, regionCss } from './classPalette.js';
import { font, ink, type Context2D, type Rect } from './Context2D.js';
import { drawFieldAxes } from './drawFieldAxes.js';
import { heatmapLayout, type Field, type HeatmapLayout } from './drawHeatmap.js';
import { planePixel } from './planePixel.js';

/**
 * What turns a field of class values into decision regions: the run's classes, how sure the
 * network is at each grid point, and whether to draw the points on top.
 *
 * @example
 * const regions: Regions = { map, confidence: snapshotConfidence };
 */
export interface Regions {
  readonly map: ClassMap;
  /** Per grid point (like the field's values), 0…1; without it, every point is sure (a target's classes). */
  readonly confidence?: ArrayLike<number>;
  /** Draw the map's training and test points on top (default true). */
  readonly points?: boolean;
}

/** Radius of a legend entry's dot, in pixels. */
const radius = 3.5;

/**
 * Radius of a point's dot in pixels, for cells of `cell` pixels: 3.5 on the PNGs' 8-pixel cells,
 * smaller on the GIF's smaller ones, so hundreds of dots leave the regions visible.
 *
 * @example
 * pointRadius(8); // 3.5
 */
export function pointRadius(cell: number): number {
  return Math.min(3.5, Math.max(2, 0.45 * cell));
}

/**
 * Draws a classifier's picture of the input plane as the TensorFlow Playground does: each grid
 * cell in the colour of its predicted class, faded towards white where the network is unsure
 * (near a decision boundary); the training points on top as dots in their true class's colour
 * with a dark outline (test points hollow); a legend naming the classes. Same layout, axes and
 * cell size as {@link drawHeatmap} (the legend takes the colour bar's place), so a run's
 * pictures line up whichever kind they are. Grid point (i, j) is the centre of its cell, and a
 * point at (x, y) is drawn where the grid would have it.
 *
 * @example
 * drawDecisionRegions(ctx, field, { map, confidence }, { x: 0, y: 0, width: 460, height: 380 }, 'Prediction at step 500');
 */
export function drawDecisionRegions(ctx: Context2D, field: Field, regions: Regions, rect: Rect, title: string): HeatmapLayout {
  const layout = heatmapLayout(field, rect);
  const { cell, image } = layout;
  const { map } = regions;
  const { classes, confidence } = readClasses(map.read, map.names.length, field.values, regions.confidence);
  for (let i = 0; i < field.ny; i++) {
    const top = image.y + (field.ny - 1 - i) * cell;
    // Runs of equal colour as one rectangle: regions are large, so a row is a few runs.
    let from = 0;
    let css = '';
    for (let j = 0; j <= field.nx; j++) {
      const k = i * field.nx + j;
      const next = j < field.nx ? regionCss(classes[k]!, confidence[k]!) : '';
      if (next === css) continue;
      if (j > 0) {
        ctx.fillStyle = css;
        ctx.fillRect(image.x + from * cell, top, (j - from) * cell, cell);
      }
      [from, css] = [j, next];
    }
  }
  drawLegend(ctx, map, legendArea(layout, rect));
  drawFieldAxes(ctx, field, layout, title);
  if (regions.points !== false) drawClassPoints(ctx, field, map, rect);
  return layout;
}

/**
 * The points of {@link drawDecisionRegions} alone — the dots, clipped to the image, and their
 * legend entries — for a picture of `field` drawn into `rect`. A GIF draws them once onto a
 * layer of their own and lays it over every frame: anti-aliased dots cost more than the rest
 * of a frame.
 *
 * @example
 * drawClassPoints(layerCtx, field, map, { x: 360, y: 0, width: 360, height: 340 });
 */
export function drawClassPoints(ctx: Context2D, field: Field, map: ClassMap, rect: Rect): void {
  const layout = heatmapLayout(field, rect);
  const { image } = layout;
  ctx.save();
  ctx.beginPath();
  ctx.rect(image.x, image.y, image.width, image.height);
  ctx.clip();
  if (map.test) drawPoints(ctx, field, layout, map.test, map.names.length, true);
  drawPoints(ctx, field, layout, map.train, map.names.length, false);
  ctx.restore();
  const area = legendArea(layout, rect);
  const entries: [string, boolean][] = [['training', false], ...(map.test ? [['test', true] as [string, boolean]] : [])];
  entries.forEach(([label, hollow], i) => {
    const y = area.y + legendRow * (map.names.length + i + 1);
    if (y > area.y + area.height) return;
    ctx.beginPath();
    ctx.moveTo(area.x + swatch / 2 + radius, y);
    ctx.arc(area.x + swatch / 2, y, radius, 0, 2 * Math.PI);
    ctx.fillStyle = hollow ? '#fff' : ink.axis;
    ctx.fill();
    ctx.strokeStyle = ink.text;
    ctx.lineWidth = 1;
    ctx.stroke();
    legendLabel(ctx, label, area, y);
  });
}

/** One split's points, class by class: all dots of a class as one path, filled and outlined at once. */
function drawPoints(ctx: Context2D, field: Field, layout: HeatmapLayout, points: ClassPoints, classCount: number, hollow: boolean): void {
  const r = pointRadius(layout.cell);
  for (let k = 0; k < classCount; k++) {
    ctx.beginPath();
    let any = false;
    for (let p = 0; p < points.classes.length; p++) {
      if (points.classes[p] !== k) continue;
      const [px, py] = planePixel(field, layout, points.xy[2 * p]!, points.xy[2 * p + 1]!);
      ctx.moveTo(px + r, py);
      ctx.arc(px, py, r, 0, 2 * Math.PI);
      any = true;
    }
    if (!any) continue;
    // Filled: the class colour in a dark ring; hollow: white inside a ring of the class colour.
    ctx.fillStyle = hollow ? '#fff' : classCss(k);
    ctx.fill();
    ctx.strokeStyle = hollow ? classCss(k) : ink.text;
    ctx.lineWidth = hollow ? Math.min(2, r / 1.6) : 1;
    ctx.stroke();
  }
}

/** Height of a legend row, and the side of a class swatch. */
const legendRow = 16;
const swatch = 11;

/** Where the legend goes: the colour bar's place, to the right edge of `rect`. */
function legendArea({ bar }: HeatmapLayout, rect: Rect): Rect {
  return { x: bar.x, y: bar.y, width: rect.x + rect.width - bar.x, height: bar.height };
}

/** A swatch of each class's colour with its name (cut to fit); the points' entries follow after a gap. */
function drawLegend(ctx: Context2D, map: ClassMap, area: Rect): void {
  map.names.forEach((name, k) => {
    const y = area.y + legendRow / 2 + k * legendRow;
    if (y > area.y + area.height) return;
    ctx.fillStyle = classCss(k);
    ctx.fillRect(area.x, y - swatch / 2, swatch, swatch);
    ctx.strokeStyle = ink.text;
    ctx.lineWidth = 1;
    ctx.strokeRect(area.x + 0.5, y - swatch / 2 + 0.5, swatch - 1, swatch - 1);
    legendLabel(ctx, name, area, y);
  });
}

function legendLabel(ctx: Context2D, label: string, area: Rect, y: number): void {
  ctx.font = font(11);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = ink.text;
  ctx.fillText(fit(ctx, label, area.width - swatch - 6), area.x + swatch + 5, y);
}

/** `text`, cut with an ellipsis to at most `width` pixels. */
function fit(ctx: Context2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let cut = text;
  while (cut.length > 1 && ctx.measureText(`${cut}…`).width > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}
