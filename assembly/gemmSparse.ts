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

/** Most rows of op(A) summed before each epilogue call (the packed path's row block). */
export const SPARSE_ROWS: i32 = 96;

/** Elements the row block's lists may take: 96 rows of MNIST's 784 pixels; wider inputs get fewer rows a block. */
const LIST_BUDGET: i32 = 96 * 2 * 1024;

/**
 * Rows of op(A) a block lists and sums before its epilogue: 96, fewer for a long K (each row's list
 * holds up to K entries of two elements), so a wide input's scratch stays bounded; a multiple of 4,
 * as every epilogue block must start on one (update.ts).
 */
// @ts-ignore: decorator
@inline export function sparseRows(K: i32): i32 {
  return max(4, min(SPARSE_ROWS, LIST_BUDGET / (2 * K) / 4 * 4));
}

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

/**
 * Elements of scratch the sparse path needs beyond its row block of sums: each row's list of up
 * to K entries (two elements each), and where each list starts.
 */
// @ts-ignore: decorator
@inline export function sparseListElements<T>(K: i32): i32 {
  return sparseRows(K) * 2 * K + SPARSE_ROWS * sparseChunks(K) + 1;
}

/**
 * Rows of B one pass of {@link sparseRowSums} sums over. B's rows 512 bytes apart or a multiple
 * of it (MNIST's 784 × 256 weights, 2 KB) put the same columns of all its rows in a few dozen of
 * L2's sets: 784 rows overflow them, and the forward pass re-read its weights from L3 (64 rows of
 * digits: 570 µs; the same product 264 columns wide, 410). 128 rows fit, so the k dimension is
 * summed in passes of 128 rows, each row's sums carried through memory from one pass to the next.
 */
const SPARSE_KC: i32 = 128;

/** Passes over k of {@link sparseRowSums} for an inner dimension K. */
// @ts-ignore: decorator
@inline function sparseChunks(K: i32): i32 {
  return (K + SPARSE_KC - 1) / SPARSE_KC;
}

/** Padding added to B's rows when they are copied to a new stride (one cache line). */
// @ts-ignore: decorator
@inline function padElements<T>(): i32 {
  return 64 / sizeof<T>();
}

/**
 * Whether B's rows, N values apart, fall on too few cache sets: at a stride that is a multiple of
 * 512 bytes (256 f32 or 128 f64 a row: MNIST's hidden layer) the same columns of successive rows
 * share a handful of the L1 cache's 64 sets, and each block of columns evicts itself. Such a B is
 * copied to a stride one cache line longer (same values, so the same sums) before it is summed.
 */
// @ts-ignore: decorator
@inline function crowdedStride<T>(N: i32): bool {
  return ((<usize>N << alignof<T>()) & 511) == 0;
}

/**
 * Whether the sparse path copies B to a longer stride: its rows are crowded ({@link crowdedStride})
 * and re-read by more rows of op(A) than B has (a copy of MNIST's 784 × 256 weights costs more
 * than the 32 or 64 rows of a forward pass save; the weight gradient's 64 × 256 δ pays).
 */
// @ts-ignore: decorator
@inline export function restrides<T>(M: i32, N: i32, K: i32): bool {
  return crowdedStride<T>(N) && M > K;
}

/** Elements of scratch for B copied to a longer stride by an M×N×K product (M the whole product's rows), or 0. */
// @ts-ignore: decorator
@inline export function restrideElements<T>(M: i32, N: i32, K: i32): i32 {
  return restrides<T>(M, N, K) ? K * (N + padElements<T>()) : 0;
}

/** Copies B (K rows of N, contiguous) to `out` with rows N + one cache line apart; returns that stride. */
export function restride<T>(b: usize, K: i32, N: i32, out: usize): i32 {
  const ld = N + padElements<T>();
  const bytes: usize = <usize>N << alignof<T>();
  for (let k = 0; k < K; k++) memory.copy(at<T>(out, k * ld), at<T>(b, k * N), bytes);
  return ld;
}

/** Bytes of a list entry: the value, then the byte offset (u32) of B's matching row, padded to two values. */
// @ts-ignore: decorator
@inline function entryBytes<T>(): usize {
  return 2 * sizeof<T>();
}

/**
 * Raw sums of rows [i0, i0 + rows) of op(A)·B into `sums` (rows of N, contiguous). First every
 * row's nonzeros are listed (value, and the byte offset of B's matching row) in `list`, in
 * passes of {@link SPARSE_KC} values of k; then, pass by pass, each block of 6 vectors of columns
 * is summed, in registers, for every row in turn, so that block of the pass's rows of B is read
 * from cache by all the rows instead of from memory by each. A pass after the first starts from
 * the sums the one before stored: the same chain of multiply-adds over k, so the same values.
 */
