// Small SIMD helpers shared by every kernel. T is f64 or f32; a v128 holds 16 / sizeof<T>() lanes.

/** Lanes of T in one v128 (2 for f64, 4 for f32). */
// @ts-ignore: decorator
@inline export function lanes<T>(): i32 {
  return 16 / sizeof<T>();
}

/**
 * a·b + c. With relaxed SIMD this is one fused multiply-add (V8 emits vfmadd on x64); without it, a
 * multiply then an add. Every kernel goes through here, so a build is consistent with itself.
 */
// @ts-ignore: decorator
@inline export function madd<T>(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return v128.relaxed_madd<T>(a, b, c);
  return v128.add<T>(v128.mul<T>(a, b), c);
}

/**
 * a where the lane mask m is all ones, b where it is all zeros (m from a comparison). With relaxed
 * SIMD one blend (V8 emits blendvpd / blendvps on x64), whose result is exact for such masks;
 * without it, three bitwise operations.
 */
// @ts-ignore: decorator
@inline export function select<T>(a: v128, b: v128, m: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return sizeof<T>() == 8 ? i64x2.relaxed_laneselect(a, b, m) : i32x4.relaxed_laneselect(a, b, m);
  return v128.bitselect(a, b, m);
}

/** Address of element `index` of a T array at `base`. */
// @ts-ignore: decorator
@inline export function at<T>(base: usize, index: i32): usize {
  return base + ((<usize>index) << alignof<T>());
}

/** Sum of the lanes of v, lane 0 first (a fixed order, so results never depend on the caller). */
// @ts-ignore: decorator
@inline export function laneSum<T>(v: v128): T {
  if (sizeof<T>() == 8) return v128.extract_lane<T>(v, 0) + v128.extract_lane<T>(v, 1);
  return v128.extract_lane<T>(v, 0) + v128.extract_lane<T>(v, 1) + v128.extract_lane<T>(v, 2) + v128.extract_lane<T>(v, 3);
}
