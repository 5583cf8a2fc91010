/**
 * xoroshiro128+ in a tiny WebAssembly module, for long fills. JavaScript has no 64-bit integers
 * that are fast, so its generator steps on 32-bit halves and builds each double from two
 * int → double conversions (about 3.8 ns a draw here); the module keeps the state in two i64
 * locals and spends about a nanosecond. It is 171 bytes, hand-assembled below, so it compiles
 * synchronously everywhere (browsers allow that on the main thread up to 4 KB) with no file to
 * fetch. Where WebAssembly is missing or refused (a Content-Security-Policy without
 * 'wasm-unsafe-eval'), {@link wasmXoroshiro} returns undefined and the caller keeps its
 * JavaScript loop, which draws the same bits.
 *
 * The module's memory (one page): s0 as an i64 at byte 0, s1 at byte 8, then up to
 * {@link wasmXoroshiroCapacity} doubles from byte 16. `fill(n)` reads the state, writes n doubles,
 * and stores the state back.
 */

/** What the module exports, with typed views of its memory. */
export interface WasmXoroshiro {
  /** Draws n ≤ capacity doubles into `doubles[0..n)`, stepping the state in `words`. */
  fill(n: number): void;
  /** The state as four int32 words, little-endian: low and high half of s0, then of s1. */
  readonly words: Int32Array;
  /** The output buffer. */
  readonly doubles: Float64Array;
}

/** Doubles one `fill` call may write: the page less the state, a multiple of 8 (64-byte lines). */
export const wasmXoroshiroCapacity = 8184;

// One function, fill(n: i32), in WebAssembly's binary format. Locals: 0 n, 1 s0, 2 s1, 3 x, 4 p, 5 end.
// prettier-ignore
const bytes = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x05, 0x01, 0x60, 0x01, 0x7f, 0x00, // types: (i32) → ()
  0x03, 0x02, 0x01, 0x00, // functions: one of type 0
  0x05, 0x03, 0x01, 0x00, 0x01, // memory: one page, no maximum
  0x07, 0x11, 0x02, // exports: two
  0x04, 0x66, 0x69, 0x6c, 0x6c, 0x00, 0x00, // "fill": function 0
  0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, // "memory": memory 0
  0x0a, 0x7e, 0x01, // code: one body of 126 bytes
  0x7c, 0x02, 0x03, 0x7e, 0x02, 0x7f, // body size 124; locals: 3 × i64, 2 × i32
  0x41, 0x00, 0x29, 0x03, 0x00, 0x21, 0x01, // s0 = i64.load(0)
  0x41, 0x00, 0x29, 0x03, 0x08, 0x21, 0x02, // s1 = i64.load(8)
  0x41, 0x10, 0x21, 0x04, // p = 16
  0x20, 0x00, 0x41, 0x03, 0x74, 0x41, 0x10, 0x6a, 0x21, 0x05, // end = (n << 3) + 16
  0x02, 0x40, 0x03, 0x40, // block, loop
  0x20, 0x04, 0x20, 0x05, 0x4f, 0x0d, 0x01, // if p ≥ end: break
  0x20, 0x04, // f64.store(p, …
  0x20, 0x01, 0x20, 0x02, 0x7c, 0x42, 0x0b, 0x88, // (s0 + s1) >>> 11
  0xb9, 0x44, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xa0, 0x3c, 0xa2, // → f64 (exact, < 2^53), × 2^-53
  0x39, 0x03, 0x00, // …)
  0x20, 0x02, 0x20, 0x01, 0x85, 0x21, 0x03, // x = s1 ^ s0
  0x20, 0x01, 0x42, 0x18, 0x89, 0x20, 0x03, 0x85, // s0 = rotl(s0, 24) ^ x
  0x20, 0x03, 0x42, 0x10, 0x86, 0x85, 0x21, 0x01, //      ^ (x << 16)
  0x20, 0x03, 0x42, 0x25, 0x89, 0x21, 0x02, // s1 = rotl(x, 37)
  0x20, 0x04, 0x41, 0x08, 0x6a, 0x21, 0x04, // p += 8
  0x0c, 0x00, 0x0b, 0x0b, // continue; end loop, end block
  0x41, 0x00, 0x20, 0x01, 0x37, 0x03, 0x00, // i64.store(0, s0)
  0x41, 0x00, 0x20, 0x02, 0x37, 0x03, 0x08, // i64.store(8, s1)
  0x0b, // end
]);

let instance: WasmXoroshiro | null | undefined;

/**
 * The module, instantiated on first use (one per JavaScript realm), or undefined where
 * WebAssembly cannot run.
 *
 * @example
 * const kernel = wasmXoroshiro();
 * if (kernel) { kernel.words.set([lo0, hi0, lo1, hi1]); kernel.fill(100); kernel.doubles[0]; }
 */
export function wasmXoroshiro(): WasmXoroshiro | undefined {
  if (instance === undefined) instance = instantiate();
  return instance ?? undefined;
}

function instantiate(): WasmXoroshiro | null {
  try {
    const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as { fill(n: number): void; memory: WebAssembly.Memory };
    const buffer = exports.memory.buffer;
    return { fill: exports.fill, words: new Int32Array(buffer, 0, 4), doubles: new Float64Array(buffer, 16, wasmXoroshiroCapacity) };
  } catch {
    return null;
  }
}
