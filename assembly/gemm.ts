// C = alpha · op(A) · op(B) with a fused epilogue, for row-major matrices with leading dimensions.
//
// Three paths, chosen from the full problem's shape only (never from a thread's share of it), so a
// product computes every element with the same instructions whether or not it is split by rows:
// - packed (BLIS style): op(A) and op(B) are copied into contiguous panels, which absorbs the
//   transposes, and one 6-row × 2-vector micro-kernel serves A·B, Aᵀ·B and A·Bᵀ;
// - rowwise, when the inner dimension is ≤ 8 or the product has fewer than 4 rows (the seed's
//   first layer has k = 2): 4 × 2-vector blocks like the micro-kernel's, read straight from A and B;
// - narrow, when the product is narrower than a micro-tile (the output layer): four dot products
//   at a time, or for Aᵀ·B sums down the columns of A, four vectors at a time;
// - sparse, instead of packed when the caller has found op(A) mostly zeros (setSparseA): only
//   the nonzeros of each row of op(A) are summed (gemmSparse.ts), with the packed path's values.
// Every path accumulates each element over k in order, in registers, and hands finished values to
// one epilogue (store, bias + activation, × f'(z), or the SGD update).

import { at, lanes, laneSum, madd } from './simd';
import { RELU, biasActColumn, biasActRow, mulRow, scaleRow, sgdColumn, sgdRow, sumColumns } from './elementwise';
import { optimizeRow } from './update';
import { SPARSE_ROWS, isSparse, restride, restrideElements, restrides, sparseListElements, sparseRows, sparseRowSums, sparseShape } from './gemmSparse';

/** Epilogue modes. */
export const STORE: i32 = 0;
export const BIAS_ACT: i32 = 1;
export const MUL_DF: i32 = 2;
export const SGD: i32 = 3;
export const OPTIMIZE: i32 = 4;

/** Rows of the rowwise path's blocks. Their width is 2 vectors: 4 f64 or 8 f32. */
const MR: i32 = 4;
/**
 * Rows of the packed micro-tile, 2 vectors wide: 12 accumulators, the two vectors of op(B) and one
 * splat take 15 registers, all V8 allocates; 12 independent chains cover the FMA latency that 8 left
 * partly exposed.
 */
const MRP: i32 = 6;
/** Rows of op(A) packed at once (an L2-sized block). */
const MC: i32 = 96;
/** Longest inner-dimension block; longer products are split into equal blocks no longer than this. */
const KC: i32 = 384;
/** Inner dimensions up to this take the rowwise path (packing would cost more than it saves). */
const SMALL_K: i32 = 8;

// Epilogue state. Globals are per instance, and every thread has its own instance.
let epiMode: i32 = STORE;
let epiBias: usize = 0;
let epiAux: usize = 0;
let epiAct: i32 = 0;
let epiNegEta: f64 = 0;
let epiSlot1: usize = 0;
let epiSlot2: usize = 0;
let epiColumnSums: usize = 0;
let sparseA: bool = false;

/**
 * Whether the next {@link gemm}s may take the sparse path when their shape allows it. The caller
 * decides from the whole product's op(A) (never a thread's share), so every thread takes the same path.
 */
export function setSparseA(on: bool): void {
  sparseA = on;
}

/** Whether an M×N×K product with A at `a` would take the packed path, and op(A) is sparse enough to skip its zeros. */
export function sparseProduct<T>(a: usize, M: i32, N: i32, K: i32, transB: bool): bool {
  return N >= nr<T>() && !rowwisePath(M, K) && sparseShape<T>(N, transB) && isSparse<T>(a, M * K);
}

/**
 * Sets what the next {@link gemm} does with each finished value v = alpha·Σ (C's layout is shared by
 * `aux`): STORE C = v; BIAS_ACT C = f(v + bias), aux = f'(v + bias); MUL_DF C = v · aux;
 * SGD C = v, aux −= eta · v; OPTIMIZE C = v, then the optimizer's update of aux (the weights) with
 * learning rate eta and the state set by {@link setEpilogueSlots}.
 */
export function setEpilogue(mode: i32, bias: usize, aux: usize, act: i32, eta: f64): void {
  epiMode = mode;
  epiBias = bias;
  epiAux = aux;
  epiAct = act;
  epiNegEta = -eta;
}

/**
 * Where the next {@link gemm} also writes alpha · Σ_k op(B)[k][·] (the column sums of a weight
 * gradient's δ: its bias gradient), or 0 for none. Only the products {@link columnSumsFused} names
 * honour it; the caller resets it to 0 after the product.
 */
export function setColumnSums(out: usize): void {
  epiColumnSums = out;
}

/** Whether an M-row product writes the column sums set by {@link setColumnSums}. */
export function columnSumsFused<T>(M: i32, N: i32): bool {
  return M >= 1 && M <= 2 && N >= nr<T>();
}

/** The optimizer state (laid out as C) that the OPTIMIZE epilogue updates: 0 for a slot the rule lacks. */
export function setEpilogueSlots(slot1: usize, slot2: usize): void {
  epiSlot1 = slot1;
  epiSlot2 = slot2;
}

/** Whether a product at least a micro-tile wide takes the rowwise path (M: the whole product's rows). */
// @ts-ignore: decorator
@inline function rowwisePath(M: i32, K: i32): bool {
  return K <= SMALL_K || M < MR;
}

// @ts-ignore: decorator
@inline function nr<T>(): i32 {
  return 2 * lanes<T>();
}

/**
 * Finishes a rows × n block of C at (i, j); `src` holds the raw sums Σ with leading dimension lds.
 * One call per block (not per row or vector): the calls cost more than the work on small layers.
 */
