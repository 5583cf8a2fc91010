/**
 * Fresh Float64Arrays carved one after the other out of shared ArrayBuffers, never handed out
 * twice: what a sampler needs to emit batches that consumers may keep, without paying a backing
 * store per array. In V8 every `new Float64Array` of more than 64 bytes allocates, zeroes and
 * registers an external buffer with the garbage collector: ~0.45 µs each, as much as the
 * generator's 200 draws of a 100-point 2-D batch (bench/sampler-cost.ts --parts). A view on a
 * slab costs a fraction of that.
 *
 * Buffers grow geometrically from the first request to `capacity` doubles, so a sampler asked for
 * one batch (a fixed batch, a validation set) allocates just that batch, and a stream amortises
 * one allocation over many. The price: an array keeps its whole buffer alive (at most `capacity`
 * doubles, or its own length when larger) for as long as anyone holds it, and its `.buffer` holds
 * the neighbours' data too: read an array through its own offset and length, never the buffer.
 *
 * @example
 * const slab = new Float64Slab(8192);
 * const x = slab.take(200, 300); // zeros, its own 200 doubles for good, with room for 100 more
 * const t = slab.take(100); // in the same buffer
 */
export class Float64Slab {
  #buffer = new ArrayBuffer(0);
  /** Bytes of #buffer handed out so far. */
  #used = 0;

  constructor(
    /** Doubles per buffer once grown (a larger request gets a buffer of its own size). */
    private readonly capacity: number,
  ) {}

  /**
   * `length` zeros of a buffer region no other array from this slab covers. `together` doubles
   * from here fit in one buffer (this array and the next ones, e.g. a batch's inputs and
   * targets), so that a first request gets a buffer of just its size.
   */
  take(length: number, together = length): Float64Array {
    const bytes = 8 * length;
    if (this.#used + 8 * together > this.#buffer.byteLength) {
      const grown = Math.min(8 * this.capacity, 2 * this.#buffer.byteLength);
      this.#buffer = new ArrayBuffer(Math.max(8 * together, grown));
      this.#used = 0;
    }
    const array = new Float64Array(this.#buffer, this.#used, length);
    this.#used += bytes;
    return array;
  }
}
