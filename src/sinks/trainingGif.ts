import { createCanvas } from '@napi-rs/canvas';
import * as gifencModule from 'gifenc';
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
 * prediction — looping. Frames are drawn with the shared canvas code and encoded with gifenc
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
  const gif = gifenc.GIFEncoder();
  let palette: number[][] | undefined;
  for (const frame of frames) {
    drawTrainingFrame(ctx, frame, options.scale, options.chart, width, height);
    const rgba = ctx.getImageData(0, 0, width, height).data;
    // Every frame holds the whole viridis ramp (in the colour bar) and the same inks, so the
    // first frame's palette serves all of them as the global colour table.
    const first = palette === undefined;
    palette ??= gifenc.quantize(rgba, 256);
    gif.writeFrame(gifenc.applyPalette(rgba, palette), width, height, { ...(first ? { palette } : {}), delay: options.delayMs ?? 100 });
  }
  gif.finish();
  return gif.bytes();
}
