import { createRequire } from 'node:module';
import type { Canvas } from '@napi-rs/canvas';

let canvasModule: typeof import('@napi-rs/canvas') | undefined;

/**
 * A width×height canvas of `@napi-rs/canvas` (Skia), loaded on the first picture: it is a native
 * module of ~35 MB, an optional peer dependency that only those who write pictures install, and
 * loading it costs start-up time that a run without pictures (or `--help`) should not pay.
 * Synchronous (`require`), so the picture functions stay synchronous. When it is missing, the
 * error says how to install it.
 *
 * @example
 * const ctx = createCanvas(640, 400).getContext('2d');
 */
export function createCanvas(width: number, height: number): Canvas {
  if (!canvasModule) {
    try {
      canvasModule = createRequire(import.meta.url)('@napi-rs/canvas') as typeof import('@napi-rs/canvas');
    } catch (error) {
      throw new Error('rxprop: writing pictures needs the optional package @napi-rs/canvas, which is not installed: npm install @napi-rs/canvas@1', { cause: error });
    }
  }
  return canvasModule.createCanvas(width, height);
}
