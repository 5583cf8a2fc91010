// e^x on a vector: Cody–Waite reduction x = n·ln2 + r, |r| ≤ ln2/2, a Taylor polynomial for e^r
// (degree 13 in f64, 7 in f32: truncation below an ulp), and 2^n built in the exponent bits (in two
// factors, so results that end subnormal stay right). Overflow gives +∞ and underflow 0, as libm.

import { madd } from './simd';

/** e^r for |r| ≤ ln2/2: Horner on the Taylor coefficients 1/k!. */
// @ts-ignore: decorator
@inline function poly<T>(r: v128): v128 {
  if (sizeof<T>() == 8) {
    let p = v128.splat<T>(<T>1.6059043836821613e-10);
    p = madd<T>(p, r, v128.splat<T>(<T>2.08767569878681e-09));
    p = madd<T>(p, r, v128.splat<T>(<T>2.505210838544172e-08));
    p = madd<T>(p, r, v128.splat<T>(<T>2.755731922398589e-07));
    p = madd<T>(p, r, v128.splat<T>(<T>2.7557319223985893e-06));
    p = madd<T>(p, r, v128.splat<T>(<T>2.48015873015873e-05));
    p = madd<T>(p, r, v128.splat<T>(<T>0.0001984126984126984));
    p = madd<T>(p, r, v128.splat<T>(<T>0.001388888888888889));
    p = madd<T>(p, r, v128.splat<T>(<T>0.008333333333333333));
    p = madd<T>(p, r, v128.splat<T>(<T>0.041666666666666664));
    p = madd<T>(p, r, v128.splat<T>(<T>0.16666666666666666));
    p = madd<T>(p, r, v128.splat<T>(<T>0.5));
    p = madd<T>(p, r, v128.splat<T>(<T>1.0));
    p = madd<T>(p, r, v128.splat<T>(<T>1.0));
    return p;
  }
  let p = v128.splat<T>(<T>0.0001984126984126984);
  p = madd<T>(p, r, v128.splat<T>(<T>0.001388888888888889));
  p = madd<T>(p, r, v128.splat<T>(<T>0.008333333333333333));
  p = madd<T>(p, r, v128.splat<T>(<T>0.041666666666666664));
  p = madd<T>(p, r, v128.splat<T>(<T>0.16666666666666666));
  p = madd<T>(p, r, v128.splat<T>(<T>0.5));
  p = madd<T>(p, r, v128.splat<T>(<T>1.0));
  p = madd<T>(p, r, v128.splat<T>(<T>1.0));
  return p;
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
  const f64 = sizeof<T>() == 8;
  const log2e = v128.splat<T>(<T>1.4426950408889634);
  const ln2hi = v128.splat<T>(f64 ? <T>6.93147180369123816490e-01 : <T>0.693359375);
  const ln2lo = v128.splat<T>(f64 ? <T>1.90821492927058770002e-10 : <T>-2.12194440e-4);
  const hi = v128.splat<T>(f64 ? <T>709.782712893384 : <T>88.72283905206835);
  const lo = v128.splat<T>(f64 ? <T>-745.1332191019412 : <T>-103.97208);
  // Clamp so the integer parts stay small; the true overflow/underflow lanes are replaced below.
  const xc = v128.pmax<T>(v128.pmin<T>(x, hi), lo);
  const n = v128.nearest<T>(v128.mul<T>(xc, log2e));
  const r = v128.sub<T>(v128.sub<T>(xc, v128.mul<T>(n, ln2hi)), v128.mul<T>(n, ln2lo));
  const k = f64 ? i32x4.trunc_sat_f64x2_s_zero(n) : i32x4.trunc_sat_f32x4_s(n);
  const k1 = i32x4.shr_s(k, 1);
  const k2 = i32x4.sub(k, k1);
  let y = v128.mul<T>(v128.mul<T>(poly<T>(r), pow2<T>(k1)), pow2<T>(k2));
  y = v128.bitselect(v128.splat<T>(<T>Infinity), y, v128.gt<T>(x, hi));
  return v128.bitselect(v128.splat<T>(<T>0), y, v128.lt<T>(x, lo));
}