function epilogue<T>(src: usize, lds: i32, c: usize, ldc: i32, i: i32, j: i32, rows: i32, n: i32, alpha: T): void {
  const mode = epiMode;
  if (mode == OPTIMIZE && n == ldc) {
    // Whole rows are contiguous in C, the weights and their state: one update over the block, so a
    // thin layer's one-value rows are not one call each. Blocks start at multiples of 4 rows (as do
    // thread shares), so every thread count splits the run into the same vectors and tail.
    for (let r = 0; r < rows; r++) scaleRow<T>(alpha, at<T>(src, r * lds), at<T>(c, (i + r) * ldc), n);
    const off = i * ldc;
    const s1: usize = epiSlot1 == 0 ? <usize>0 : at<T>(epiSlot1, off);
    const s2: usize = epiSlot2 == 0 ? <usize>0 : at<T>(epiSlot2, off);
    optimizeRow<T>(at<T>(c, off), at<T>(epiAux, off), s1, s2, rows * n, true, -epiNegEta);
    return;
  }
  if (n == 1 && mode != OPTIMIZE) {
    // One-value rows (a one-output layer): the row kernels' scalar tails in one loop each; a call
    // or two per row cost more than the row's work.
    const off = i * ldc + j;
    if (mode == BIAS_ACT) biasActColumn<T>(src, at<T>(epiBias, j), at<T>(c, off), at<T>(epiAux, off), rows, lds, epiAct);
    else if (mode == SGD) sgdColumn<T>(alpha, src, lds, at<T>(c, off), <T>epiNegEta, at<T>(epiAux, off), ldc, rows);
    else {
      for (let r = 0; r < rows; r++) {
        const v = load<T>(at<T>(src, r * lds));
        const o = off + r * ldc;
        store<T>(at<T>(c, o), mode == STORE ? alpha * v : v * load<T>(at<T>(epiAux, o)));
      }
    }
    return;
  }
  for (let r = 0; r < rows; r++) {
    const row = at<T>(src, r * lds);
    const off = (i + r) * ldc + j;
    if (mode == STORE) scaleRow<T>(alpha, row, at<T>(c, off), n);
    else if (mode == BIAS_ACT) biasActRow<T>(row, at<T>(epiBias, j), at<T>(c, off), at<T>(epiAux, off), n, epiAct);
    else if (mode == MUL_DF) mulRow<T>(row, at<T>(epiAux, off), at<T>(c, off), n);
    else if (mode == SGD) sgdRow<T>(alpha, row, at<T>(c, off), <T>epiNegEta, at<T>(epiAux, off), n);
    else {
      scaleRow<T>(alpha, row, at<T>(c, off), n);
      const s1: usize = epiSlot1 == 0 ? <usize>0 : at<T>(epiSlot1, off);
      const s2: usize = epiSlot2 == 0 ? <usize>0 : at<T>(epiSlot2, off);
      optimizeRow<T>(at<T>(c, off), at<T>(epiAux, off), s1, s2, n, true, -epiNegEta);
    }
  }
}

// @ts-ignore: decorator
@inline function opA<T>(a: usize, lda: i32, transA: bool, i: i32, k: i32): T {
  return load<T>(at<T>(a, transA ? k * lda + i : i * lda + k));
}

/** Bytes of scratch {@link gemm} needs for an M×N×K product (the same for every thread's share). */
export function scratchBytes<T>(M: i32, N: i32, K: i32, transA: bool, transB: bool): i32 {
  const NR = nr<T>();
  let elements = MRP * NR;
  if (N < NR) elements += M * N + (transA || transB ? 0 : N * K);
  else if (rowwisePath(M, K)) elements += MR * N + (transB ? K * N : 0);
  else {
    const kc = min(K, KC);
    const width = (N + NR - 1) / NR * NR;
    // The sparse path uses the same block of sums and, for its lists, what packing uses.
    elements += MC * width + max(MC * kc + width * kc, sparseListElements<T>(K) + restrideElements<T>(M, N, K));
  }
  return elements * sizeof<T>();
}

/**
 * C (M×N, leading dimension ldc) = epilogue(alpha · op(A) · op(B)), op(X) = Xᵀ when its flag is set.
 * `pathM` is the row count of the whole product when this call computes only some of its rows
 * (a thread's share): the path depends on it, not on M. `scratch` must hold
 * {@link scratchBytes}(pathM, N, K, …) bytes.
 */
export function gemm<T>(
  a: usize, lda: i32, transA: bool, b: usize, ldb: i32, transB: bool,
  c: usize, ldc: i32, M: i32, N: i32, K: i32, alpha: T, pathM: i32, scratch: usize,
): void {
  if (M <= 0 || N <= 0) return;
  if (N < nr<T>()) gemmNarrow<T>(a, lda, transA, b, ldb, transB, c, ldc, M, N, K, alpha, scratch);
  else if (rowwisePath(pathM, K)) gemmRowwise<T>(a, lda, transA, b, ldb, transB, c, ldc, M, N, K, alpha, scratch);
  else if (sparseA && sparseShape<T>(N, transB)) gemmSparse<T>(a, lda, transA, b, ldb, c, ldc, M, N, K, alpha, scratch);
  else gemmPacked<T>(a, lda, transA, b, ldb, transB, c, ldc, M, N, K, alpha, scratch);
}

/** The sparse path: blocks of rows of raw sums (gemmSparse.ts), each through one epilogue call as in the packed path. */
function gemmSparse<T>(
  a: usize, lda: i32, transA: bool, b: usize, ldb: i32,
  c: usize, ldc: i32, M: i32, N: i32, K: i32, alpha: T, scratch: usize,
): void {
  const sums = scratch;
  const list = at<T>(sums, SPARSE_ROWS * N);
  let bb = b;
  let ldbb = ldb;
  // A thread's share has no more rows than the product its scratch was sized for.
  if (ldb == N && restrides<T>(M, N, K)) {
    bb = at<T>(list, sparseListElements<T>(K));
    ldbb = restride<T>(b, K, N, bb);
  }
  const block = sparseRows(K);
  for (let ic = 0; ic < M; ic += block) {
    const mc = min(block, M - ic);
    sparseRowSums<T>(a, lda, transA, bb, ldbb, ic, mc, N, K, sums, list);
    epilogue<T>(sums, N, c, ldc, ic, 0, mc, N, alpha);
  }
}

// ---------------------------------------------------------------------------------------------
// Rowwise path

/**
 * Strips of 4 rows: each 4 × 2-vector block is summed in 8 registers straight from A (scalars,
 * any stride) and B (rows), like the micro-kernel without packing; the strip's raw sums go to a
 * buffer and through one epilogue call. A strip of 3 rows repeats its first row (computed, not
 * stored); one of 1 or 2 rows takes a 2-row block.
 */
