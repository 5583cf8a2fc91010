import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { accuracyPng } from '../../src/sinks/accuracyPng.js';
import { formatPercent } from '../../src/sinks/ticks.js';

const orange = [0xe0, 0x7b, 0x00];
const blue = [0x1f, 0x5f, 0xa8];

function inked(png: PNG, colour: number[], tolerance = 40): [number, number][] {
  const found: [number, number][] = [];
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const k = (y * png.width + x) * 4;
      if (colour.every((c, i) => Math.abs(png.data[k + i]! - c) <= tolerance)) found.push([x, y]);
    }
  }
  return found;
}

// Plot area of a 640×400 chart: x ∈ [62, 626], y ∈ [28, 360] (margins 62, 14, 28, 40); accuracy 0 at the bottom, 1 at the top.
const xOf = (step: number, steps: number): number => 62 + ((step - 1) / (steps - 1)) * 564;
const yOf = (accuracy: number): number => 28 + 332 * (1 - accuracy);

describe('accuracyPng', () => {
  it('puts a test dot at each evaluation, at its step and accuracy', () => {
    const training = Float64Array.from({ length: 400 }, (_, k) => 0.2 + 0.6 * (k / 399));
    const test = [{ step: 100, accuracy: 0.5 }, { step: 200, accuracy: 0.7 }, { step: 400, accuracy: 0.9 }];
    const png = PNG.sync.read(accuracyPng(training, test));
    expect([png.width, png.height]).toEqual([640, 400]);
    const dots = inked(png, orange, 30).filter(([, y]) => y < 300); // not the legend (lower right)
    for (const p of test) {
      const [cx, cy] = [xOf(p.step, 400), yOf(p.accuracy)];
      expect(dots.filter(([x, y]) => Math.abs(x - cx) <= 3.5 && Math.abs(y - cy) <= 3.5).length, `dot at step ${p.step}`).toBeGreaterThanOrEqual(30);
    }
    // The training line climbs from 20% at the left to 80% at the right.
    const line = inked(png, blue).filter(([, y]) => y < 350);
    const atLeft = line.filter(([x]) => x <= 64).map(([, y]) => y);
    const atRight = line.filter(([x]) => x >= 624).map(([, y]) => y);
    expect(Math.abs(Math.min(...atLeft) - yOf(0.2))).toBeLessThan(4);
    expect(Math.abs(Math.min(...atRight) - yOf(0.8))).toBeLessThan(4);
  });

  it('draws test accuracies alone when the steps carry no batch accuracy, and survives NaN', () => {
    const png = PNG.sync.read(accuracyPng([], [{ step: 1240, accuracy: Number.NaN }, { step: 620, accuracy: 0.25 }], { steps: 1240 }));
    const dots = inked(png, orange, 30).filter(([, y]) => y < 300);
    expect(dots.length).toBeGreaterThan(30);
    expect(dots.every(([x, y]) => Math.abs(x - xOf(620, 1240)) <= 3.5 && Math.abs(y - yOf(0.25)) <= 3.5)).toBe(true);
  });

  it('formats percentages the same in every locale', () => {
    expect(formatPercent(0.9432)).toBe('94.3%');
    expect(formatPercent(1)).toBe('100.0%');
    expect(formatPercent(0.06666)).toBe('6.7%');
  });
});
