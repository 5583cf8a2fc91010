import { InputError } from '../errors/InputError.js';
import { wasmXoroshiro, wasmXoroshiroCapacity, type WasmXoroshiro } from './wasmXoroshiro.js';

/**
 * A source of uniform doubles in [0, 1). Everything random in rxprop takes one, so a seed fixes
 * every bit of a run. `fill` is optional: samplers use it when present (see {@link fillUniform}).
 *
 * @example
 * const random = seededRandom(42);
 * random.next(); // same value on every machine
 */
export interface Random {
  next(): number;
  /** Writes the next `end − start` draws to `out[start..end)`, exactly as that many `next()` calls would. */
  fill?(out: Float64Array, start: number, end: number): void;
}

/** A double from the upper 53 bits of a 64-bit output: 26 bits × 2^-26 + 27 bits × 2^-53. */
const scale26 = 2 ** -26;
const scale53 = 2 ** -53;

/**
 * A seeded generator: xoroshiro128+ (Blackman and Vigna, 2018: a = 24, b = 16, c = 37), each
 * double made of the upper 53 bits of one 64-bit output, as its authors recommend (the lowest
 * bits of a + generator are its weakest). Same seed ⇒ same sequence; a test holds it to a BigInt
 * transcription of the reference C code.
 *
 * Written here, not taken from a package, because samplers draw hundreds of thousands of values
 * per batch: on 32-bit halves with the state in registers during `fill`, a double costs one
 * generator step. (pure-rand's xoroshiro keeps its state in object fields and its uniformFloat64
 * spends two 32-bit outputs, the low halves, on each double: 1.6× slower here.)
 *
 * @example
 * seededRandom(1).next() === seededRandom(1).next(); // true
 */
export function seededRandom(seed: number): SeededRandom {
  if (!Number.isSafeInteger(seed)) throw new InputError('seed', `must be an integer (a safe one, within ±2^53), got ${String(seed)}`, 'e.g. seededRandom(1)');
  // xoroshiro's first outputs from a small raw seed are poor: spread the seed over the 128-bit
  // state with splitmix32 first.
  let s = seed | 0;
  const splitmix32 = (): number => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) | 0;
  };
  const state: [number, number, number, number] = [splitmix32(), splitmix32(), splitmix32(), splitmix32()];
  if (seed < -(2 ** 31) || seed >= 2 ** 31) {
    // A seed beyond 32 bits (Date.now(), say) has its high part spread over the state too, by a
    // stream of its own: `seed | 0` alone made 2^32 + 1 the same run as 1. 32-bit seeds keep the
    // streams they always had.
    s = Math.floor(seed / 2 ** 32) ^ 0x5bd1e995;
    for (let k = 0; k < 4; k++) state[k] = state[k]! ^ splitmix32();
  }
  return new Xoroshiro128Plus(state);
}

/**
 * A generator's whole state: xoroshiro128+'s 128 bits as four signed 32-bit words (high and low
 * half of s0, then of s1). Plain numbers, so a checkpoint holds it as JSON.
 *
 * @example
 * const saved: RandomState = seededRandom(1).state();
 */
export type RandomState = readonly [number, number, number, number];

/**
 * A {@link Random} whose state can be read and restored: what checkpoints need to continue a
 * sampler's draws exactly where they stopped.
 *
 * @example
 * const random = seededRandom(1); const saved = random.state(); random.next();
 * restoreRandom(saved).next() === seededRandom(1).next(); // true
 */
export interface SeededRandom extends Random {
  fill(out: Float64Array, start: number, end: number): void;
  /** The state now, as a new array. */
  state(): RandomState;
  /** Copies the state into `out[0..4)` (nothing allocated: for per-batch bookkeeping). */
  saveState(out: Int32Array): void;
  /** Sets the state to one read with {@link SeededRandom.state} or {@link SeededRandom.saveState}. */
  setState(state: ArrayLike<number>): void;
}

/**
 * A generator continuing from a saved state: it draws what the saved one would have drawn next.
 * The state is checked (four 32-bit integers, not all zero) so a corrupt checkpoint fails here.
 *
 * @example
 * const copy = restoreRandom(random.state());
 */
export function restoreRandom(state: ArrayLike<number>, field = 'random'): SeededRandom {
  if (!isRandomState(state)) {
    throw new InputError(field, `must be a generator state of four 32-bit integers, not all zero, got ${JSON.stringify(state)}`, 'use the state a checkpoint saved');
  }
  return new Xoroshiro128Plus([state[0]!, state[1]!, state[2]!, state[3]!]);
}

/** Whether `state` is four 32-bit integers, not all zero (the generator's fixed point). */
function isRandomState(state: unknown): state is RandomState {
  const words = state as ArrayLike<unknown> | null | undefined;
  if (words == null || words.length !== 4) return false;
  let any = false;
  for (let k = 0; k < 4; k++) {
    const w = words[k];
    if (typeof w !== 'number' || !Number.isInteger(w) || w < -(2 ** 31) || w >= 2 ** 31) return false;
    any ||= w !== 0;
  }
  return any;
}

