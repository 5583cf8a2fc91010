// The parts of e^x on a vector, for x ≤ 0 (what sigmoid and tanh need), as a ratio that the
// activations finish with the one division they make anyway:
//   x = k·ln2 + r, |r| ≤ ln2/2 (Cody–Waite: ln2 in a high part whose products with k are exact,
//   and a low part), e^r = P/Q with Q = 2 − c, P = Q + 2r and c = r − r²·R(r²) (the form of
//   FreeBSD's e_exp.c and e_expf.c, whose minimax coefficients R has: degree 4 in r² in f64,
//   1 in f32), and 2^k written into the exponent bits.
// No table gathers, no rounding or conversion instructions: k comes out of one multiply-add with a
// "magic" constant 1.5·2^p (p the mantissa width) that rounds x·log2(e) to an integer and leaves
// k plus the exponent bias in the low bits, so shifting those bits into the exponent field is 2^k.

import { madd } from './simd';

// The constants as splatted vectors in memory: V8 rebuilds every v128 constant inside a loop
// (3 instructions each), a load from a table is one. Rows (16 bytes each, by byte offset):
//   0 log2(e)   16 −ln2 high   32 −ln2 low   48 sigmoid's lower clamp   64 sigmoid's magic (bias + c)
//   80 2^−c     96 tanh's lower clamp         112 tanh's magic (bias)
//   128 1       144 2 (Q = 2 − c)   160 −0 (the sign bit)
//   176… −R's coefficients, constant term first.
// The magic constants are 1.5·2^p plus the exponent bias (plus c for the sigmoid). The sigmoid
// scales by 2^(k+c) and then by 2^−c (c = 64 in f64, 32 in f32), so that results that end
// subnormal (x down to −745 in f64, −104 in f32) are rounded into that range once, at the last
// multiply, while 2^(k+c) is a normal number. Below its clamp e^x is 0 (e^−746 < 2^−1075 and
// e^−104 < 2^−150 round to 0). tanh clamps e^x at −40 in f64 and −20 in f32, where it is below
// half an ulp of 1 (tanh is ±1), so its 2^k stays normal.
const TABLE64 = memory.data<f64>([
  1.4426950408889634, 1.4426950408889634, -0.6931471803691238, -0.6931471803691238, -1.9082149292705877e-10, -1.9082149292705877e-10,
  -746.0, -746.0, 6755399441056831.0, 6755399441056831.0, 5.421010862427522e-20, 5.421010862427522e-20,
  -40.0, -40.0, 6755399441056767.0, 6755399441056767.0, 1.0, 1.0, 2.0, 2.0, -0.0, -0.0,
  -1.66666666666666019037e-01, -1.66666666666666019037e-01, 2.77777777770155933842e-03, 2.77777777770155933842e-03,
  -6.61375632143793436117e-05, -6.61375632143793436117e-05, 1.65339022054652515390e-06, 1.65339022054652515390e-06,
  -4.13813679705723846039e-08, -4.13813679705723846039e-08,
], 16);
const TABLE32 = memory.data<f32>([
  1.4426950408889634, 1.4426950408889634, 1.4426950408889634, 1.4426950408889634, -0.693359375, -0.693359375, -0.693359375, -0.693359375,
  0.00021219444, 0.00021219444, 0.00021219444, 0.00021219444, -104.0, -104.0, -104.0, -104.0,
  12583071.0, 12583071.0, 12583071.0, 12583071.0, 2.3283064365386963e-10, 2.3283064365386963e-10, 2.3283064365386963e-10, 2.3283064365386963e-10,
  -20.0, -20.0, -20.0, -20.0, 12583039.0, 12583039.0, 12583039.0, 12583039.0,
  1.0, 1.0, 1.0, 1.0, 2.0, 2.0, 2.0, 2.0, -0.0, -0.0, -0.0, -0.0,
  -1.6666625440e-1, -1.6666625440e-1, -1.6666625440e-1, -1.6666625440e-1, 2.7667332906e-3, 2.7667332906e-3, 2.7667332906e-3, 2.7667332906e-3,
], 16);

/** Rows of the table, by byte offset. */
export const SIGMOID_CLAMP: usize = 48;
export const SIGMOID_MAGIC: usize = 64;
export const SIGMOID_UNSCALE: usize = 80;
export const TANH_CLAMP: usize = 96;
export const TANH_MAGIC: usize = 112;
export const ONE: usize = 128;
const TWO: usize = 144;
export const SIGN: usize = 160;

/** Row `offset` (bytes) of the table of T, a splatted constant. */
// @ts-ignore: decorator
@inline export function row<T>(offset: usize): v128 {
  return v128.load((sizeof<T>() == 8 ? TABLE64 : TABLE32) + offset);
}

/**
 * t = x·log2(e) + magic, rounded to an integer: its low bits hold k + bias. x must be clamped
 * (pmax with a clamp row keeps NaN: NaN < clamp is false), so that k stays small.
 */
// @ts-ignore: decorator
@inline export function expT<T>(x: v128, magic: usize): v128 {
  return madd<T>(x, row<T>(0), row<T>(magic));
}

/**
 * r = x − k·ln2 from t (k = t − magic, exact: t is an integer below 2^(p+1), ulp 1). The high
 * part's products with k are exact, so x − k·ln2_high is too (without FMA as well).
 */
// @ts-ignore: decorator
@inline export function expR<T>(x: v128, t: v128, magic: usize): v128 {
  const k = v128.sub<T>(t, row<T>(magic));
  return madd<T>(k, row<T>(32), madd<T>(k, row<T>(16), x));
}

/** The float whose exponent field is the low bits of t (k + bias): 2^k, or 2^(k+c). */
// @ts-ignore: decorator
@inline export function expScale<T>(t: v128): v128 {
  return sizeof<T>() == 8 ? i64x2.shl(t, 52) : i32x4.shl(t, 23);
}

/** Q = 2 − c(r) with c = r − r²·R(r²): e^r = (Q + 2r) / Q. */
// @ts-ignore: decorator
@inline export function expQ<T>(r: v128): v128 {
  const z = v128.mul<T>(r, r);
  let minusR = row<T>(176);
  if (sizeof<T>() == 8) {
    // Horner: four multiply-adds; a chain, but the loop overlaps independent vectors.
    minusR = madd<T>(madd<T>(madd<T>(madd<T>(row<T>(240), z, row<T>(224)), z, row<T>(208)), z, row<T>(192)), z, minusR);
  } else {
    minusR = madd<T>(row<T>(192), z, minusR);
  }
  return v128.sub<T>(row<T>(TWO), madd<T>(z, minusR, r));
}
