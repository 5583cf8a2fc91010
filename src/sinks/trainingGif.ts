import { createCanvas } from './createCanvas.js';
import * as gifencModule from 'gifenc';
import { regionPalette } from './classPalette.js';
import type { ColorScale } from './colorScale.js';
import type { CostChartOptions } from './drawCostChart.js';
import { drawClassPoints } from './drawDecisionRegions.js';
import { drawTrainingFrame, trainingFrameLayout, type TrainingFrame } from './drawTrainingFrame.js';

// Node loads gifenc's CommonJS build (everything on `default`), bundlers its ESM build (named exports).
const gifenc = (gifencModule.quantize ? gifencModule : gifencModule.default) as {
  GIFEncoder: NonNullable<typeof gifencModule.GIFEncoder>;
  quantize: NonNullable<typeof gifencModule.quantize>;
  applyPalette: NonNullable<typeof gifencModule.applyPalette>;
};

/**
 * Classes whose region colours a GIF holds exactly: each takes 1 + confidenceLevels of the 256
 * palette entries, and the colour bar, curve and text need the rest. Regions of further classes
 * get the nearest of the quantized colours.
 */
const maxExactClasses = 20;

/** How to render training.gif. */
export interface TrainingGifOptions {
  /** The colour scale of every frame's prediction (share it with target.png/prediction.png). */
  readonly scale: ColorScale;
  /** Fixed chart axes for every frame (steps, yRange, logScale, phaseStarts). */
  readonly chart: CostChartOptions;
  readonly width?: number;
  readonly height?: number;
  /** Milliseconds per frame. */
  readonly delayMs?: number;
}

/**
 * training.gif: the seed's animation, one frame per snapshot — the cost so far beside the current
 * prediction (a classifier's decision regions) — looping. Frames are drawn with the shared
 * canvas code and encoded with gifenc under one 256-colour palette.
 *
 * @example
 * fs.writeFileSync('training.gif', trainingGif(frames, { scale, chart: { steps: 100, yRange: [0, 0.05] } }));
 */
export function trainingGif(frames: Iterable<TrainingFrame>, options: TrainingGifOptions): Uint8Array {
  const width = options.width ?? 720;
  const height = options.height ?? 340;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  const list = [...frames];
  // A classifier's points are the same on every frame: drawn once onto a layer laid over each
  // frame (anti-aliased dots cost more than the rest of a frame).
  const withPoints = list.find((f) => f.regions !== undefined && f.regions.points !== false);
  const layer = withPoints ? createCanvas(width, height) : undefined;
  if (withPoints && layer) drawClassPoints(layer.getContext('2d'), withPoints.prediction, withPoints.regions!.map, trainingFrameLayout(width, height).prediction);
  const overlaid = (f: TrainingFrame): boolean => layer !== undefined && f.regions !== undefined && f.regions.points !== false;
  const draw = (frame: TrainingFrame): Uint8ClampedArray => {
    const over = overlaid(frame);
    drawTrainingFrame(ctx, over ? { ...frame, regions: { ...frame.regions!, points: false } } : frame, options.scale, options.chart, width, height);
    if (over) ctx.drawImage(layer!, 0, 0);
    return ctx.getImageData(0, 0, width, height).data;
  };
  // One global palette from the last frame: it holds the whole viridis ramp (colour bar), the
  // full cost curve and every phase line, so it covers the colours of all earlier frames.
  // Decision regions change their shades from frame to frame: every shade of every class is in
  // the palette exactly, and the last frame's quantized colours fill the rest.
  const last = list.at(-1);
  const classes = list.find((f) => f.regions)?.regions?.map.names.length;
  const exact = classes === undefined ? [] : regionPalette(Math.min(classes, maxExactClasses)).map((c) => [...c]);
  const palette = last ? [...exact, ...gifenc.quantize(draw(last), 256 - exact.length)] : [];
  const gif = gifenc.GIFEncoder();
  const exactly = exact.length > 0 ? exactColors(exact) : undefined;
  list.forEach((frame, i) => {
    const rgba = draw(frame);
    const index = gifenc.applyPalette(rgba, palette);
    exactly?.(rgba, index);
    gif.writeFrame(index, width, height, { ...(i === 0 ? { palette } : {}), delay: options.delayMs ?? 100 });
  });
  gif.finish();
  return gif.bytes();
}

/**
 * A pass after gifenc's `applyPalette` that gives every pixel of one of the `exact` colours
 * (palette entries 0…n−1) that entry: applyPalette maps all colours of a 5-bit-per-channel bin
 * to the entry nearest the first colour it met in that bin, and two classes' palest shades can
 * share a bin. Candidates are found by the same bin, then compared in full; other pixels keep
 * applyPalette's choice.
 */
function exactColors(exact: readonly (readonly number[])[]): (rgba: Uint8ClampedArray, index: Uint8Array) => void {
  const bin = (r: number, g: number, b: number): number => ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3);
  // For each bin, the exact colours in it (as 0xRRGGBB) and their palette entries.
  const byBin = new Map<number, [number, number][]>();
  exact.forEach(([r, g, b], i) => {
    const key = bin(r!, g!, b!);
    byBin.set(key, [...(byBin.get(key) ?? []), [(r! << 16) | (g! << 8) | b!, i]]);
  });
  const hasExact = new Uint8Array(1 << 15);
  for (const key of byBin.keys()) hasExact[key] = 1;
  return (rgba, index) => {
    for (let p = 0, k = 0; p < index.length; p++, k += 4) {
      const r = rgba[k]!;
      const g = rgba[k + 1]!;
      const b = rgba[k + 2]!;
      const key = bin(r, g, b);
      if (hasExact[key] === 0) continue;
      const rgb = (r << 16) | (g << 8) | b;
      for (const [color, entry] of byBin.get(key)!) if (color === rgb) index[p] = entry;
    }
  };
}