/** xoroshiro128+ on 32-bit halves. State words: high and low half of s0, then of s1. */
class Xoroshiro128Plus implements SeededRandom {
  readonly #s: Int32Array;
  readonly #one = new Float64Array(1);

  constructor(state: readonly [number, number, number, number]) {
    this.#s = Int32Array.from(state);
    // The all-zero state is the generator's one fixed point.
    if (this.#s.every((w) => w === 0)) this.#s[3] = 1;
  }

  state(): RandomState {
    const s = this.#s;
    return [s[0]!, s[1]!, s[2]!, s[3]!];
  }

  saveState(out: Int32Array): void {
    out.set(this.#s);
  }

  setState(state: ArrayLike<number>): void {
    for (let k = 0; k < 4; k++) this.#s[k] = state[k]!;
  }

  next(): number {
    this.#fillJs(this.#one, 0, 1);
    return this.#one[0]!;
  }

  fill(out: Float64Array, start: number, end: number): void {
    // Checked once a call (not a draw): both paths then write exactly out[start..end) and draw as
    // many values, where a bad range would be ignored by one and thrown at by the other.
    if (!(out instanceof Float64Array)) throw new TypeError(`fill: out must be a Float64Array, got ${Object.prototype.toString.call(out)}`);
    if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= out.length)) {
      throw new RangeError(`fill: [${String(start)}, ${String(end)}) is not a range of out's ${out.length} values`);
    }
    const kernel = end - start >= wasmMinDraws ? wasmXoroshiro() : undefined;
    if (kernel) this.#fillWasm(kernel, out, start, end);
    else this.#fillJs(out, start, end);
  }

  /** The generator in JavaScript, on 32-bit halves with the state in registers. */
  #fillJs(out: Float64Array, start: number, end: number): void {
    const s = this.#s;
    let s0hi = s[0]!;
    let s0lo = s[1]!;
    let s1hi = s[2]!;
    let s1lo = s[3]!;
    for (let k = start; k < end; k++) {
      // result = s0 + s1 (64-bit: the low halves' carry is the top bit of their majority); its
      // upper 53 bits as 26 + 27 bits, all int32 arithmetic.
      const lo = (s0lo + s1lo) | 0;
      const carry = ((s0lo & s1lo) | ((s0lo | s1lo) & ~lo)) >>> 31;
      const hi = (s0hi + s1hi + carry) | 0;
      out[k] = (hi >>> 6) * scale26 + (((hi & 63) << 21) | (lo >>> 11)) * scale53;
      // s1 ^= s0; s0 = rotl(s0, 24) ^ s1 ^ (s1 << 16); s1 = rotl(s1, 37).
      const xhi = s1hi ^ s0hi;
      const xlo = s1lo ^ s0lo;
      const rhi = (s0hi << 24) | (s0lo >>> 8);
      const rlo = (s0lo << 24) | (s0hi >>> 8);
      s0hi = rhi ^ xhi ^ ((xhi << 16) | (xlo >>> 16));
      s0lo = rlo ^ xlo ^ (xlo << 16);
      // rotl by 37 = swap the halves, then rotl by 5.
      s1hi = (xlo << 5) | (xhi >>> 27);
      s1lo = (xhi << 5) | (xlo >>> 27);
    }
    s[0] = s0hi;
    s[1] = s0lo;
    s[2] = s1hi;
    s[3] = s1lo;
  }

  /** The same draws by the WebAssembly module, a buffer at a time. */
  #fillWasm(kernel: WasmXoroshiro, out: Float64Array, start: number, end: number): void {
    const s = this.#s;
    const words = kernel.words;
    // The module keeps each half of the state as one little-endian i64: low word first.
    words[0] = s[1]!;
    words[1] = s[0]!;
    words[2] = s[3]!;
    words[3] = s[2]!;
    for (let k = start; k < end; k += wasmXoroshiroCapacity) {
      const n = Math.min(wasmXoroshiroCapacity, end - k);
      kernel.fill(n);
      out.set(n === wasmXoroshiroCapacity ? kernel.doubles : kernel.doubles.subarray(0, n), k);
    }
    s[0] = words[1]!;
    s[1] = words[0]!;
    s[2] = words[3]!;
    s[3] = words[2]!;
  }
}

/**
 * Fewest draws a `fill` hands to the WebAssembly generator: below this the call and the copy out
 * cost more than the JavaScript loop saves (about 2.5 ns a draw).
 */
const wasmMinDraws = 32;

/**
 * Fills `out[start..end)` with the next draws of `random`: its `fill` when it has one, else
 * `next()` one by one (same values either way).
 *
 * @example
 * const x = new Float64Array(200); fillUniform(seededRandom(1), x, 0, x.length);
 */
export function fillUniform(random: Random, out: Float64Array, start: number, end: number): void {
  if (random.fill) return random.fill(out, start, end);
  for (let k = start; k < end; k++) out[k] = random.next();
}

/**
 * A double uniform in [lo, hi).
 *
 * @example
 * uniform(seededRandom(1), -0.5, 0.5);
 */
export function uniform(random: Random, lo: number, hi: number): number {
  return lo + (hi - lo) * random.next();
}
