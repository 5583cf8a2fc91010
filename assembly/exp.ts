// e^x and e^x − 1 on a vector, for x ≤ 0 (what sigmoid and tanh need): x = k·ln2 + r with
// |r| ≤ ln2/2 (Cody–Waite: ln2 in a high part whose products with k are exact and a low part),
// e^r − 1 = r + r²·q(r) with q a near-minimax polynomial (Chebyshev fit, degree 9 in f64, 4 in f32:
// its error, damped by r² ≤ 0.12, stays below a tenth of an ulp), and 2^k written into the
// exponent bits. No table gathers, no rounding or conversion instructions: k comes out of one
// multiply-add with a "magic" constant 1.5·2^p (p the mantissa width), which rounds x·log2(e) to an
// integer and leaves k plus the exponent bias in the low bits, so shifting those bits into the
// exponent field is 2^k. q's coefficients (round to T, q₀ first) come from, at 60 digits:
//   mpmath.chebyfit(lambda r: (exp(r) - 1 - r) / r**2, [-log(2)/2, log(2)/2], degree + 1)

import { madd } from './simd';

// The constants as splatted vectors in memory: V8 rebuilds every v128 constant inside a loop
// (3 instructions each), a load from a table is one. Rows (16 bytes each, by byte offset):
//   0 log2(e)   16 −ln2 high   32 −ln2 low   48 e^x's lower clamp   64 e^x's magic (bias + c)
//   80 2^−c     96 e^x − 1's lower clamp      112 e^x − 1's magic (bias)
//   128 1       144 −2       160 −0 (the sign bit)
//   176… q's coefficients, q₀ first (q(r) = Σ qⱼ rʲ ≈ (e^r − 1 − r) / r²).
// The magic constants are 1.5·2^p plus the exponent bias (plus c for e^x). e^x scales by 2^(k+c)
// and then by 2^−c (c = 64 in f64, 32 in f32), so that results that end subnormal (x down to −745
// in f64, −104 in f32) are rounded once, at the last multiply, while 2^(k+c) is a normal number.
// Below its clamp e^x is 0 (e^−746 < 2^−1075 and e^−104 < 2^−150 round to 0); e^x − 1 is −1 below
// −40 in f64 and −20 in f32 (e^x under half an ulp of 1), where it clamps, so its 2^k stays normal.
const TABLE64 = memory.data<f64>([
  1.4426950408889634, 1.4426950408889634, -0.6931471803691238, -0.6931471803691238, -1.9082149292705877e-10, -1.9082149292705877e-10,
  -746.0, -746.0, 6755399441056831.0, 6755399441056831.0, 5.421010862427522e-20, 5.421010862427522e-20,
  -40.0, -40.0, 6755399441056767.0, 6755399441056767.0, 1.0, 1.0, -2.0, -2.0, -0.0, -0.0,
  0.5000000000000001, 0.5000000000000001, 0.16666666666666669, 0.16666666666666669,
  0.041666666666624164, 0.041666666666624164, 0.008333333333330065, 0.008333333333330065,
  0.0013888888917196719, 0.0013888888917196719, 0.00019841269863040545, 0.00019841269863040545,
  2.4801521322368692e-05, 2.4801521322368692e-05, 2.7557268480310024e-06, 2.7557268480310024e-06,
  2.7620075879983367e-07, 2.7620075879983367e-07, 2.5100375832561234e-08, 2.5100375832561234e-08,
], 16);
const TABLE32 = memory.data<f32>([
  1.4426950408889634, 1.4426950408889634, 1.4426950408889634, 1.4426950408889634, -0.693359375, -0.693359375, -0.693359375, -0.693359375,
  0.00021219444, 0.00021219444, 0.00021219444, 0.00021219444, -104.0, -104.0, -104.0, -104.0,
  12583071.0, 12583071.0, 12583071.0, 12583071.0, 2.3283064365386963e-10, 2.3283064365386963e-10, 2.3283064365386963e-10, 2.3283064365386963e-10,
  -20.0, -20.0, -20.0, -20.0, 12583039.0, 12583039.0, 12583039.0, 12583039.0,
  1.0, 1.0, 1.0, 1.0, -2.0, -2.0, -2.0, -2.0, -0.0, -0.0, -0.0, -0.0,
  0.5, 0.5, 0.5, 0.5, 0.16666577756404877, 0.16666577756404877, 0.16666577756404877, 0.16666577756404877,
  0.041666556149721146, 0.041666556149721146, 0.041666556149721146, 0.041666556149721146,
  0.008363173343241215, 0.008363173343241215, 0.008363173343241215, 0.008363173343241215,
  0.0013926175888627768, 0.0013926175888627768, 0.0013926175888627768, 0.0013926175888627768,
], 16);

