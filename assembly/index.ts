// The module's exports: the ABI of src/engine/wasm/WasmExports.ts. Every kernel exists for f64 and
// f32 storage; matrices are row-major and contiguous, addressed by byte offset.

import { at } from './simd';
import { BIAS_ACT, STORE, gemm, scratchBytes, setEpilogue, setSparseA, sparseProduct } from './gemm';
import { adaptiveRow, addSquaresRow, axpbyRow, axpyRow, biasActRow, mulRow, regularizeRow, subRow, sumColumns, sumSquares } from './elementwise';
import { step } from './step';
export { demoteToF32 } from './convert';
import { hostStep, workerStep as share } from './threads';

/** First byte the host may allocate. */
export function heapBase(): usize {
  return __heap_base;
}

export function matMulScratch64(M: i32, N: i32, K: i32, transA: bool, transB: bool): i32 {
  return scratchBytes<f64>(M, N, K, transA, transB);
}
export function matMulScratch32(M: i32, N: i32, K: i32, transA: bool, transB: bool): i32 {
  return scratchBytes<f32>(M, N, K, transA, transB);
}

/**
 * out (M×N) = alpha · op(a) · op(b); a is stored M×K (K×M if transA), b K×N (N×K if transB).
 * A mostly-zero a (a batch of images) takes the sparse path, with the same values.
 */
export function matMul64(a: usize, b: usize, out: usize, M: i32, N: i32, K: i32, transA: bool, transB: bool, alpha: f64, scratch: usize): void {
  setEpilogue(STORE, 0, 0, 0, 0);
  setSparseA(sparseProduct<f64>(a, M, N, K, transB));
  gemm<f64>(a, transA ? M : K, transA, b, transB ? K : N, transB, out, N, M, N, K, alpha, M, scratch);
  setSparseA(false);
}
export function matMul32(a: usize, b: usize, out: usize, M: i32, N: i32, K: i32, transA: bool, transB: bool, alpha: f64, scratch: usize): void {
  setEpilogue(STORE, 0, 0, 0, 0);
  setSparseA(sparseProduct<f32>(a, M, N, K, transB));
  gemm<f32>(a, transA ? M : K, transA, b, transB ? K : N, transB, out, N, M, N, K, <f32>alpha, M, scratch);
  setSparseA(false);
}

/**
 * A dense layer's forward pass: y (M×N) = f(x · w + bias), df = f'(x · w + bias), x M×K, w K×N,
 * bias 1×N. Each block of sums goes through bias and activation as it is finished, the values of
 * matMul (alpha 1) then biasActivation, so the M×N activations are written once, not stored as
 * sums and read back.
 */
export function dense64(x: usize, w: usize, bias: usize, y: usize, df: usize, M: i32, N: i32, K: i32, act: i32, scratch: usize): void {
  dense<f64>(x, w, bias, y, df, M, N, K, act, scratch);
}
export function dense32(x: usize, w: usize, bias: usize, y: usize, df: usize, M: i32, N: i32, K: i32, act: i32, scratch: usize): void {
  dense<f32>(x, w, bias, y, df, M, N, K, act, scratch);
}

/** dense64 and dense32 for T storage: the forward step's BIAS_ACT epilogue on one product. */
function dense<T>(x: usize, w: usize, bias: usize, y: usize, df: usize, M: i32, N: i32, K: i32, act: i32, scratch: usize): void {
  setEpilogue(BIAS_ACT, bias, df, act, 0);
  setSparseA(sparseProduct<T>(x, M, N, K, false));
  gemm<T>(x, K, false, w, N, false, y, N, M, N, K, <T>1, M, scratch);
  setSparseA(false);
  setEpilogue(STORE, 0, 0, 0, 0);
}

export function biasActivation64(z: usize, bias: usize, y: usize, df: usize, rows: i32, cols: i32, act: i32): void {
  for (let i = 0; i < rows; i++) biasActRow<f64>(at<f64>(z, i * cols), bias, at<f64>(y, i * cols), at<f64>(df, i * cols), cols, act);
}
export function biasActivation32(z: usize, bias: usize, y: usize, df: usize, rows: i32, cols: i32, act: i32): void {
  for (let i = 0; i < rows; i++) biasActRow<f32>(at<f32>(z, i * cols), bias, at<f32>(y, i * cols), at<f32>(df, i * cols), cols, act);
}

