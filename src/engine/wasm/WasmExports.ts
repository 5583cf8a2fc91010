/**
 * The exports of the kernel module built from `assembly/index.ts` (byte offsets into its memory;
 * `…64` kernels work on f64 storage, `…32` on f32). Booleans travel as i32.
 *
 * @example
 * exports.matMul64(a, b, out, M, N, K, false, true, 1, scratch);
 */
export interface WasmExports {
  heapBase(): number;
  matMulScratch64(M: number, N: number, K: number, transA: boolean, transB: boolean): number;
  matMulScratch32(M: number, N: number, K: number, transA: boolean, transB: boolean): number;
  matMul64(a: number, b: number, out: number, M: number, N: number, K: number, transA: boolean, transB: boolean, alpha: number, scratch: number): void;
  matMul32(a: number, b: number, out: number, M: number, N: number, K: number, transA: boolean, transB: boolean, alpha: number, scratch: number): void;
  biasActivation64(z: number, bias: number, y: number, df: number, rows: number, cols: number, act: number): void;
  biasActivation32(z: number, bias: number, y: number, df: number, rows: number, cols: number, act: number): void;
  dense64(x: number, w: number, bias: number, y: number, df: number, M: number, N: number, K: number, act: number, scratch: number): void;
  dense32(x: number, w: number, bias: number, y: number, df: number, M: number, N: number, K: number, act: number, scratch: number): void;
  sub64(a: number, b: number, out: number, rows: number, cols: number): void;
  sub32(a: number, b: number, out: number, rows: number, cols: number): void;
  mul64(a: number, b: number, out: number, rows: number, cols: number): void;
  mul32(a: number, b: number, out: number, rows: number, cols: number): void;
  sumSquares64(a: number, rows: number, cols: number): number;
  sumSquares32(a: number, rows: number, cols: number): number;
  sumColumns64(a: number, out: number, rows: number, cols: number, alpha: number): void;
  sumColumns32(a: number, out: number, rows: number, cols: number, alpha: number): void;
  axpy64(alpha: number, x: number, y: number, rows: number, cols: number): void;
  axpy32(alpha: number, x: number, y: number, rows: number, cols: number): void;
  axpby64(alpha: number, x: number, beta: number, y: number, n: number): void;
  axpby32(alpha: number, x: number, beta: number, y: number, n: number): void;
  addSquares64(alpha: number, g: number, beta: number, s: number, n: number): void;
  addSquares32(alpha: number, g: number, beta: number, s: number, n: number): void;
  adaptiveStep64(lr: number, m: number, s: number, sScale: number, eps: number, p: number, n: number): void;
  adaptiveStep32(lr: number, m: number, s: number, sScale: number, eps: number, p: number, n: number): void;
  regularize64(l1: number, l2: number, w: number, g: number, n: number): void;
  regularize32(l1: number, l2: number, w: number, g: number, n: number): void;
  step64(plan: number, eta: number, scratch: number): number;
  step32(plan: number, eta: number, scratch: number): number;
  /** n f64 at src into f32 at dst, rounded to nearest (the f32 engine's writes). */
  demoteToF32(src: number, dst: number, n: number): void;
  /** Shared-memory builds only (the others trap). */
  threadedStep64(ctrl: number): number;
  threadedStep32(ctrl: number): number;
  workerStep(ctrl: number, tid: number): void;
}

/** The kernels of one precision, with the suffix dropped. */
export interface PrecisionKernels {
  matMulScratch(M: number, N: number, K: number, transA: boolean, transB: boolean): number;
  matMul(a: number, b: number, out: number, M: number, N: number, K: number, transA: boolean, transB: boolean, alpha: number, scratch: number): void;
  biasActivation(z: number, bias: number, y: number, df: number, rows: number, cols: number, act: number): void;
  dense(x: number, w: number, bias: number, y: number, df: number, M: number, N: number, K: number, act: number, scratch: number): void;
  sub(a: number, b: number, out: number, rows: number, cols: number): void;
  mul(a: number, b: number, out: number, rows: number, cols: number): void;
  sumSquares(a: number, rows: number, cols: number): number;
  sumColumns(a: number, out: number, rows: number, cols: number, alpha: number): void;
  axpy(alpha: number, x: number, y: number, rows: number, cols: number): void;
  axpby(alpha: number, x: number, beta: number, y: number, n: number): void;
  addSquares(alpha: number, g: number, beta: number, s: number, n: number): void;
  adaptiveStep(lr: number, m: number, s: number, sScale: number, eps: number, p: number, n: number): void;
  regularize(l1: number, l2: number, w: number, g: number, n: number): void;
  step(plan: number, eta: number, scratch: number): number;
  threadedStep(ctrl: number): number;
}

/**
 * Picks the f64 or f32 kernels out of the module's exports.
 *
 * @example
 * const k = kernelsFor(exports, 'f32'); k.sub(a, b, out, rows, cols);
 */
export function kernelsFor(e: WasmExports, precision: 'f64' | 'f32'): PrecisionKernels {
  return precision === 'f64'
    ? {
        matMulScratch: e.matMulScratch64, matMul: e.matMul64, biasActivation: e.biasActivation64, dense: e.dense64, sub: e.sub64, mul: e.mul64,
        sumSquares: e.sumSquares64, sumColumns: e.sumColumns64, axpy: e.axpy64, step: e.step64,
        axpby: e.axpby64, addSquares: e.addSquares64, adaptiveStep: e.adaptiveStep64, regularize: e.regularize64, threadedStep: e.threadedStep64,
      }
    : {
        matMulScratch: e.matMulScratch32, matMul: e.matMul32, biasActivation: e.biasActivation32, dense: e.dense32, sub: e.sub32, mul: e.mul32,
        sumSquares: e.sumSquares32, sumColumns: e.sumColumns32, axpy: e.axpy32, step: e.step32,
        axpby: e.axpby32, addSquares: e.addSquares32, adaptiveStep: e.adaptiveStep32, regularize: e.regularize32, threadedStep: e.threadedStep32,
      };
}
