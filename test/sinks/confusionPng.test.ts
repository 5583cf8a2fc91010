import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { confusionMatrix } from '../../src/sinks/confusionMatrix.js';
import { confusionPng } from '../../src/sinks/confusionPng.js';

function pixel(png: PNG, x: number, y: number): number[] {
  const k = (y * png.width + x) * 4;
  return [png.data[k]!, png.data[k + 1]!, png.data[k + 2]!];
}

describe('confusionMatrix', () => {
  it('counts (true, predicted) pairs', () => {
    const m = confusionMatrix([0, 1, 1, 2, 2, 2], [0, 1, 0, 2, 2, 1], 3);
    expect([...m.counts]).toEqual([1, 0, 0, 1, 1, 0, 0, 1, 2]);
    expect([m.right, m.total]).toEqual([4, 6]);
  });

  it('refuses classes out of range and lengths that differ', () => {
    expect(() => confusionMatrix([0, 3], [0, 1], 3)).toThrow(/sample 1 has classes 3 → 1/);
    expect(() => confusionMatrix([0], [0, 1], 3)).toThrow(/1 true classes but 2 predictions/);
  });
});

describe('confusionPng', () => {
  // 10 classes: 100 right per class, and 30 sevens taken for ones, 3 fours for nines.
  const actual: number[] = [];
  const predicted: number[] = [];
  for (let d = 0; d < 10; d++) for (let k = 0; k < 100; k++) (actual.push(d), predicted.push(d));
  for (let k = 0; k < 30; k++) (actual.push(7), predicted.push(1));
  for (let k = 0; k < 3; k++) (actual.push(4), predicted.push(9));
  const png = PNG.sync.read(confusionPng(confusionMatrix(actual, predicted, 10)));
  // Cells of 40 px from (58, 58); sample near a cell's corner, away from its number.
  const cell = (t: number, p: number): number[] => pixel(png, 58 + 40 * p + 4, 58 + 40 * t + 4);

  it('colours right answers blue, mistakes red by their count, and leaves empty cells white', () => {
    expect([png.width, png.height]).toEqual([480, 470]);
    const blueish = (c: number[]): boolean => c[2]! > c[0]! + 60;
    const redness = (c: number[]): number => c[0]! - c[2]!;
    for (let d = 0; d < 10; d++) expect(blueish(cell(d, d)), `cell ${d},${d}`).toBe(true);
    expect(redness(cell(7, 1))).toBeGreaterThan(100);
    expect(redness(cell(4, 9))).toBeGreaterThan(10);
    expect(redness(cell(4, 9))).toBeLessThan(redness(cell(7, 1)));
    expect(cell(0, 5)).toEqual([255, 255, 255]);
    expect(cell(1, 7)).toEqual([255, 255, 255]); // the transpose of a mistake is not one
    // Seven's row: 100 of 130 right is a paler blue than a row that is all right.
    expect(cell(7, 7)[0]!).toBeGreaterThan(cell(0, 0)[0]!);
  });
});
