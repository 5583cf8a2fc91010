// e^x and e^x − 1 on a vector: Cody–Waite reduction x = n·ln2 + r, |r| ≤ ln2/2, a Taylor
// polynomial for e^r (degree 13 in f64, 7 in f32: truncation below an ulp), and 2^n built in the
// exponent bits (in two factors, so results that end subnormal stay right). Overflow gives +∞ and
// underflow 0, as libm.

import { madd } from './simd';

// The constants as splatted vectors in memory: V8 rebuilds every v128 constant inside a loop
// (3 instructions each), a load from a table is one. Rows: log2(e), ln2 high and low parts, the
// overflow and underflow bounds, then the coefficients 1/k! from k = 0.
const TABLE64 = memory.data<f64>([
  1.4426950408889634, 1.4426950408889634, 0.6931471803691238, 0.6931471803691238, 1.9082149292705877e-10, 1.9082149292705877e-10,
  709.782712893384, 709.782712893384, -745.1332191019412, -745.1332191019412, 1.0, 1.0,
  1.0, 1.0, 0.5, 0.5, 0.16666666666666666, 0.16666666666666666,
  0.041666666666666664, 0.041666666666666664, 0.008333333333333333, 0.008333333333333333, 0.001388888888888889, 0.001388888888888889,
  0.0001984126984126984, 0.0001984126984126984, 2.48015873015873e-05, 2.48015873015873e-05, 2.7557319223985893e-06, 2.7557319223985893e-06,
  2.755731922398589e-07, 2.755731922398589e-07, 2.505210838544172e-08, 2.505210838544172e-08, 2.08767569878681e-09, 2.08767569878681e-09,
  1.6059043836821613e-10, 1.6059043836821613e-10,
], 16);
const TABLE32 = memory.data<f32>([
  1.4426950408889634, 1.4426950408889634, 1.4426950408889634, 1.4426950408889634, 0.693359375, 0.693359375, 0.693359375, 0.693359375,
  -0.00021219444, -0.00021219444, -0.00021219444, -0.00021219444, 88.72283905206835, 88.72283905206835, 88.72283905206835, 88.72283905206835,
  -103.97208, -103.97208, -103.97208, -103.97208, 1.0, 1.0, 1.0, 1.0,
  1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5,
  0.16666666666666666, 0.16666666666666666, 0.16666666666666666, 0.16666666666666666, 0.041666666666666664, 0.041666666666666664, 0.041666666666666664, 0.041666666666666664,
  0.008333333333333333, 0.008333333333333333, 0.008333333333333333, 0.008333333333333333, 0.001388888888888889, 0.001388888888888889, 0.001388888888888889, 0.001388888888888889,
  0.0001984126984126984, 0.0001984126984126984, 0.0001984126984126984, 0.0001984126984126984,
], 16);

/** The Taylor coefficient 1/n! of the table (row 5 onwards). */
// @ts-ignore: decorator
@inline function coef(K: usize, n: i32): v128 {
  return v128.load(K + 80 + (<usize>n << 4));
}

/**
 * Σ_{j=0}^{degree} r^j / (first + j)! by Estrin's scheme (pairs, then pairs of pairs): a dependency
 * chain ~5 multiply-adds deep instead of 13. first = 0 is e^r (degree 13 in f64, 7 in f32);
 * first = 1 is (e^r − 1) / r (degree 12 or 6), so that e^r − 1 = r · it keeps full relative
 * precision for tiny r (no 1 + r − 1 cancellation). Degrees 6, 7, 12 and 13 only.
 */
