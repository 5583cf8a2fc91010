import { createCanvas } from './createCanvas.js';
import * as gifencModule from 'gifenc';
import { regionPalette } from './classPalette.js';
import type { ColorScale } from './colorScale.js';
import type { CostChartOptions } from './drawCostChart.js';
import { drawTrainingFrame, type TrainingFrame } from './drawTrainingFrame.js';

// Node loads gifenc's CommonJS build (everything on `default`), bundlers its ESM build (named exports).
const gifenc = (gifencModule.quantize ? gifencModule : gifencModule.default) as {
  GIFEncoder: NonNullable<typeof gifencModule.GIFEncoder>;
  quantize: NonNullable<typeof gifencModule.quantize>;
  applyPalette: NonNullable<typeof gifencModule.applyPalette>;
};

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
 * prediction (a classifier's decision regions) — looping. Frames are drawn with the shared canvas code and encoded with gifenc
 * under one 256-colour palette.
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
  const draw = (frame: TrainingFrame): Uint8ClampedArray => {
    drawTrainingFrame(ctx, frame, options.scale, options.chart, width, height);
    return ctx.getImageData(0, 0, width, height).data;
  };
  // One global palette from the last frame: it holds the whole viridis ramp (colour bar), the
  // full cost curve and every phase line, so it covers the colours of all earlier frames.
  // Decision regions change their shades from frame to frame: every shade of every class is in
  // the palette exactly, and the last frame's quantized colours fill the rest.
  const last = list.at(-1);
  const classes = list.find((f) => f.regions)?.regions?.map.names.length;
  const exact = classes === undefined ? [] : regionPalette(classes).map((c) => [...c]);
  const palette = last ? [...exact, ...gifenc.quantize(draw(last), 256 - exact.length)] : [];
  const gif = gifenc.GIFEncoder();
  list.forEach((frame, i) => {
    gif.writeFrame(gifenc.applyPalette(draw(frame), palette), width, height, { ...(i === 0 ? { palette } : {}), delay: options.delayMs ?? 100 });
  });
  gif.finish();
  return gif.bytes();
}