function gemmRowwise<T>(
  a: usize, lda: i32, transA: bool, b: usize, ldb: i32, transB: bool,
  c: usize, ldc: i32, M: i32, N: i32, K: i32, alpha: T, scratch: usize,
): void {
  const L = lanes<T>();
  const NR = nr<T>();
  const strip = scratch; // MR rows of N raw sums
  // The loops read op(B) by rows: transpose it once if it is stored the other way.
  let bb = b;
  let ldbb = ldb;
  if (transB) {
    bb = at<T>(strip, MR * N);
    ldbb = N;
    for (let k = 0; k < K; k++) for (let j = 0; j < N; j++) store<T>(at<T>(bb, k * N + j), load<T>(at<T>(b, j * ldb + k)));
  }
  // op(A)[i][k] sits at a + i·si + k·sk.
  const si: usize = (transA ? 1 : <usize>lda) << alignof<T>();
  const sk: usize = (transA ? <usize>lda : 1) << alignof<T>();
  const sb: usize = <usize>ldbb << alignof<T>();
  const rowBytes: usize = <usize>N << alignof<T>();
  const columnSums = M <= 2 ? epiColumnSums : 0;
  const fuseMul = epiMode == MUL_DF;
  const fuseBlocks = fuseMul || (epiMode == BIAS_ACT && epiAct == RELU);
  // A thin layer's forward pass through ReLU: its full blocks of columns for every row at once
  // (thinReluColumns), so the strips below are left only the columns past them.
  const thin = fuseBlocks && !fuseMul && K <= 2 && columnSums == 0;
  const jThin = thin ? thinReluColumns<T>(a, si, sk, bb, sb, c, ldc, M, N, K) : 0;
  for (let i = 0; i < M; i += MR) {
    const h = min(MR, M - i);
    const a0 = a + <usize>i * si;
    const a1 = h > 1 ? a0 + si : a0;
    const a2 = h > 2 ? a0 + 2 * si : a0;
    const a3 = h > 3 ? a0 + 3 * si : a0;
    // A full strip through bias + ReLU (K > 2 here: thinReluColumns took K ≤ 2) or × f' (a delta):
    // each finished block goes from registers straight to C, not through the strip buffer and a second pass.
    const fused = fuseBlocks && h == MR;
    let j = jThin;
    // A strip of one or two rows (a first layer's weight gradient has as many rows as inputs):
    // half the block, so the repeated rows are not computed. Each sum runs the same chain as below.
    if (h <= 2 && !thin) {
      // With a column-sum output (a thin first layer's db = Σ_rows δ / B), op(B)'s columns are also
      // summed here, added in row order from 0 as sumColumns (elementwise.ts) does, in the same pass.
      const sums = columnSums;
      const scale = v128.splat<T>(alpha);
      // Three vectors of columns at a time (six multiply-add chains, and three of sums, hide the
      // 4-cycle latency that four chains leave half exposed), then two.
      for (; j + 3 * L <= N; j += 3 * L) twoRowBlock<T>(3, a0, a1, sk, at<T>(bb, j), sb, K, sums == 0 ? 0 : at<T>(sums, j), scale, at<T>(strip, j), rowBytes);
      for (; j + 2 * L <= N; j += 2 * L) twoRowBlock<T>(2, a0, a1, sk, at<T>(bb, j), sb, K, sums == 0 ? 0 : at<T>(sums, j), scale, at<T>(strip, j), rowBytes);
    }
    for (; j + NR <= N; j += NR) {
      let c00 = v128.splat<T>(<T>0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
      let pb = at<T>(bb, j);
      if (K <= 2) {
        // One or two terms (a thin first layer's forward pass; a product with K = 1, such as the
        // separate kernels' delta through a one-output layer): the loop written out, so no loop
        // control or address arithmetic repeats per term. The same chains from zero as the loop
        // below, so the same sums.
        let b0 = v128.load(pb);
        let b1 = v128.load(pb, 16);
        let av = v128.load_splat<T>(a0);
        c00 = madd<T>(av, b0, c00);
        c01 = madd<T>(av, b1, c01);
        av = v128.load_splat<T>(a1);
        c10 = madd<T>(av, b0, c10);
        c11 = madd<T>(av, b1, c11);
        av = v128.load_splat<T>(a2);
        c20 = madd<T>(av, b0, c20);
        c21 = madd<T>(av, b1, c21);
        av = v128.load_splat<T>(a3);
        c30 = madd<T>(av, b0, c30);
        c31 = madd<T>(av, b1, c31);
        if (K == 2) {
          b0 = v128.load(pb + sb);
          b1 = v128.load(pb + sb, 16);
          av = v128.load_splat<T>(a0 + sk);
          c00 = madd<T>(av, b0, c00);
          c01 = madd<T>(av, b1, c01);
          av = v128.load_splat<T>(a1 + sk);
          c10 = madd<T>(av, b0, c10);
          c11 = madd<T>(av, b1, c11);
          av = v128.load_splat<T>(a2 + sk);
          c20 = madd<T>(av, b0, c20);
          c21 = madd<T>(av, b1, c21);
          av = v128.load_splat<T>(a3 + sk);
          c30 = madd<T>(av, b0, c30);
          c31 = madd<T>(av, b1, c31);
        }
      } else {
        let ka: usize = 0;
        for (let k = 0; k < K; k++) {
          const b0 = v128.load(pb);
          const b1 = v128.load(pb, 16);
          let av = v128.load_splat<T>(a0 + ka);
          c00 = madd<T>(av, b0, c00);
          c01 = madd<T>(av, b1, c01);
          av = v128.load_splat<T>(a1 + ka);
          c10 = madd<T>(av, b0, c10);
          c11 = madd<T>(av, b1, c11);
          av = v128.load_splat<T>(a2 + ka);
          c20 = madd<T>(av, b0, c20);
          c21 = madd<T>(av, b1, c21);
          av = v128.load_splat<T>(a3 + ka);
          c30 = madd<T>(av, b0, c30);
          c31 = madd<T>(av, b1, c31);
          ka += sk;
          pb += sb;
        }
      }
      if (fused && fuseMul) {
        const off = i * ldc + j;
        mulPair<T>(c00, c01, at<T>(c, off), at<T>(epiAux, off));
        mulPair<T>(c10, c11, at<T>(c, off + ldc), at<T>(epiAux, off + ldc));
        mulPair<T>(c20, c21, at<T>(c, off + 2 * ldc), at<T>(epiAux, off + 2 * ldc));
        mulPair<T>(c30, c31, at<T>(c, off + 3 * ldc), at<T>(epiAux, off + 3 * ldc));
        continue;
      }
      if (fused) {
        const bias0 = v128.load(at<T>(epiBias, j));
        const bias1 = v128.load(at<T>(epiBias, j), 16);
        const off = i * ldc + j;
        reluPair<T>(c00, c01, bias0, bias1, at<T>(c, off), at<T>(epiAux, off));
        reluPair<T>(c10, c11, bias0, bias1, at<T>(c, off + ldc), at<T>(epiAux, off + ldc));
        reluPair<T>(c20, c21, bias0, bias1, at<T>(c, off + 2 * ldc), at<T>(epiAux, off + 2 * ldc));
        reluPair<T>(c30, c31, bias0, bias1, at<T>(c, off + 3 * ldc), at<T>(epiAux, off + 3 * ldc));
        continue;
      }
      const p = at<T>(strip, j);
      v128.store(p, c00);
      v128.store(p, c01, 16);
      v128.store(p + rowBytes, c10);
      v128.store(p + rowBytes, c11, 16);
      v128.store(p + 2 * rowBytes, c20);
      v128.store(p + 2 * rowBytes, c21, 16);
      v128.store(p + 3 * rowBytes, c30);
      v128.store(p + 3 * rowBytes, c31, 16);
    }
    if (columnSums != 0 && j < N) {
      sumColumns<T>(at<T>(bb, j), ldbb, K, N - j, at<T>(columnSums, j), alpha);
    }
    // Columns past the last full pair of vectors: one vector, then scalars, row by row.
    for (let r = 0; r < h; r++) {
      const ar = a0 + <usize>r * si;
      const row = strip + <usize>r * rowBytes;
      let jj = j;
      for (; jj + L <= N; jj += L) {
        let c0 = v128.splat<T>(<T>0);
        for (let k = 0; k < K; k++) c0 = madd<T>(v128.load_splat<T>(ar + <usize>k * sk), v128.load(at<T>(bb, k * ldbb + jj)), c0);
        v128.store(at<T>(row, jj), c0);
      }
      for (; jj < N; jj++) {
        let s: T = <T>0;
        for (let k = 0; k < K; k++) s = load<T>(ar + <usize>k * sk) * load<T>(at<T>(bb, k * ldbb + jj)) + s;
        store<T>(at<T>(row, jj), s);
      }
    }
    const jf = fused || thin ? j : 0;
    if (jf < N) epilogue<T>(at<T>(strip, jf), N, c, ldc, i, jf, h, N - jf, alpha);
  }
}

/**
 * y = ReLU(op(A)·op(B) + bias) and its derivative for K ≤ 2 terms per sum (a thin first layer's
 * forward pass: the epilogue is BIAS_ACT with ReLU), for every row of the full blocks of 2 vectors
 * of columns; returns the first column it left. Column blocks outer and rows inner: a block's K
 * rows of op(B) and its bias stay in registers, and each row costs its K splats, 2K multiply-adds,
 * the activation and four stores, where the 4-row blocks of gemmRowwise reload the pointers and
 * constants they cannot keep in registers (100×2·100 in f64 on a Zen 3 guest: 0.59 ns an element,
 * against 0.79 through the blocks; the seed net's step 0.88×).
 * Each element is the same chain as there (from zero, k in order, then + bias, pmax 0), so the
 * same bits, whichever rows a call or a thread is given.
 */
function thinReluColumns<T>(a: usize, si: usize, sk: usize, b: usize, sb: usize, c: usize, ldc: i32, M: i32, N: i32, K: i32): i32 {
  const NR = nr<T>();
  const zero = v128.splat<T>(<T>0);
  const ldcBytes: usize = <usize>ldc << alignof<T>();
  const aux = epiAux;
  const bias = epiBias;
  let j = 0;
  for (; j + NR <= N; j += NR) {
    const pb = at<T>(b, j);
    const b00 = v128.load(pb);
    const b01 = v128.load(pb, 16);
    const bias0 = v128.load(at<T>(bias, j));
    const bias1 = v128.load(at<T>(bias, j), 16);
    let pa = a;
    let y = at<T>(c, j);
    let d = at<T>(aux, j);
    if (K == 2) {
      const b10 = v128.load(pb + sb);
      const b11 = v128.load(pb + sb, 16);
      for (let i = 0; i < M; i++) {
        let av = v128.load_splat<T>(pa);
        let c0 = madd<T>(av, b00, zero);
        let c1 = madd<T>(av, b01, zero);
        av = v128.load_splat<T>(pa + sk);
        c0 = madd<T>(av, b10, c0);
        c1 = madd<T>(av, b11, c1);
        reluPair<T>(c0, c1, bias0, bias1, y, d);
        pa += si;
        y += ldcBytes;
        d += ldcBytes;
      }
    } else {
      for (let i = 0; i < M; i++) {
        const av = v128.load_splat<T>(pa);
        reluPair<T>(madd<T>(av, b00, zero), madd<T>(av, b01, zero), bias0, bias1, y, d);
        pa += si;
        y += ldcBytes;
        d += ldcBytes;
      }
    }
  }
  return j;
}

/**
 * Rows a0 and a1 of op(A) (k steps `sk` bytes apart) times `width` vectors of op(B)'s columns from
 * `pb` (rows `sb` apart), raw sums to `out` (rows `rowBytes` apart), each a chain of multiply-adds
 * over k from zero; with `sums` set, also alpha · Σ_k of those columns there. `width` is a
 * constant (3 or 2) that inlining folds; 3 takes 13 registers, no spills.
 */
// @ts-ignore: decorator
@inline function twoRowBlock<T>(width: i32, a0: usize, a1: usize, sk: usize, pb: usize, sb: usize, K: i32, sums: usize, scale: v128, out: usize, rowBytes: usize): void {
  let c00 = v128.splat<T>(<T>0), c01 = c00, c02 = c00, c10 = c00, c11 = c00, c12 = c00, s0 = c00, s1 = c00, s2 = c00;
  let ka: usize = 0;
  for (let k = 0; k < K; k++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    const b2 = width > 2 ? v128.load(pb, 32) : b0;
    if (sums != 0) {
      s0 = v128.add<T>(s0, b0);
      s1 = v128.add<T>(s1, b1);
      if (width > 2) s2 = v128.add<T>(s2, b2);
    }
    let av = v128.load_splat<T>(a0 + ka);
    c00 = madd<T>(av, b0, c00);
    c01 = madd<T>(av, b1, c01);
    if (width > 2) c02 = madd<T>(av, b2, c02);
    av = v128.load_splat<T>(a1 + ka);
    c10 = madd<T>(av, b0, c10);
    c11 = madd<T>(av, b1, c11);
    if (width > 2) c12 = madd<T>(av, b2, c12);
    ka += sk;
    pb += sb;
  }
  if (sums != 0) {
    v128.store(sums, v128.mul<T>(scale, s0));
    v128.store(sums, v128.mul<T>(scale, s1), 16);
    if (width > 2) v128.store(sums, v128.mul<T>(scale, s2), 32);
  }
  v128.store(out, c00);
  v128.store(out, c01, 16);
  if (width > 2) v128.store(out, c02, 32);
  v128.store(out + rowBytes, c10);
  v128.store(out + rowBytes, c11, 16);
  if (width > 2) v128.store(out + rowBytes, c12, 32);
}

/** c = v · df on two vectors of raw sums, as mulRow (elementwise.ts) computes it. */
// @ts-ignore: decorator
@inline function mulPair<T>(v0: v128, v1: v128, c: usize, df: usize): void {
  v128.store(c, v128.mul<T>(v0, v128.load(df)));
  v128.store(c, v128.mul<T>(v1, v128.load(df, 16)), 16);
}

/**
 * y = f(v + bias), df = f'(v + bias) for ReLU on two vectors of raw sums, with the instructions
 * of biasActRow's ReLU loop (elementwise.ts), so fused and unfused columns agree to the bit.
 */
// @ts-ignore: decorator
@inline function reluPair<T>(v0: v128, v1: v128, bias0: v128, bias1: v128, y: usize, df: usize): void {
  const zero = v128.splat<T>(<T>0);
  const one = v128.splat<T>(<T>1);
  const f0 = v128.pmax<T>(v128.add<T>(v0, bias0), zero);
  const f1 = v128.pmax<T>(v128.add<T>(v1, bias1), zero);
  v128.store(y, f0);
  v128.store(y, f1, 16);
  v128.store(df, v128.ceil<T>(v128.pmin<T>(f0, one)));
  v128.store(df, v128.ceil<T>(v128.pmin<T>(f1, one)), 16);
}

// ---------------------------------------------------------------------------------------------
// Narrow path (N < 2 vectors)

/** Σ_k x[k]·y[k] for one row: two vector accumulators, their lanes in order, then a scalar tail. */
// @ts-ignore: decorator
@inline function finishDot<T>(c0: v128, c1: v128, x: usize, y: usize, k: i32, K: i32): T {
  let s = laneSum<T>(v128.add<T>(c0, c1));
  for (; k < K; k++) s = load<T>(at<T>(x, k)) * load<T>(at<T>(y, k)) + s;
  return s;
}

/**
 * Four dot products x_r · y (r < 4) at once: 8 independent accumulator chains, the order of each
 * being that of a single {@link dot} (so a row's result does not depend on its neighbours).
 */
function dot4<T>(x0: usize, x1: usize, x2: usize, x3: usize, y: usize, K: i32, out: usize, stride: i32): void {
  const L2 = 2 * lanes<T>();
  let a0 = v128.splat<T>(<T>0), b0 = a0, a1 = a0, b1 = a0, a2 = a0, b2 = a0, a3 = a0, b3 = a0;
  let k = 0;
  for (; k + L2 <= K; k += L2) {
    const y0 = v128.load(at<T>(y, k));
    const y1 = v128.load(at<T>(y, k), 16);
    a0 = madd<T>(v128.load(at<T>(x0, k)), y0, a0);
    b0 = madd<T>(v128.load(at<T>(x0, k), 16), y1, b0);
    a1 = madd<T>(v128.load(at<T>(x1, k)), y0, a1);
    b1 = madd<T>(v128.load(at<T>(x1, k), 16), y1, b1);
    a2 = madd<T>(v128.load(at<T>(x2, k)), y0, a2);
    b2 = madd<T>(v128.load(at<T>(x2, k), 16), y1, b2);
    a3 = madd<T>(v128.load(at<T>(x3, k)), y0, a3);
    b3 = madd<T>(v128.load(at<T>(x3, k), 16), y1, b3);
  }
  if (k + lanes<T>() <= K) {
    const y0 = v128.load(at<T>(y, k));
    a0 = madd<T>(v128.load(at<T>(x0, k)), y0, a0);
    a1 = madd<T>(v128.load(at<T>(x1, k)), y0, a1);
    a2 = madd<T>(v128.load(at<T>(x2, k)), y0, a2);
    a3 = madd<T>(v128.load(at<T>(x3, k)), y0, a3);
    k += lanes<T>();
  }
  store<T>(out, finishDot<T>(a0, b0, x0, y, k, K));
  store<T>(at<T>(out, stride), finishDot<T>(a1, b1, x1, y, k, K));
  store<T>(at<T>(out, 2 * stride), finishDot<T>(a2, b2, x2, y, k, K));
  store<T>(at<T>(out, 3 * stride), finishDot<T>(a3, b3, x3, y, k, K));
}

/** One dot product, accumulated exactly as each of {@link dot4}'s. */
function dot<T>(x: usize, y: usize, K: i32): T {
  const L2 = 2 * lanes<T>();
  let a0 = v128.splat<T>(<T>0);
  let b0 = a0;
  let k = 0;
  for (; k + L2 <= K; k += L2) {
    a0 = madd<T>(v128.load(at<T>(x, k)), v128.load(at<T>(y, k)), a0);
    b0 = madd<T>(v128.load(at<T>(x, k), 16), v128.load(at<T>(y, k), 16), b0);
  }
  if (k + lanes<T>() <= K) {
    a0 = madd<T>(v128.load(at<T>(x, k)), v128.load(at<T>(y, k)), a0);
    k += lanes<T>();
  }
  return finishDot<T>(a0, b0, x, y, k, K);
}

function gemmNarrow<T>(
  a: usize, lda: i32, transA: bool, b: usize, ldb: i32, transB: bool,
  c: usize, ldc: i32, M: i32, N: i32, K: i32, alpha: T, scratch: usize,
): void {
  const L = lanes<T>();
  const sums = scratch; // M × N raw sums
  if (!transA) {
    // Rows of A are contiguous: dot products against the columns of op(B), four rows at a time.
    let cols = b;
    let ldcols = ldb;
    if (!transB) {
      cols = at<T>(sums, M * N);
      ldcols = K;
      for (let k = 0; k < K; k++) for (let j = 0; j < N; j++) store<T>(at<T>(cols, j * K + k), load<T>(at<T>(b, k * ldb + j)));
    }
    for (let j = 0; j < N; j++) {
      const y = at<T>(cols, j * ldcols);
      let i = 0;
      for (; i + 4 <= M; i += 4) {
        const x = at<T>(a, i * lda);
        dot4<T>(x, at<T>(x, lda), at<T>(x, 2 * lda), at<T>(x, 3 * lda), y, K, at<T>(sums, i * N + j), N);
      }
      for (; i < M; i++) store<T>(at<T>(sums, i * N + j), dot<T>(at<T>(a, i * lda), y, K));
    }
  } else {
    // op(A) = Aᵀ: row k of A holds op(A)[·][k] contiguously. Each output column is Σ_k A[k][·] ·
    // op(B)[k][j], accumulated over k in registers for six vectors of rows at a time (six
    // multiply-add chains hide the FMA latency; four leave it a third exposed), then four, two, one.
    const bk: usize = (transB ? 1 : <usize>ldb) << alignof<T>();
    const sa: usize = <usize>lda << alignof<T>();
    for (let j = 0; j < N; j++) {
      const bj = at<T>(b, transB ? j * ldb : j);
      let i = 0;
      for (; i + 6 * L <= M; i += 6 * L) narrowRows<T>(6, a, sa, i, bj, bk, K, sums, j, N);
      if (i + 4 * L <= M) {
        narrowRows<T>(4, a, sa, i, bj, bk, K, sums, j, N);
        i += 4 * L;
      }
      if (i + 2 * L <= M) {
        narrowRows<T>(2, a, sa, i, bj, bk, K, sums, j, N);
        i += 2 * L;
      }
      if (i + L <= M) {
        narrowRows<T>(1, a, sa, i, bj, bk, K, sums, j, N);
        i += L;
      }
      for (; i < M; i++) {
        let s: T = <T>0;
        for (let k = 0; k < K; k++) s = load<T>(at<T>(a, k * lda + i)) * load<T>(at<T>(b, transB ? j * ldb + k : k * ldb + j)) + s;
        store<T>(at<T>(sums, i * N + j), s);
      }
    }
  }
  epilogue<T>(sums, N, c, ldc, 0, 0, M, N, alpha);
}

/**
 * Column j of the sums for `width` vectors of rows from row i, op(A) = Aᵀ: Σ_k A[k][rows] · op(B)[k][j],
 * one chain per vector from a zero start; `width` is a constant (6, 4, 2 or 1) inlining folds.
 * `sa` and `bk` are the byte strides of A's rows and of op(B)'s column j.
 */
// @ts-ignore: decorator
@inline function narrowRows<T>(width: i32, a: usize, sa: usize, i: i32, bj: usize, bk: usize, K: i32, sums: usize, j: i32, N: i32): void {
  const L = lanes<T>();
  let c0 = v128.splat<T>(<T>0), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
  let row = at<T>(a, i);
  let pb = bj;
  for (let k = 0; k < K; k++) {
    const bv = v128.load_splat<T>(pb);
    c0 = madd<T>(v128.load(row), bv, c0);
    if (width > 1) c1 = madd<T>(v128.load(row, 16), bv, c1);
    if (width > 2) c2 = madd<T>(v128.load(row, 32), bv, c2);
    if (width > 3) c3 = madd<T>(v128.load(row, 48), bv, c3);
    if (width > 4) c4 = madd<T>(v128.load(row, 64), bv, c4);
    if (width > 5) c5 = madd<T>(v128.load(row, 80), bv, c5);
    row += sa;
    pb += bk;
  }
  scatterColumn<T>(c0, sums, i, j, N);
  if (width > 1) scatterColumn<T>(c1, sums, i + L, j, N);
  if (width > 2) scatterColumn<T>(c2, sums, i + 2 * L, j, N);
  if (width > 3) scatterColumn<T>(c3, sums, i + 3 * L, j, N);
  if (width > 4) scatterColumn<T>(c4, sums, i + 4 * L, j, N);
  if (width > 5) scatterColumn<T>(c5, sums, i + 5 * L, j, N);
}

/** Writes the lanes of v (rows i, i+1, …) into column j of the M × N sums. */
// @ts-ignore: decorator
@inline function scatterColumn<T>(v: v128, sums: usize, i: i32, j: i32, N: i32): void {
  if (N == 1) {
    v128.store(at<T>(sums, i), v);
    return;
  }
  store<T>(at<T>(sums, i * N + j), v128.extract_lane<T>(v, 0));
  store<T>(at<T>(sums, (i + 1) * N + j), v128.extract_lane<T>(v, 1));
  if (sizeof<T>() == 4) {
    store<T>(at<T>(sums, (i + 2) * N + j), v128.extract_lane<T>(v, 2));
    store<T>(at<T>(sums, (i + 3) * N + j), v128.extract_lane<T>(v, 3));
  }
}

// ---------------------------------------------------------------------------------------------
// Packed path

/** op(B)[pc..pc+kc) × [0..N) into panels of NR columns: panel p holds kc rows of NR values. */
function packB<T>(b: usize, ldb: i32, transB: bool, pc: i32, kc: i32, N: i32, out: usize): void {
  const NR = nr<T>();
  for (let jc = 0; jc < N; jc += NR) {
    const panel = at<T>(out, jc * kc);
    const w = min(NR, N - jc);
    if (!transB && w == NR) {
      for (let k = 0; k < kc; k++) {
        const src = at<T>(b, (pc + k) * ldb + jc);
        const dst = at<T>(panel, k * NR);
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
      }
    } else if (w == NR) {
      // op(B) = Bᵀ: the panel's NR columns are NR rows of B, read a vector of k at a time and
      // transposed in registers (a scalar gather cost about 2.5 cycles a value).
      const rowBytes: usize = <usize>ldb << alignof<T>();
      const src = at<T>(b, jc * ldb + pc);
      const L = lanes<T>();
      let k = 0;
      for (; k + L <= kc; k += L) {
        const p = at<T>(src, k);
        const dst = at<T>(panel, k * NR);
        // f64: one group of 4 rows fills the panel's rows; f32: rows 0–3 its first vector, 4–7 its second.
        transpose4<T>(p, rowBytes, dst, <usize>NR << alignof<T>());
        if (NR > 4) transpose4<T>(p + 4 * rowBytes, rowBytes, dst + 16, <usize>NR << alignof<T>());
      }
      for (; k < kc; k++) {
        const dst = at<T>(panel, k * NR);
        for (let jj = 0; jj < NR; jj++) store<T>(at<T>(dst, jj), load<T>(at<T>(b, (jc + jj) * ldb + pc + k)));
      }
    } else {
      for (let k = 0; k < kc; k++) {
        const dst = at<T>(panel, k * NR);
        for (let jj = 0; jj < NR; jj++) {
          const v: T = jj < w ? load<T>(at<T>(b, transB ? (jc + jj) * ldb + pc + k : (pc + k) * ldb + jc + jj)) : <T>0;
          store<T>(at<T>(dst, jj), v);
        }
      }
    }
  }
}

/**
 * Four rows (`rowBytes` apart from `p`) of one vector each, transposed: for each of the vector's
 * lanes k, the four rows' values k go to `dst + k · kBytes` as one 4-value group (f64: two
 * vectors; f32: one). Moves values only, so packing with it changes no sum.
 */
// @ts-ignore: decorator
@inline function transpose4<T>(p: usize, rowBytes: usize, dst: usize, kBytes: usize): void {
  const r0 = v128.load(p);
  const r1 = v128.load(p + rowBytes);
  const r2 = v128.load(p + 2 * rowBytes);
  const r3 = v128.load(p + 3 * rowBytes);
  if (sizeof<T>() == 8) {
    v128.store(dst, v128.shuffle<i64>(r0, r1, 0, 2));
    v128.store(dst, v128.shuffle<i64>(r2, r3, 0, 2), 16);
    v128.store(dst + kBytes, v128.shuffle<i64>(r0, r1, 1, 3));
    v128.store(dst + kBytes, v128.shuffle<i64>(r2, r3, 1, 3), 16);
  } else {
    const t0 = v128.shuffle<i32>(r0, r1, 0, 4, 1, 5);
    const t1 = v128.shuffle<i32>(r2, r3, 0, 4, 1, 5);
    const t2 = v128.shuffle<i32>(r0, r1, 2, 6, 3, 7);
    const t3 = v128.shuffle<i32>(r2, r3, 2, 6, 3, 7);
    v128.store(dst, v128.shuffle<i64>(t0, t1, 0, 2));
    v128.store(dst + kBytes, v128.shuffle<i64>(t0, t1, 1, 3));
    v128.store(dst + 2 * kBytes, v128.shuffle<i64>(t2, t3, 0, 2));
    v128.store(dst + 3 * kBytes, v128.shuffle<i64>(t2, t3, 1, 3));
  }
}

/** op(A)[ic..ic+mc) × [pc..pc+kc) into panels of MRP rows: panel p holds kc columns of MRP values. */
function packA<T>(a: usize, lda: i32, transA: bool, ic: i32, mc: i32, pc: i32, kc: i32, out: usize): void {
  const kBytes: usize = <usize>MRP << alignof<T>();
  for (let ir = 0; ir < mc; ir += MRP) {
    const panel = at<T>(out, ir * kc);
    const h = min(MRP, mc - ir);
    const i0 = ic + ir;
    if (transA && h == MRP) {
      // Each column of op(A) is a row of A: its MRP values are contiguous.
      for (let k = 0; k < kc; k++) {
        const src = at<T>(a, (pc + k) * lda + i0);
        const dst = at<T>(panel, k * MRP);
        v128.store(dst, v128.load(src));
        if (sizeof<T>() == 8) {
          v128.store(dst, v128.load(src, 16), 16);
          v128.store(dst, v128.load(src, 32), 32);
        } else {
          store<u64>(dst, load<u64>(src, 16), 16);
        }
      }
    } else if (h == MRP) {
      const rowBytes: usize = <usize>lda << alignof<T>();
      const r0 = at<T>(a, i0 * lda + pc);
      const L = lanes<T>();
      let k = 0;
      // A vector of k from each of the MRP rows, transposed in registers; the rest one by one.
      for (; k + L <= kc; k += L) {
        const p = at<T>(r0, k);
        const dst = at<T>(panel, k * MRP);
        transpose4<T>(p, rowBytes, dst, kBytes);
        transpose2<T>(p + 4 * rowBytes, rowBytes, dst + 4 * sizeof<T>(), kBytes);
      }
      for (; k < kc; k++) {
        const dst = at<T>(panel, k * MRP);
        for (let r = 0; r < MRP; r++) store<T>(at<T>(dst, r), load<T>(at<T>(r0, r * lda + k)));
      }
    } else {
      for (let k = 0; k < kc; k++) {
        const dst = at<T>(panel, k * MRP);
        for (let r = 0; r < MRP; r++) store<T>(at<T>(dst, r), r < h ? opA<T>(a, lda, transA, i0 + r, pc + k) : <T>0);
      }
    }
  }
}

/**
 * Two rows (`rowBytes` apart from `p`) of one vector each, transposed: for each of the vector's
 * lanes k, the two rows' values k go to `dst + k · kBytes` as one pair. Moves values only.
 */
// @ts-ignore: decorator
@inline function transpose2<T>(p: usize, rowBytes: usize, dst: usize, kBytes: usize): void {
  const r0 = v128.load(p);
  const r1 = v128.load(p + rowBytes);
  if (sizeof<T>() == 8) {
    v128.store(dst, v128.shuffle<i64>(r0, r1, 0, 2));
    v128.store(dst + kBytes, v128.shuffle<i64>(r0, r1, 1, 3));
  } else {
    const t0 = v128.shuffle<i32>(r0, r1, 0, 4, 1, 5);
    const t1 = v128.shuffle<i32>(r0, r1, 2, 6, 3, 7);
    v128.store64_lane(dst, t0, 0);
    v128.store64_lane(dst + kBytes, t0, 1);
    v128.store64_lane(dst + 2 * kBytes, t1, 0);
    v128.store64_lane(dst + 3 * kBytes, t1, 1);
  }
}

/**
 * The 6 × 2-vector micro-kernel: dst = init + Σ_k ap[k] ⊗ bp[k] over kc steps, 12 accumulators in
 * registers (more would spill); `init` is a contiguous 6 × 2-vector tile, or zero when `first`;
 * `dst` has rows `ldd` bytes apart. Loads use explicit offsets: binaryen does not fold `ptr + const`.
 */
function microKernel<T>(ap: usize, aStep: usize, bp: usize, bStep: usize, kc: i32, tile: usize, first: bool, dst: usize, ldd: usize): void {
  microTile<T>(6, ap, aStep, bp, bStep, kc, tile, first, dst, ldd);
}

/**
 * {@link microKernel} for a last row tile of at most 4 rows (M = 100 leaves 4 of a tile of 6):
 * 8 accumulators, so the 2 padded rows' multiply-adds are not done. Each lane is the same chain of
 * multiply-adds as in the full kernel: the same bits. Reads the packed panel of 6 rows as packed
 * and writes its first 4 rows.
 */
function microKernel4<T>(ap: usize, aStep: usize, bp: usize, bStep: usize, kc: i32, tile: usize, first: bool, dst: usize, ldd: usize): void {
  microTile<T>(4, ap, aStep, bp, bStep, kc, tile, first, dst, ldd);
}

/**
 * The body of {@link microKernel} (rows = 6) and {@link microKernel4} (rows = 4): `rows` is a
 * constant at both call sites, so the optimizer drops the last two rows' code from the 4-row one.
 */
// @ts-ignore: decorator
@inline function microTile<T>(rows: i32, ap: usize, aStep: usize, bp: usize, bStep: usize, kc: i32, tile: usize, first: bool, dst: usize, ldd: usize): void {
  const s = sizeof<T>();
  let c00: v128, c01: v128, c10: v128, c11: v128, c20: v128, c21: v128, c30: v128, c31: v128, c40: v128, c41: v128, c50: v128, c51: v128;
  if (first) {
    c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = v128.splat<T>(<T>0);
  } else {
    c00 = v128.load(tile); c01 = v128.load(tile, 16);
    c10 = v128.load(tile, 32); c11 = v128.load(tile, 48);
    c20 = v128.load(tile, 64); c21 = v128.load(tile, 80);
    c30 = v128.load(tile, 96); c31 = v128.load(tile, 112);
    if (rows > 4) {
      c40 = v128.load(tile, 128); c41 = v128.load(tile, 144);
      c50 = v128.load(tile, 160); c51 = v128.load(tile, 176);
    } else c40 = c41 = c50 = c51 = v128.splat<T>(<T>0);
  }
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let av = v128.load_splat<T>(ap);
    c00 = madd<T>(av, b0, c00);
    c01 = madd<T>(av, b1, c01);
    av = v128.load_splat<T>(ap, s);
    c10 = madd<T>(av, b0, c10);
    c11 = madd<T>(av, b1, c11);
    av = v128.load_splat<T>(ap, 2 * s);
    c20 = madd<T>(av, b0, c20);
    c21 = madd<T>(av, b1, c21);
    av = v128.load_splat<T>(ap, 3 * s);
    c30 = madd<T>(av, b0, c30);
    c31 = madd<T>(av, b1, c31);
    if (rows > 4) {
      av = v128.load_splat<T>(ap, 4 * s);
      c40 = madd<T>(av, b0, c40);
      c41 = madd<T>(av, b1, c41);
      av = v128.load_splat<T>(ap, 5 * s);
      c50 = madd<T>(av, b0, c50);
      c51 = madd<T>(av, b1, c51);
    }
    ap += aStep;
    bp += bStep;
  }
  v128.store(dst, c00); v128.store(dst, c01, 16);
  dst += ldd;
  v128.store(dst, c10); v128.store(dst, c11, 16);
  dst += ldd;
  v128.store(dst, c20); v128.store(dst, c21, 16);
  dst += ldd;
  v128.store(dst, c30); v128.store(dst, c31, 16);
  if (rows > 4) {
    dst += ldd;
    v128.store(dst, c40); v128.store(dst, c41, 16);
    dst += ldd;
    v128.store(dst, c50); v128.store(dst, c51, 16);
  }
}