// @ts-ignore: decorator
@inline function taylor<T>(r: v128, K: usize, first: i32, degree: i32): v128 {
  const r2 = v128.mul<T>(r, r);
  const r4 = v128.mul<T>(r2, r2);
  const p01 = madd<T>(coef(K, first + 1), r, coef(K, first));
  const p23 = madd<T>(coef(K, first + 3), r, coef(K, first + 2));
  const p45 = madd<T>(coef(K, first + 5), r, coef(K, first + 4));
  const low = madd<T>(p23, r2, p01);
  if (degree == 6) return madd<T>(madd<T>(coef(K, first + 6), r2, p45), r4, low);
  const lo = madd<T>(madd<T>(madd<T>(coef(K, first + 7), r, coef(K, first + 6)), r2, p45), r4, low); // degrees 0..7
  if (degree == 7) return lo;
  const p89 = madd<T>(coef(K, first + 9), r, coef(K, first + 8));
  const p1011 = madd<T>(coef(K, first + 11), r, coef(K, first + 10));
  const hi = degree == 12
    ? madd<T>(madd<T>(coef(K, first + 12), r2, p1011), r2, p89) // degrees 8..12
    : madd<T>(madd<T>(coef(K, first + 13), r, coef(K, first + 12)), r4, madd<T>(p1011, r2, p89)); // degrees 8..13
  return madd<T>(hi, v128.mul<T>(r4, r4), lo);
}

/** 2^k for integer lanes k (i32 lanes for f32, the low two i32 lanes for f64) in the normal range. */
// @ts-ignore: decorator
@inline function pow2<T>(k: v128): v128 {
  if (sizeof<T>() == 8) return i64x2.shl(i64x2.add(i64x2.extend_low_i32x4_s(k), i64x2.splat(1023)), 52);
  return i32x4.shl(i32x4.add(k, i32x4.splat(127)), 23);
}

/** e^x lane by lane, for f64x2 or f32x4. */
// @ts-ignore: decorator
@inline export function expV<T>(x: v128): v128 {
  const K = sizeof<T>() == 8 ? TABLE64 : TABLE32;
  const hi = v128.load(K, 48);
  const lo = v128.load(K, 64);
  // Clamp so the integer parts stay small; the true overflow/underflow lanes are replaced below.
  const xc = v128.pmax<T>(v128.pmin<T>(x, hi), lo);
  const n = v128.nearest<T>(v128.mul<T>(xc, v128.load(K)));
  const r = v128.sub<T>(v128.sub<T>(xc, v128.mul<T>(n, v128.load(K, 16))), v128.mul<T>(n, v128.load(K, 32)));
  const k = sizeof<T>() == 8 ? i32x4.trunc_sat_f64x2_s_zero(n) : i32x4.trunc_sat_f32x4_s(n);
  const k1 = i32x4.shr_s(k, 1);
  const y = v128.mul<T>(v128.mul<T>(taylor<T>(r, K, 0, sizeof<T>() == 8 ? 13 : 7), pow2<T>(k1)), pow2<T>(i32x4.sub(k, k1)));
  const overflow = v128.gt<T>(x, hi);
  // +∞ where x overflows (its bits are the exponent mask of T), 0 where it underflows.
  const inf = sizeof<T>() == 8 ? i64x2.splat(0x7ff0000000000000) : i32x4.splat(0x7f800000);
  return v128.andnot(v128.bitselect(inf, y, overflow), v128.lt<T>(x, lo));
}

/**
 * e^x − 1 lane by lane for x ≤ 0 (what tanh needs): 2^n · (e^r − 1) + (2^n − 1), exact to an ulp
 * or two for tiny x, and −1 once e^x underflows.
 */
// @ts-ignore: decorator
@inline export function expm1NegV<T>(x: v128): v128 {
  const K = sizeof<T>() == 8 ? TABLE64 : TABLE32;
  const xc = v128.pmax<T>(x, v128.load(K, 64));
  const n = v128.nearest<T>(v128.mul<T>(xc, v128.load(K)));
  const r = v128.sub<T>(v128.sub<T>(xc, v128.mul<T>(n, v128.load(K, 16))), v128.mul<T>(n, v128.load(K, 32)));
  const k = sizeof<T>() == 8 ? i32x4.trunc_sat_f64x2_s_zero(n) : i32x4.trunc_sat_f32x4_s(n);
  const k1 = i32x4.shr_s(k, 1);
  const scale = v128.mul<T>(pow2<T>(k1), pow2<T>(i32x4.sub(k, k1)));
  const em1 = v128.mul<T>(r, taylor<T>(r, K, 1, sizeof<T>() == 8 ? 12 : 6));
  return madd<T>(scale, em1, v128.sub<T>(scale, v128.splat<T>(<T>1)));
}
