import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../src/server/TokenBucket.js';

describe('TokenBucket', () => {
  it('lets a burst of `capacity` through, then `perSecond`', () => {
    let now = 0;
    const bucket = new TokenBucket({ perSecond: 10, capacity: 5, now: () => now });
    expect(Array.from({ length: 7 }, () => bucket.take())).toEqual([true, true, true, true, true, false, false]);
    now += 100; // one token back
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    now += 10_000; // never more than the capacity
    expect(Array.from({ length: 6 }, () => bucket.take()).filter(Boolean)).toHaveLength(5);
  });

  it('spends nothing when it refuses', () => {
    let now = 0;
    const bucket = new TokenBucket({ perSecond: 1000, capacity: 100, now: () => now });
    expect(bucket.take(60)).toBe(true);
    expect(bucket.take(60)).toBe(false);
    expect(bucket.take(40)).toBe(true);
    now += 50;
    expect(bucket.take(50)).toBe(true);
  });
});
