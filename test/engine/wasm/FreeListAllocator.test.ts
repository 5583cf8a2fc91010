import { describe, expect, it } from 'vitest';
import { FreeListAllocator } from '../../../src/engine/wasm/FreeListAllocator.js';

describe('FreeListAllocator', () => {
  it('hands out aligned, disjoint ranges first-fit', () => {
    const heap = new FreeListAllocator(1000, 1000 + 64 * 10);
    const a = heap.allocate(1)!;
    const b = heap.allocate(65)!;
    const c = heap.allocate(64)!;
    expect([a, b, c]).toEqual([1024, 1088, 1216]);
    expect(heap.used).toBe(64 * 4);
    expect(heap.capacity).toBe(1640 - 1024);
  });

  it('returns undefined when no free range is large enough', () => {
    const heap = new FreeListAllocator(0, 256);
    expect(heap.allocate(256)).toBe(0);
    expect(heap.allocate(1)).toBeUndefined();
  });

  it('merges released neighbours so a large range fits again', () => {
    const heap = new FreeListAllocator(0, 64 * 4);
    const ranges = [0, 1, 2, 3].map(() => heap.allocate(64)!);
    heap.release(ranges[1]!);
    heap.release(ranges[3]!);
    expect(heap.allocate(128)).toBeUndefined();
    heap.release(ranges[2]!); // joins 1 and 3
    expect(heap.allocate(192)).toBe(64);
    heap.release(ranges[0]!);
    heap.release(64);
    expect(heap.used).toBe(0);
    expect(heap.allocate(256)).toBe(0);
  });

  it('refuses to release what it did not hand out, or twice', () => {
    const heap = new FreeListAllocator(0, 1024);
    const p = heap.allocate(10)!;
    heap.release(p);
    expect(() => heap.release(p)).toThrow(/released twice/);
    expect(() => heap.release(12)).toThrow(/no live allocation at offset 12/);
  });
});
