// Precision conversion for the f32 engine's host writes. A JavaScript Float32Array.set from a
// Float64Array converts one element at a time (about 0.5 ns each here: 25 µs for a batch of 64
// MNIST digits, a tenth of an f32 training step); the host copies the doubles into the module's
// memory (a memcpy) and this demotes them four at a time.

/**
 * dst[0..n) (f32) = src[0..n) (f64), each rounded to nearest, ties to even (as Float32Array
 * stores them): values beyond the f32 range become ±Infinity, NaN stays NaN.
 */
export function demoteToF32(src: usize, dst: usize, n: i32): void {
  let k = 0;
  for (; k + 4 <= n; k += 4) {
    const lo = f32x4.demote_f64x2_zero(v128.load(src + (<usize>k << 3)));
    const hi = f32x4.demote_f64x2_zero(v128.load(src + (<usize>k << 3), 16));
    v128.store(dst + (<usize>k << 2), v128.shuffle<i32>(lo, hi, 0, 1, 4, 5));
  }
  for (; k < n; k++) store<f32>(dst + (<usize>k << 2), <f32>load<f64>(src + (<usize>k << 3)));
}
