import { createCanvas } from '@napi-rs/canvas';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { drawMisclassified, misclassifiedLayout } from '../../src/sinks/drawMisclassified.js';
import { misclassifiedPng } from '../../src/sinks/misclassifiedPng.js';

/** n 4×4 images; image i has one lit pixel, at row ⌊i/4⌋ mod 4, column i mod 4. */
function images(n: number): Float64Array {
  const x = new Float64Array(n * 16);
  for (let i = 0; i < n; i++) x[i * 16 + (i % 16)] = 1;
  return x;
}

function dark(png: PNG, x: number, y: number): boolean {
  const k = (y * png.width + x) * 4;
  return png.data[k]! < 40 && png.data[k + 1]! < 40 && png.data[k + 2]! < 40;
}

describe('misclassifiedPng', () => {
  it('shows each wrong image in its tile, its lit pixel in place, and no right one', () => {
    const n = 12;
    const actual = Array.from({ length: n }, (_, i) => i % 10);
    const predicted = actual.map((a, i) => (i === 2 || i === 5 || i === 11 ? (a + 1) % 10 : a));
    const png = PNG.sync.read(misclassifiedPng({ images: images(n), width: 4, height: 4, actual, predicted }));
    // Tiles of 12×(12 + 18) px, 8 per row, 10 px apart from x = 10, y = 34; one row of 3.
    expect([png.width, png.height]).toEqual([8 * 22 + 10, 34 + 40 + 10]);
    const tileX = (k: number): number => 10 + k * 22;
    [2, 5, 11].forEach((i, k) => {
      const [row, col] = [Math.floor((i % 16) / 4), i % 4];
      expect(dark(png, tileX(k) + col * 3 + 1, 34 + row * 3 + 1), `image ${i}`).toBe(true);
      // Nothing else dark in the image area.
      let others = 0;
      for (let y = 34; y < 34 + 12; y++) for (let x = tileX(k); x < tileX(k) + 12; x++) if (dark(png, x, y)) others++;
      expect(others).toBe(9);
    });
    for (let y = 34; y < 34 + 12; y++) for (let x = tileX(3); x < tileX(8) - 10; x++) expect(dark(png, x, y)).toBe(false);
  });

  it('shows an even spread of the wrong ones when they outnumber the tiles', () => {
    const n = 100;
    const actual = Array.from({ length: n }, (_, i) => Math.floor(i / 10));
    const predicted = actual.map((a) => (a + 1) % 10); // all wrong, grouped by class
    const rect = { x: 0, y: 0, width: 4 * 22 + 10, height: 34 + 2 * 40 + 10 };
    expect(misclassifiedLayout(rect, { width: 4, height: 4 }).capacity).toBe(8);
    const canvas = createCanvas(rect.width, rect.height);
    const shown = drawMisclassified(canvas.getContext('2d'), { images: images(n), width: 4, height: 4, actual, predicted }, rect);
    expect(shown).toEqual([0, 12, 25, 37, 50, 62, 75, 87]);
  });
});