/** Rows of the table that the activations use too. */
export const ONE: usize = 128;
export const MINUS_TWO: usize = 144;
export const SIGN: usize = 160;

/** Row `offset` (bytes) of the table of T. */
// @ts-ignore: decorator
@inline export function row<T>(offset: usize): v128 {
  return v128.load((sizeof<T>() == 8 ? TABLE64 : TABLE32) + offset);
}

/**
 * q(r) given r and r², by Estrin's scheme (pairs, then pairs of pairs): a dependency chain of ~4
 * multiply-adds instead of Horner's 9, which measured faster even though the loop overlaps lanes.
 */
// @ts-ignore: decorator
@inline function q<T>(r: v128, r2: v128): v128 {
  if (sizeof<T>() == 8) {
    const r4 = v128.mul<T>(r2, r2);
    const p01 = madd<T>(row<T>(192), r, row<T>(176));
    const p23 = madd<T>(row<T>(224), r, row<T>(208));
    const p45 = madd<T>(row<T>(256), r, row<T>(240));
    const p67 = madd<T>(row<T>(288), r, row<T>(272));
    const p89 = madd<T>(row<T>(320), r, row<T>(304));
    const lo = madd<T>(madd<T>(p67, r2, p45), r4, madd<T>(p23, r2, p01));
    return madd<T>(v128.mul<T>(r4, r4), p89, lo);
  }
  return madd<T>(madd<T>(row<T>(240), r2, madd<T>(row<T>(224), r, row<T>(208))), r2, madd<T>(row<T>(192), r, row<T>(176)));
}

/**
 * r = x − k·ln2 from k as a float (t − magic, exact: t is an integer below 2^(p+1), ulp 1). The
 * high part's products with k are exact, so x − k·ln2_high is too (without FMA as well).
 */
// @ts-ignore: decorator
@inline function reduced<T>(x: v128, k: v128): v128 {
  return madd<T>(k, row<T>(32), madd<T>(k, row<T>(16), x));
}

/** The float whose exponent field is the low bits of t (k + bias): 2^k. */
// @ts-ignore: decorator
@inline function pow2<T>(t: v128): v128 {
  return sizeof<T>() == 8 ? i64x2.shl(t, 52) : i32x4.shl(t, 23);
}

/** e^x lane by lane, for x ≤ 0, ±0 or NaN (NaN stays NaN), f64x2 or f32x4. */
// @ts-ignore: decorator
@inline export function expNegV<T>(x: v128): v128 {
  // pmax keeps x when it is NaN (NaN < clamp is false), so NaN reaches the polynomial and stays NaN.
  const xc = v128.pmax<T>(x, row<T>(48));
  const magic = row<T>(64);
  const t = madd<T>(xc, row<T>(0), magic);
  const r = reduced<T>(xc, v128.sub<T>(t, magic));
  // 2^(k+c) · (1 + (e^r − 1)) in one multiply-add, then the one rounding to a subnormal if any.
  const scale = pow2<T>(t);
  const r2 = v128.mul<T>(r, r);
  return v128.mul<T>(madd<T>(scale, madd<T>(r2, q<T>(r, r2), r), scale), row<T>(80));
}

/**
 * e^x − 1 lane by lane for x ≤ 0, ±0 or NaN (what tanh needs): 2^k · (e^r − 1) + (2^k − 1), which
 * keeps its relative precision for tiny x (e^r − 1 = r + r²·q never forms 1 + r − 1), and is −1
 * once e^x is below half an ulp of 1.
 */
// @ts-ignore: decorator
@inline export function expm1NegV<T>(x: v128): v128 {
  const xc = v128.pmax<T>(x, row<T>(96));
  const magic = row<T>(112);
  const t = madd<T>(xc, row<T>(0), magic);
  const r = reduced<T>(xc, v128.sub<T>(t, magic));
  const scale = pow2<T>(t);
  const r2 = v128.mul<T>(r, r);
  const em1 = madd<T>(r2, q<T>(r, r2), r);
  return madd<T>(scale, em1, v128.sub<T>(scale, row<T>(ONE)));
}