/**
 * {@link microKernel} for a last panel at most one vector wide (N = 100 leaves 4 columns of an f32
 * panel of 8): the 6 accumulators of the panel's first vector only, so the padding's multiply-adds
 * are not done. Each lane is the same chain of multiply-adds as in the full kernel: the same bits.
 * Reads the packed panel as packed (rows of 2 vectors) and writes the first vector of each row.
 */
function microKernelNarrow<T>(ap: usize, aStep: usize, bp: usize, bStep: usize, kc: i32, tile: usize, first: bool, dst: usize, ldd: usize): void {
  const s = sizeof<T>();
  let c0: v128, c1: v128, c2: v128, c3: v128, c4: v128, c5: v128;
  if (first) {
    c0 = c1 = c2 = c3 = c4 = c5 = v128.splat<T>(<T>0);
  } else {
    c0 = v128.load(tile); c1 = v128.load(tile, 32); c2 = v128.load(tile, 64);
    c3 = v128.load(tile, 96); c4 = v128.load(tile, 128); c5 = v128.load(tile, 160);
  }
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(bp);
    c0 = madd<T>(v128.load_splat<T>(ap), b0, c0);
    c1 = madd<T>(v128.load_splat<T>(ap, s), b0, c1);
    c2 = madd<T>(v128.load_splat<T>(ap, 2 * s), b0, c2);
    c3 = madd<T>(v128.load_splat<T>(ap, 3 * s), b0, c3);
    c4 = madd<T>(v128.load_splat<T>(ap, 4 * s), b0, c4);
    c5 = madd<T>(v128.load_splat<T>(ap, 5 * s), b0, c5);
    ap += aStep;
    bp += bStep;
  }
  v128.store(dst, c0);
  v128.store(dst + ldd, c1);
  v128.store(dst + 2 * ldd, c2);
  v128.store(dst + 3 * ldd, c3);
  v128.store(dst + 4 * ldd, c4);
  v128.store(dst + 5 * ldd, c5);
}

