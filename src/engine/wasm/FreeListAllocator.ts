/**
 * First-fit allocation of byte ranges inside a fixed region (a WebAssembly memory declared at full
 * size: it never grows, because growing detaches every view of it and makes V8 slow down every
 * typed-array loop in the process). Freed ranges are merged with their free neighbours.
 *
 * @example
 * const heap = new FreeListAllocator(1024, 1 << 20);
 * const p = heap.allocate(800); // 1024
 * heap.release(p);
 */
export class FreeListAllocator {
  /** Free ranges, sorted by offset, never adjacent. */
  readonly #free: { offset: number; size: number }[];
  readonly #live = new Map<number, number>();
  #used = 0;

  constructor(
    readonly start: number,
    readonly end: number,
    /** Every range starts on a multiple of this (a cache line: SIMD loads never straddle one needlessly). */
    readonly alignment = 64,
  ) {
    const first = Math.ceil(start / alignment) * alignment;
    this.#free = first < end ? [{ offset: first, size: end - first }] : [];
  }

  /** Bytes in live ranges (each rounded up to the alignment). */
  get used(): number {
    return this.#used;
  }

  /** Bytes the region can hand out in total. */
  get capacity(): number {
    return this.end - Math.ceil(this.start / this.alignment) * this.alignment;
  }

  /** The offset of a new range of at least `bytes` bytes, or undefined when no free range is large enough. */
  allocate(bytes: number): number | undefined {
    const size = Math.max(this.alignment, Math.ceil(bytes / this.alignment) * this.alignment);
    const k = this.#free.findIndex((range) => range.size >= size);
    if (k < 0) return undefined;
    const range = this.#free[k]!;
    const offset = range.offset;
    if (range.size === size) this.#free.splice(k, 1);
    else {
      range.offset += size;
      range.size -= size;
    }
    this.#live.set(offset, size);
    this.#used += size;
    return offset;
  }

  /** Returns a range made by {@link FreeListAllocator.allocate}; releasing anything else throws. */
  release(offset: number): void {
    const size = this.#live.get(offset);
    if (size === undefined) throw new Error(`no live allocation at offset ${offset} (released twice?)`);
    this.#live.delete(offset);
    this.#used -= size;
    const free = this.#free;
    let k = 0;
    while (k < free.length && free[k]!.offset < offset) k++;
    const before = free[k - 1];
    const after = free[k];
    if (before && before.offset + before.size === offset) {
      before.size += size;
      if (after && offset + size === after.offset) {
        before.size += after.size;
        free.splice(k, 1);
      }
    } else if (after && offset + size === after.offset) {
      after.offset = offset;
      after.size += size;
    } else {
      free.splice(k, 0, { offset, size });
    }
  }
}
