import { describe, expect, it } from 'vitest';
import { Float64Slab } from '../../src/samplers/Float64Slab.js';

describe('Float64Slab', () => {
  it('hands out zeroed arrays of the asked length that never overlap', () => {
    const slab = new Float64Slab(64);
    const arrays = Array.from({ length: 200 }, (_, k) => slab.take(1 + (k % 7)));
    arrays.forEach((a, k) => {
      expect(a.length).toBe(1 + (k % 7));
      expect(a.every((v) => v === 0)).toBe(true);
      a.fill(k);
    });
    arrays.forEach((a, k) => expect(a.every((v) => v === k)).toBe(true));
  });

  it('grows its buffers geometrically from the first request to the capacity; a larger request gets its own', () => {
    const slab = new Float64Slab(16);
    const sizes = Array.from({ length: 8 }, () => slab.take(3)).map((a) => a.buffer.byteLength / 8);
    // 3, then doubled (6, 12), then capped at 16: as many buffers as needed, never shared with a later one.
    expect(sizes).toEqual([3, 6, 6, 12, 12, 12, 12, 16]);
    expect(slab.take(40).buffer.byteLength).toBe(8 * 40);
    expect(slab.take(3).buffer.byteLength).toBe(8 * 16);
  });

  it('keeps arrays taken together in one buffer, the first of them in one of just their size', () => {
    const slab = new Float64Slab(16);
    const [x, t] = [slab.take(4, 6), slab.take(2)];
    expect(t.buffer).toBe(x.buffer);
    expect([x.buffer.byteLength, t.byteOffset]).toEqual([8 * 6, 8 * 4]);
    const [x2, t2] = [slab.take(4, 6), slab.take(2)];
    expect(x2.buffer).not.toBe(x.buffer);
    expect(t2.buffer).toBe(x2.buffer);
    expect([x2.buffer.byteLength, t2.byteOffset]).toEqual([8 * 12, 8 * 4]);
  });
});
