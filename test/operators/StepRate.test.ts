import { describe, expect, it } from 'vitest';
import { StepRate } from '../../src/operators/StepRate.js';

describe('StepRate', () => {
  it('measures steps per second on the run clock, over about the last second', () => {
    const rate = new StepRate();
    expect(rate.perSecond()).toBe(0);
    // 1 step per ms for 3 s, then 4 steps per ms: the figure follows the recent pace.
    for (let t = 0; t <= 3000; t++) rate.add(t, t);
    expect(rate.perSecond()).toBeCloseTo(1000, 0);
    for (let t = 3001; t <= 5000; t++) rate.add(t, 3000 + 4 * (t - 3000));
    expect(rate.perSecond()).toBeCloseTo(4000, 0);
  });

  it('works from sparse samples (one per message)', () => {
    const rate = new StepRate();
    for (let k = 0; k <= 30; k++) rate.add(k * 100, k * 250);
    expect(rate.perSecond()).toBeCloseTo(2500, 6);
  });
});