export function sparseRowSums<T>(
  a: usize, lda: i32, transA: bool, b: usize, ldb: i32, i0: i32, rows: i32, N: i32, K: i32, sums: usize, list: usize,
): void {
  // starts[r·passes + p] is the address of row r's first entry in pass p; the next start ends it.
  const passes = sparseChunks(K);
  const starts = list + <usize>(rows * K) * entryBytes<T>();
  const rowBytes: usize = <usize>ldb << alignof<T>();
  let end = list;
  for (let r = 0; r < rows; r++) {
    for (let p = 0; p < passes; p++) {
      store<u32>(starts + (<usize>(r * passes + p) << 2), <u32>end);
      end = gather<T>(a, lda, transA, i0 + r, p * SPARSE_KC, min(K, (p + 1) * SPARSE_KC), end, rowBytes);
    }
  }
  store<u32>(starts + (<usize>(rows * passes) << 2), <u32>end);
  const L = lanes<T>();
  for (let p = 0; p < passes; p++) {
    const first = p == 0;
    let j = 0;
    // Blocks of 6 vectors of columns, then of 4, 2 and 1 for the rest (N is whole vectors).
    for (; j + 6 * L <= N; j += 6 * L) {
      for (let r = 0; r < rows; r++) sumBlock<T>(6, starts, r * passes + p, at<T>(b, j), at<T>(sums, r * N + j), first);
    }
    if (j + 4 * L <= N) {
      for (let r = 0; r < rows; r++) sumBlock<T>(4, starts, r * passes + p, at<T>(b, j), at<T>(sums, r * N + j), first);
      j += 4 * L;
    }
    if (j + 2 * L <= N) {
      for (let r = 0; r < rows; r++) sumBlock<T>(2, starts, r * passes + p, at<T>(b, j), at<T>(sums, r * N + j), first);
      j += 2 * L;
    }
    if (j < N) {
      for (let r = 0; r < rows; r++) sumBlock<T>(1, starts, r * passes + p, at<T>(b, j), at<T>(sums, r * N + j), first);
    }
  }
}

/**
 * Lists the nonzero values of row i of op(A) for k in [k0, k1), in increasing k, with the byte
 * offsets of B's rows k, as entries from `entry` on; returns the end of the list. k0 is a multiple
 * of 4 (every lane count). Branch-free: every value is written at the list's end, which moves on
 * only past a nonzero (a data-dependent branch would mispredict on every other pixel of a digit's edge).
 */
// @ts-ignore: decorator
@inline function gather<T>(a: usize, lda: i32, transA: bool, i: i32, k0: i32, k1: i32, entry: usize, rowBytes: usize): usize {
  if (transA) {
    // Row i of op(A) is column i of A: one value per row of A.
    const stride: usize = <usize>lda << alignof<T>();
    let p = at<T>(a, k0 * lda + i);
    let offset: usize = <usize>k0 * rowBytes;
    for (let k = k0; k < k1; k++) {
      entry = listValue<T>(load<T>(p), offset, entry);
      p += stride;
      offset += rowBytes;
    }
    return entry;
  }
  const L = lanes<T>();
  const row = at<T>(a, i * lda);
  const zero = v128.splat<T>(<T>0);
  let k = k0;
  // Whole vectors of zeros (an image's background comes in runs) are skipped with one test.
  for (; k + L <= k1; k += L) {
    if (!v128.any_true(v128.ne<T>(v128.load(at<T>(row, k)), zero))) continue;
    for (let l = 0; l < L; l++) entry = listValue<T>(load<T>(at<T>(row, k + l)), <usize>(k + l) * rowBytes, entry);
  }
  for (; k < k1; k++) entry = listValue<T>(load<T>(at<T>(row, k)), <usize>k * rowBytes, entry);
  return entry;
}

/** Writes v and its offset as the entry at `entry`; returns the next entry's address if v is nonzero, else `entry` again. */
// @ts-ignore: decorator
@inline function listValue<T>(v: T, offset: usize, entry: usize): usize {
  store<T>(entry, v);
  store<u32>(entry, <u32>offset, sizeof<T>());
  return entry + (v != <T>0 ? entryBytes<T>() : 0);
}

/**
 * out[0..width vectors) = Σ over list `idx`'s entries of value · the vectors at base + offset,
 * added to what out holds unless `first`; `width` is a constant (6, 4, 2 or 1) that inlining
 * folds, leaving one loop per width. Six chains of multiply-adds keep both FMA units busy through
 * their 4-cycle latency (four would leave half idle), and 6 accumulators + 6 loads + the splat fit
 * in the 15 registers V8 allocates: with 8 it spills, and the spill's store and reload join an
 * accumulator's chain.
 */
// @ts-ignore: decorator
@inline function sumBlock<T>(width: i32, starts: usize, idx: i32, base: usize, out: usize, first: bool): void {
  const end = <usize>load<u32>(starts + (<usize>idx << 2), 4);
  let c0 = v128.splat<T>(<T>0), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
  if (!first) {
    c0 = v128.load(out);
    if (width > 1) c1 = v128.load(out, 16);
    if (width > 2) c2 = v128.load(out, 32);
    if (width > 3) c3 = v128.load(out, 48);
    if (width > 4) c4 = v128.load(out, 64);
    if (width > 5) c5 = v128.load(out, 80);
  }
  for (let q = <usize>load<u32>(starts + (<usize>idx << 2)); q < end; q += entryBytes<T>()) {
    const av = v128.load_splat<T>(q);
    const row = base + <usize>load<u32>(q, sizeof<T>());
    c0 = madd<T>(av, v128.load(row), c0);
    if (width > 1) c1 = madd<T>(av, v128.load(row, 16), c1);
    if (width > 2) c2 = madd<T>(av, v128.load(row, 32), c2);
    if (width > 3) c3 = madd<T>(av, v128.load(row, 48), c3);
    if (width > 4) c4 = madd<T>(av, v128.load(row, 64), c4);
    if (width > 5) c5 = madd<T>(av, v128.load(row, 80), c5);
  }
  v128.store(out, c0);
  if (width > 1) v128.store(out, c1, 16);
  if (width > 2) v128.store(out, c2, 32);
  if (width > 3) v128.store(out, c3, 48);
  if (width > 4) v128.store(out, c4, 64);
  if (width > 5) v128.store(out, c5, 80);
}
