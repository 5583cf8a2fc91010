import { describe, expect, it } from 'vitest';
import { CoreRoundTrip } from '../../bench/coreRoundTrip.js';

describe('CoreRoundTrip', () => {
  // Few rounds: with the suite's other files on the cores, a round trip can wait for a time slice.
  it('measures a round trip to a worker thread in nanoseconds, and close() ends the worker', async () => {
    const roundTrip = await CoreRoundTrip.start();
    const ns = roundTrip.measure(50);
    expect(Number.isFinite(ns)).toBe(true);
    expect(ns).toBeGreaterThan(1); // two atomic stores and loads across threads take more than a nanosecond
    await expect(roundTrip.close()).resolves.toBeUndefined();
  });
});
