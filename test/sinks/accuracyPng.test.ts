import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { accuracyPng } from '../../src/sinks/accuracyPng.js';
import { accuracyRange } from '../../src/sinks/drawAccuracyChart.js';
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

// Plot area of a 640×400 chart: x ∈ [62, 626], y ∈ [28, 360] (margins 62, 14, 28, 40); accuracy `low` at the bottom, 1 at the top.
const xOf = (step: number, steps: number): number => 62 + ((step - 1) / (steps - 1)) * 564;
const yOf = (accuracy: number, low: number): number => 28 + (332 * (1 - accuracy)) / (1 - low);

describe('accuracyPng', () => {
  it('puts a test dot at each evaluation, at its step and accuracy', () => {
    const training = Float64Array.from({ length: 400 }, (_, k) => 0.2 + 0.6 * (k / 399));
    const test = [{ step: 100, accuracy: 0.5 }, { step: 200, accuracy: 0.7 }, { step: 400, accuracy: 0.9 }];
    const png = PNG.sync.read(accuracyPng(training, test));
    expect([png.width, png.height]).toEqual([640, 400]);
    const dots = inked(png, orange, 30).filter(([, y]) => y < 300); // not the legend (lower right)
    for (const p of test) {
      // The axis starts at 20%: the tenth below the training accuracies' 5th percentile (23%).
      const [cx, cy] = [xOf(p.step, 400), yOf(p.accuracy, 0.2)];
      expect(dots.filter(([x, y]) => Math.abs(x - cx) <= 3.5 && Math.abs(y - cy) <= 3.5).length, `dot at step ${p.step}`).toBeGreaterThanOrEqual(30);
    }
    // The training line climbs from 20% (the bottom) at the left to 80% at the right.
    const line = inked(png, blue).filter(([, y]) => y <= 361);
    const atLeft = line.filter(([x]) => x <= 64).map(([, y]) => y);
    const atRight = line.filter(([x]) => x >= 624).map(([, y]) => y);
    expect(Math.abs(Math.min(...atLeft) - yOf(0.2, 0.2))).toBeLessThan(4);
    expect(Math.abs(Math.min(...atRight) - yOf(0.8, 0.2))).toBeLessThan(4);
  });

  it('draws test accuracies alone when the steps carry no batch accuracy, and survives NaN', () => {
    const png = PNG.sync.read(accuracyPng([], [{ step: 1240, accuracy: Number.NaN }, { step: 620, accuracy: 0.25 }], { steps: 1240 }));
    const dots = inked(png, orange, 30).filter(([x]) => x < 420); // not the legend (lower right)
    expect(dots.length).toBeGreaterThan(30);
    expect(dots.every(([x, y]) => Math.abs(x - xOf(620, 1240)) <= 3.5 && Math.abs(y - yOf(0.25, 0.2)) <= 3.5)).toBe(true);
  });

  it('starts its axis at the tenth below most accuracies, so late gains show', () => {
    // 1000 steps: the first 30 climb from 10%, the rest sit at 90–100%.
    const training = Float64Array.from({ length: 1000 }, (_, k) => (k < 30 ? 0.1 + 0.8 * (k / 30) : 0.9 + 0.1 * ((k * 7) % 10) / 10));
    expect(accuracyRange(training, [{ step: 500, accuracy: 0.93 }])).toEqual([0.9, 1]);
    expect(accuracyRange(training, [{ step: 500, accuracy: 0.87 }])).toEqual([0.8, 1]);
    expect(accuracyRange([], [{ step: 5, accuracy: 0.05 }, { step: 6, accuracy: Number.NaN }])).toEqual([0, 1]);
    expect(accuracyRange([], [])).toEqual([0.9, 1]);
  });

  it('formats percentages the same in every locale', () => {
    expect(formatPercent(0.9432)).toBe('94.3%');
    expect(formatPercent(1)).toBe('100.0%');
    expect(formatPercent(0.06666)).toBe('6.7%');
  });
});
