import { createCanvas } from './createCanvas.js';
import type { Context2D } from './Context2D.js';

/**
 * Draws on a fresh white width×height canvas (@napi-rs/canvas, Skia) and encodes it as PNG.
 * Drawing goes through {@link Context2D}, the same API the browser dashboard uses.
 *
 * @example
 * const png = renderPng(640, 400, (ctx) => drawCostChart(ctx, costs, { x: 0, y: 0, width: 640, height: 400 }));
 */
export function renderPng(width: number, height: number, draw: (ctx: Context2D) => void): Buffer {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  draw(ctx);
  return canvas.toBuffer('image/png');
}
