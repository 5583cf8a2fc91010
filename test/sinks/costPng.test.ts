import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { costPng } from '../../src/sinks/costPng.js';
import { costRange } from '../../src/sinks/drawCostChart.js';

const lineBlue = [0x1f, 0x5f, 0xa8];

function inkedColumns(png: PNG, colour: number[], tolerance = 40): Set<number> {
  const columns = new Set<number>();
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const k = (y * png.width + x) * 4;
      if (colour.every((c, i) => Math.abs(png.data[k + i]! - c) <= tolerance)) columns.add(x);
    }
  }
  return columns;
}

describe('costPng', () => {
  const costs = Float64Array.from({ length: 2000 }, (_, k) => 0.05 * Math.exp(-k / 300) + 0.004 + 0.002 * Math.sin(k));

  it('draws a 640×400 chart whose curve spans the plot from the first step to the last', () => {
    const png = PNG.sync.read(costPng(costs, { logScale: true }));
    expect([png.width, png.height]).toEqual([640, 400]);
    const columns = [...inkedColumns(png, lineBlue)];
    expect(Math.min(...columns)).toBeLessThan(70);
    expect(Math.max(...columns)).toBeGreaterThan(620);
  });

  it('marks phase boundaries and draws few steps as a plain line', () => {
    const png = PNG.sync.read(costPng(costs.subarray(0, 50), { phaseStarts: [26] }));
    const red = inkedColumns(png, [0xc0, 0x39, 0x2b], 30);
    expect(red.size).toBeGreaterThan(0);
    // Plot area x ∈ [62, 626] (margins 62 and 14); step 26 of 50 sits 25/49 of the way along.
    const at = 62 + (25 / 49) * 564;
    expect([...red].every((x) => Math.abs(x - at) < 2)).toBe(true);
  });

  it('survives diverged and non-positive costs', () => {
    const bad = [0.1, 0, -1, Number.NaN, Number.POSITIVE_INFINITY, 0.01];
    expect(PNG.sync.read(costPng(bad, { logScale: true })).width).toBe(640);
    expect(costRange(bad, true)).toEqual([0.01, 0.1]);
    expect(costRange([], false)).toEqual([0, 1]);
    expect(costRange([0.5, 0.1, 0.02], true)).toEqual([0.01, 1]);
    expect(costRange([0.5, 0.1], false)).toEqual([0, 0.5]);
  });
});