export function sub64(a: usize, b: usize, out: usize, rows: i32, cols: i32): void {
  for (let i = 0; i < rows; i++) subRow<f64>(at<f64>(a, i * cols), at<f64>(b, i * cols), at<f64>(out, i * cols), cols);
}
export function sub32(a: usize, b: usize, out: usize, rows: i32, cols: i32): void {
  for (let i = 0; i < rows; i++) subRow<f32>(at<f32>(a, i * cols), at<f32>(b, i * cols), at<f32>(out, i * cols), cols);
}

export function mul64(a: usize, b: usize, out: usize, rows: i32, cols: i32): void {
  for (let i = 0; i < rows; i++) mulRow<f64>(at<f64>(a, i * cols), at<f64>(b, i * cols), at<f64>(out, i * cols), cols);
}
export function mul32(a: usize, b: usize, out: usize, rows: i32, cols: i32): void {
  for (let i = 0; i < rows; i++) mulRow<f32>(at<f32>(a, i * cols), at<f32>(b, i * cols), at<f32>(out, i * cols), cols);
}

export function sumSquares64(a: usize, rows: i32, cols: i32): f64 {
  return sumSquares<f64>(a, cols, rows, cols);
}
export function sumSquares32(a: usize, rows: i32, cols: i32): f64 {
  return sumSquares<f32>(a, cols, rows, cols);
}

export function sumColumns64(a: usize, out: usize, rows: i32, cols: i32, alpha: f64): void {
  sumColumns<f64>(a, cols, rows, cols, out, alpha);
}
export function sumColumns32(a: usize, out: usize, rows: i32, cols: i32, alpha: f64): void {
  sumColumns<f32>(a, cols, rows, cols, out, <f32>alpha);
}

export function axpy64(alpha: f64, x: usize, y: usize, rows: i32, cols: i32): void {
  for (let i = 0; i < rows; i++) axpyRow<f64>(alpha, at<f64>(x, i * cols), at<f64>(y, i * cols), cols);
}
export function axpy32(alpha: f64, x: usize, y: usize, rows: i32, cols: i32): void {
  for (let i = 0; i < rows; i++) axpyRow<f32>(<f32>alpha, at<f32>(x, i * cols), at<f32>(y, i * cols), cols);
}

// Optimizer kernels over n contiguous values (parameter-shaped tensors are contiguous).
export function axpby64(alpha: f64, x: usize, beta: f64, y: usize, n: i32): void {
  axpbyRow<f64>(alpha, x, beta, y, n);
}
export function axpby32(alpha: f64, x: usize, beta: f64, y: usize, n: i32): void {
  axpbyRow<f32>(<f32>alpha, x, <f32>beta, y, n);
}

export function addSquares64(alpha: f64, g: usize, beta: f64, s: usize, n: i32): void {
  addSquaresRow<f64>(alpha, g, beta, s, n);
}
export function addSquares32(alpha: f64, g: usize, beta: f64, s: usize, n: i32): void {
  addSquaresRow<f32>(<f32>alpha, g, <f32>beta, s, n);
}

export function adaptiveStep64(lr: f64, m: usize, s: usize, sScale: f64, eps: f64, p: usize, n: i32): void {
  adaptiveRow<f64>(lr, m, s, sScale, eps, p, n);
}
export function adaptiveStep32(lr: f64, m: usize, s: usize, sScale: f64, eps: f64, p: usize, n: i32): void {
  adaptiveRow<f32>(<f32>lr, m, s, <f32>sScale, <f32>eps, p, n);
}

export function regularize64(l1: f64, l2: f64, w: usize, g: usize, n: i32): void {
  regularizeRow<f64>(l1, l2, w, g, n);
}
export function regularize32(l1: f64, l2: f64, w: usize, g: usize, n: i32): void {
  regularizeRow<f32>(<f32>l1, <f32>l2, w, g, n);
}

/** One fused SGD step over a plan on this thread; returns the cost before the update. */
export function step64(plan: usize, eta: f64, scratch: usize): f64 {
  return step<f64>(plan, eta, scratch);
}
export function step32(plan: usize, eta: f64, scratch: usize): f64 {
  return step<f32>(plan, eta, scratch);
}

/** The host's share of a threaded step it has started (shared-memory builds only); returns the cost. */
export function threadedStep64(ctrl: usize): f64 {
  if (ASC_FEATURE_THREADS) return hostStep<f64>(ctrl);
  return unreachable();
}
export function threadedStep32(ctrl: usize): f64 {
  if (ASC_FEATURE_THREADS) return hostStep<f32>(ctrl);
  return unreachable();
}

/** A worker's share of the threaded step in progress (shared-memory builds only). */
export function workerStep(ctrl: usize, tid: i32): void {
  if (ASC_FEATURE_THREADS) share(ctrl, tid);
  else unreachable();
}
