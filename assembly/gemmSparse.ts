// The sparse-A path of gemm: products whose op(A) is mostly zeros, as a batch of images is (an
// MNIST digit is about 80% background). Each row of op(A) is gathered into a list of its nonzero
// values, and only those rows of op(B) are summed: a fifth of the dense path's work on MNIST's
// first layer, forward (X·W) and backward (Xᵀ·δ).
//
// Same values as the packed path: every element is accumulated over k in increasing order with
// the same madd from a zero start, and a skipped term is an exact zero (madd(0, b, c) = c for
// finite b), so skipping it changes nothing. The one exception is the sign of a sum that is
// exactly zero, which no training step can tell apart.

import { at, lanes, madd } from './simd';

/** Rows of op(A) summed before each epilogue call (the packed path's row block). */
export const SPARSE_ROWS: i32 = 96;

/** Fraction of nonzero values at or below which a product takes the sparse path. */
const MAX_DENSITY: f64 = 0.3;

/**
 * Whether the n values at x are sparse enough for {@link sparseRowSums}: at most 30% nonzero.
 * Counted a vector at a time, and given up as soon as the limit is passed (dense data: after 30%).
 * NaN counts as nonzero.
 */
export function isSparse<T>(x: usize, n: i32): bool {
  const L = lanes<T>();
  const limit = <i64>(MAX_DENSITY * <f64>n);
  const zero = v128.splat<T>(<T>0);
  let nonzero: i64 = 0;
  let k = 0;
  while (k + L <= n) {
    // Each lane of `count` subtracts its all-ones (−1) comparison masks: it counts that lane's nonzeros.
    let count = v128.splat<i32>(0);
    const end = min(n - L + 1, k + 64 * L);
    for (; k < end; k += L) {
      const mask = v128.ne<T>(v128.load(at<T>(x, k)), zero);
      count = sizeof<T>() == 8 ? v128.sub<i64>(count, mask) : v128.sub<i32>(count, mask);
    }
    nonzero += sizeof<T>() == 8
      ? v128.extract_lane<i64>(count, 0) + v128.extract_lane<i64>(count, 1)
      : <i64>(v128.extract_lane<i32>(count, 0) + v128.extract_lane<i32>(count, 1) + v128.extract_lane<i32>(count, 2) + v128.extract_lane<i32>(count, 3));
    if (nonzero > limit) return false;
  }
  for (; k < n; k++) if (load<T>(at<T>(x, k)) != <T>0) nonzero++;
  return nonzero <= limit;
}

/** Whether an M×N×K product (N columns of op(B), untransposed) may take the sparse path. */
// @ts-ignore: decorator
@inline export function sparseShape<T>(N: i32, transB: bool): bool {
  return !transB && N % lanes<T>() == 0;
}

/** Elements of scratch the sparse path needs beyond its row block of sums: each row's list of up to K values and K offsets, and where each list starts. */
// @ts-ignore: decorator
@inline export function sparseListElements<T>(K: i32): i32 {
  return SPARSE_ROWS * 2 * K + SPARSE_ROWS + 1;
}

/**
 * Raw sums of rows [i0, i0 + rows) of op(A)·B into `sums` (rows of N, contiguous). First every
 * row's nonzeros are listed (value, and the byte offset of B's matching row) in `list`; then each
 * block of 6 vectors of columns is summed, in registers, for every row in turn, so that block of
 * B is read from cache by all the rows instead of from memory by each.
 */
export function sparseRowSums<T>(
  a: usize, lda: i32, transA: bool, b: usize, ldb: i32, i0: i32, rows: i32, N: i32, K: i32, sums: usize, list: usize,
): void {
  const values = list;
  const offsets = at<T>(values, rows * K);
  const starts = offsets + (<usize>(rows * K) << 2);
  const rowBytes: usize = <usize>ldb << alignof<T>();
  let n = 0;
  for (let r = 0; r < rows; r++) {
    store<i32>(starts + (<usize>r << 2), n);
    n += gather<T>(a, lda, transA, i0 + r, K, at<T>(values, n), offsets + (<usize>n << 2), rowBytes);
  }
  store<i32>(starts + (<usize>rows << 2), n);
  const L = lanes<T>();
  let j = 0;
  for (; j + 6 * L <= N; j += 6 * L) {
    for (let r = 0; r < rows; r++) sumBlock6<T>(values, offsets, starts, r, at<T>(b, j), at<T>(sums, r * N + j));
  }
  if (j + 4 * L <= N) {
    for (let r = 0; r < rows; r++) sumBlock4<T>(values, offsets, starts, r, at<T>(b, j), at<T>(sums, r * N + j));
    j += 4 * L;
  }
  if (j + 2 * L <= N) {
    for (let r = 0; r < rows; r++) sumBlock2<T>(values, offsets, starts, r, at<T>(b, j), at<T>(sums, r * N + j));
    j += 2 * L;
  }
  if (j < N) {
    for (let r = 0; r < rows; r++) sumBlock1<T>(values, offsets, starts, r, at<T>(b, j), at<T>(sums, r * N + j));
  }
}

/**
 * Lists row i of op(A)'s nonzero values, in increasing k, with the byte offsets of B's rows k;
 * returns how many. Branch-free: every value is written at the list's end, which moves on only
 * past a nonzero (a data-dependent branch would mispredict on every other pixel of a digit's edge).
 */
