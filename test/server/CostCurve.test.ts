import { describe, expect, it } from 'vitest';
import { CostCurve } from '../../src/server/CostCurve.js';

const step = (n: number) => ({ step: n, cost: 1 / n, batchSize: 10, time: n * 2 });

describe('CostCurve', () => {
  it('keeps every step until full', () => {
    const curve = new CostCurve(8);
    for (let n = 1; n <= 8; n++) curve.add(step(n));
    expect(curve.points()).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n) => [n, 1 / n, 10, n * 2]));
  });

  it('stays within capacity (+ the latest step) however long the run, evenly spread from the first step', () => {
    for (const capacity of [2, 7, 8, 500]) {
      const curve = new CostCurve(capacity);
      for (let n = 1; n <= 100_003; n++) curve.add(step(n));
      const steps = curve.points().map(([s]) => s);
      expect(steps.length).toBeLessThanOrEqual(capacity + 1);
      expect(steps.length).toBeGreaterThanOrEqual(Math.floor(capacity / 2));
      expect(steps[0]).toBe(1);
      expect(steps.at(-1)).toBe(100_003);
      const gaps = new Set(steps.slice(1, -1).map((s, k) => s - steps[k]!));
      expect(gaps.size).toBeLessThanOrEqual(1); // one stride between kept points
    }
  });

  it('forgets everything on clear', () => {
    const curve = new CostCurve(4);
    for (let n = 1; n <= 10; n++) curve.add(step(n));
    curve.clear();
    expect(curve.points()).toEqual([]);
    expect(curve.latest).toBeUndefined();
    curve.add(step(11));
    expect(curve.points()).toEqual([[11, 1 / 11, 10, 22]]);
  });
});