function gemmPacked<T>(
  a: usize, lda: i32, transA: bool, b: usize, ldb: i32, transB: bool,
  c: usize, ldc: i32, M: i32, N: i32, K: i32, alpha: T, scratch: usize,
): void {
  const NR = nr<T>();
  const tile = scratch; // MRP × NR raw sums, rows of NR
  // The last inner block's sums for MC rows, finished by one epilogue call per row block.
  const ldb2 = (N + NR - 1) / NR * NR;
  const sums = tile + MRP * NR * sizeof<T>();
  const ldSums: usize = <usize>ldb2 << alignof<T>();
  const ap = at<T>(sums, MC * ldb2);
  const blocks = (K + KC - 1) / KC;
  const kcMax = (K + blocks - 1) / blocks;
  const bp = ap + MC * kcMax * sizeof<T>();
  // Where op(A) = Aᵀ, a tile's MRP values of column k are contiguous in row k of A; where op(B) = B,
  // a panel's NR values of row k are contiguous in row k of B. The kernels read those in place, a
  // row of the matrix per step, not from a packed copy: the same values in the same order, the same
  // bits, without the copy (the [2,100,100,1] step's gradient product packs nothing). Only a ragged
  // last tile or panel, which the kernels would read past, is packed (at the start of its buffer).
  const inA = transA;
  const inB = !transB;
  const packedA: usize = <usize>MRP << alignof<T>();
  const packedB: usize = <usize>NR << alignof<T>();
  const lastPanel = N - N % NR;
  for (let pc = 0; pc < K; pc += kcMax) {
    const kc = min(kcMax, K - pc);
    const first = pc == 0;
    const last = pc + kc == K;
    if (!inB) packB<T>(b, ldb, transB, pc, kc, N, bp);
    else if (lastPanel < N) packB<T>(at<T>(b, lastPanel), ldb, false, pc, kc, N - lastPanel, bp);
    for (let ic = 0; ic < M; ic += MC) {
      const mc = min(MC, M - ic);
      const lastTile = mc - mc % MRP;
      if (!inA) packA<T>(a, lda, transA, ic, mc, pc, kc, ap);
      else if (lastTile < mc) packA<T>(a, lda, true, ic + lastTile, mc - lastTile, pc, kc, ap);
      for (let jc = 0; jc < N; jc += NR) {
        const w = min(NR, N - jc);
        const inPanel = inB && w == NR;
        const bpanel = inPanel ? at<T>(b, pc * ldb + jc) : inB ? bp : at<T>(bp, jc * kc);
        const bStep: usize = inPanel ? <usize>ldb << alignof<T>() : packedB;
        for (let ir = 0; ir < mc; ir += MRP) {
          const h = min(MRP, mc - ir);
          const i0 = ic + ir;
          const inTile = inA && h == MRP;
          const apanel = inTile ? at<T>(a, pc * lda + i0) : inA ? ap : at<T>(ap, ir * kc);
          const aStep: usize = inTile ? <usize>lda << alignof<T>() : packedA;
          // Blocks after the first continue from the raw sums parked in C.
          if (!first) for (let r = 0; r < h; r++) memory.copy(at<T>(tile, r * NR), at<T>(c, (i0 + r) * ldc + jc), <usize>w << alignof<T>());
          // Two call sites, on purpose: binaryen inlines a function called once, and inlined here
          // the kernel's 12 accumulators spill (a [2,100,100,1] step took 1.8× as long).
          // A last panel at most a vector wide takes the one-vector kernel, a last row tile of at
          // most 4 rows the 4-row one (the same two call sites each).
          const narrow = w <= lanes<T>();
          const short = h <= 4 && !narrow;
          if (last) {
            const out = at<T>(sums, ir * ldb2 + jc);
            if (narrow) microKernelNarrow<T>(apanel, aStep, bpanel, bStep, kc, tile, first, out, ldSums);
            else if (short) microKernel4<T>(apanel, aStep, bpanel, bStep, kc, tile, first, out, ldSums);
            else microKernel<T>(apanel, aStep, bpanel, bStep, kc, tile, first, out, ldSums);
          } else {
            const ldTile: usize = <usize>NR << alignof<T>();
            if (narrow) microKernelNarrow<T>(apanel, aStep, bpanel, bStep, kc, tile, first, tile, ldTile);
            else if (short) microKernel4<T>(apanel, aStep, bpanel, bStep, kc, tile, first, tile, ldTile);
            else microKernel<T>(apanel, aStep, bpanel, bStep, kc, tile, first, tile, ldTile);
            for (let r = 0; r < h; r++) memory.copy(at<T>(c, (i0 + r) * ldc + jc), at<T>(tile, r * NR), <usize>w << alignof<T>());
          }
        }
      }
      if (last) epilogue<T>(sums, ldb2, c, ldc, ic, 0, mc, N, alpha);
    }
  }
}