// @ts-ignore: decorator
@inline function gather<T>(a: usize, lda: i32, transA: bool, i: i32, K: i32, values: usize, offsets: usize, rowBytes: usize): i32 {
  let n = 0;
  if (transA) {
    // Row i of op(A) is column i of A: one value per row of A.
    const stride: usize = <usize>lda << alignof<T>();
    let p = at<T>(a, i);
    let offset: usize = 0;
    for (let k = 0; k < K; k++) {
      n = listValue<T>(load<T>(p), offset, values, offsets, n);
      p += stride;
      offset += rowBytes;
    }
    return n;
  }
  const L = lanes<T>();
  const row = at<T>(a, i * lda);
  const zero = v128.splat<T>(<T>0);
  let k = 0;
  // Whole vectors of zeros (an image's background comes in runs) are skipped with one test.
  for (; k + L <= K; k += L) {
    if (!v128.any_true(v128.ne<T>(v128.load(at<T>(row, k)), zero))) continue;
    for (let l = 0; l < L; l++) n = listValue<T>(load<T>(at<T>(row, k + l)), <usize>(k + l) * rowBytes, values, offsets, n);
  }
  for (; k < K; k++) n = listValue<T>(load<T>(at<T>(row, k)), <usize>k * rowBytes, values, offsets, n);
  return n;
}

/** Writes v and its offset at position n of the list; returns n + 1 if v is nonzero, else n. */
// @ts-ignore: decorator
@inline function listValue<T>(v: T, offset: usize, values: usize, offsets: usize, n: i32): i32 {
  store<T>(at<T>(values, n), v);
  store<u32>(offsets + (<usize>n << 2), <u32>offset);
  return n + <i32>(v != <T>0);
}

/**
 * out[0..6 vectors) = Σ_p values[p] · the 6 vectors at base + offsets[p], over row r's list. Six
 * chains of multiply-adds keep both FMA units busy through their 4-cycle latency (four would
 * leave half idle), and 6 accumulators + 6 loads + the splat fit in the 15 registers V8 allocates:
 * with 8 it spills, and the spill's store and reload join an accumulator's chain.
 */
// @ts-ignore: decorator
@inline function sumBlock6<T>(values: usize, offsets: usize, starts: usize, r: i32, base: usize, out: usize): void {
  const p0 = load<i32>(starts + (<usize>r << 2));
  const p1 = load<i32>(starts + (<usize>r << 2), 4);
  let c0 = v128.splat<T>(<T>0), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
  for (let p = p0; p < p1; p++) {
    const av = v128.load_splat<T>(at<T>(values, p));
    const row = base + <usize>load<u32>(offsets + (<usize>p << 2));
    c0 = madd<T>(av, v128.load(row), c0);
    c1 = madd<T>(av, v128.load(row, 16), c1);
    c2 = madd<T>(av, v128.load(row, 32), c2);
    c3 = madd<T>(av, v128.load(row, 48), c3);
    c4 = madd<T>(av, v128.load(row, 64), c4);
    c5 = madd<T>(av, v128.load(row, 80), c5);
  }
  v128.store(out, c0); v128.store(out, c1, 16); v128.store(out, c2, 32);
  v128.store(out, c3, 48); v128.store(out, c4, 64); v128.store(out, c5, 80);
}

/** Four vectors of {@link sumBlock6} (the columns after the last six). */
// @ts-ignore: decorator
@inline function sumBlock4<T>(values: usize, offsets: usize, starts: usize, r: i32, base: usize, out: usize): void {
  const p0 = load<i32>(starts + (<usize>r << 2));
  const p1 = load<i32>(starts + (<usize>r << 2), 4);
  let c0 = v128.splat<T>(<T>0), c1 = c0, c2 = c0, c3 = c0;
  for (let p = p0; p < p1; p++) {
    const av = v128.load_splat<T>(at<T>(values, p));
    const row = base + <usize>load<u32>(offsets + (<usize>p << 2));
    c0 = madd<T>(av, v128.load(row), c0);
    c1 = madd<T>(av, v128.load(row, 16), c1);
    c2 = madd<T>(av, v128.load(row, 32), c2);
    c3 = madd<T>(av, v128.load(row, 48), c3);
  }
  v128.store(out, c0); v128.store(out, c1, 16); v128.store(out, c2, 32); v128.store(out, c3, 48);
}

/** Two vectors of {@link sumBlock6}. */
// @ts-ignore: decorator
@inline function sumBlock2<T>(values: usize, offsets: usize, starts: usize, r: i32, base: usize, out: usize): void {
  const p0 = load<i32>(starts + (<usize>r << 2));
  const p1 = load<i32>(starts + (<usize>r << 2), 4);
  let c0 = v128.splat<T>(<T>0), c1 = c0;
  for (let p = p0; p < p1; p++) {
    const av = v128.load_splat<T>(at<T>(values, p));
    const row = base + <usize>load<u32>(offsets + (<usize>p << 2));
    c0 = madd<T>(av, v128.load(row), c0);
    c1 = madd<T>(av, v128.load(row, 16), c1);
  }
  v128.store(out, c0); v128.store(out, c1, 16);
}

/** One vector of {@link sumBlock6}. */
// @ts-ignore: decorator
@inline function sumBlock1<T>(values: usize, offsets: usize, starts: usize, r: i32, base: usize, out: usize): void {
  const p1 = load<i32>(starts + (<usize>r << 2), 4);
  let c0 = v128.splat<T>(<T>0);
  for (let p = load<i32>(starts + (<usize>r << 2)); p < p1; p++) {
    c0 = madd<T>(v128.load_splat<T>(at<T>(values, p)), v128.load(base + <usize>load<u32>(offsets + (<usize>p << 2))), c0);
  }
  v128.store(out, c0);
}
