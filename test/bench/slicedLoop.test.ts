import { describe, expect, it } from 'vitest';
import { slicedLoop } from '../../bench/slicedLoop.js';

const busy = (ms: number): void => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

describe('slicedLoop', () => {
  it('runs the step exactly `steps` times and returns µs per step', async () => {
    let calls = 0;
    const us = await slicedLoop(40, () => {
      calls++;
      busy(0.1);
    });
    expect(calls).toBe(40);
    expect(us).toBeGreaterThanOrEqual(100);
  });

  it('lets the event loop run between slices, not between every step', async () => {
    let turns = 0;
    let calls = 0;
    const ticker = setInterval(() => turns++, 0);
    // 60 steps of 1 ms in slices of 10 ms: the interval fires between slices, about 6 times.
    await slicedLoop(60, () => {
      calls++;
      busy(1);
    }, 10);
    clearInterval(ticker);
    expect(calls).toBe(60);
    expect(turns).toBeGreaterThanOrEqual(3);
    expect(turns).toBeLessThan(30);
  });

  it('never yields in a loop shorter than one slice', async () => {
    let fired = false;
    setImmediate(() => (fired = true));
    await slicedLoop(5, () => busy(0.01), 1000);
    expect(fired).toBe(false);
  });
});
