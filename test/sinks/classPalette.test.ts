import { describe, expect, it } from 'vitest';
import { classColor, classCss, classPalette, confidenceLevels, regionColor, regionPalette } from '../../src/sinks/classPalette.js';

const distance = (a: readonly number[], b: readonly number[]): number => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);
const minDistance = (colours: readonly (readonly number[])[]): number => {
  let min = Infinity;
  for (let a = 0; a < colours.length; a++) for (let b = a + 1; b < colours.length; b++) min = Math.min(min, distance(colours[a]!, colours[b]!));
  return min;
};
const blank = classColor(-1);

describe('classPalette', () => {
  it('has ten colours far apart, orange and blue first (the Playground’s two classes)', () => {
    expect(classPalette).toHaveLength(10);
    // Tableau 10's closest pair (purple, grey) is 56 apart in RGB.
    expect(minDistance(classPalette)).toBeGreaterThan(50);
    expect(classPalette.slice(0, 2)).toEqual([[242, 142, 43], [78, 121, 167]]);
    expect(classCss(1)).toBe('rgb(78,121,167)');
  });

  it('never repeats a colour past ten classes: each round of ten is darker or lighter', () => {
    const colours = Array.from({ length: 100 }, (_, k) => classColor(k));
    expect(new Set(colours.map((c) => c.join())).size).toBe(100);
    expect(colours.some((c) => distance(c, blank) === 0)).toBe(false);
    expect(classColor(10)).toEqual(classPalette[0]!.map((c) => Math.round(0.6 * c))); // 40% towards black
    expect(classColor(20)).toEqual(classPalette[0]!.map((c) => Math.round(c + 0.4 * (255 - c)))); // 40% towards white
    // Twenty classes stay visibly apart.
    expect(minDistance(colours.slice(0, 20))).toBeGreaterThan(20);
    expect(minDistance(Array.from({ length: 20 }, (_, k) => regionColor(k, 1)))).toBeGreaterThan(10);
  });

  it('lists every shade of every class for a GIF palette, beyond ten classes too', () => {
    const colours = regionPalette(12);
    expect(colours).toHaveLength(1 + 12 * (1 + confidenceLevels));
    expect(colours).toContainEqual(regionColor(11, 1));
    expect(colours).toContainEqual(classColor(11));
  });
});
