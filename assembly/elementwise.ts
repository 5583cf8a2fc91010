// Row kernels: elementwise work on one row segment of n values. Every matrix kernel and every GEMM
// epilogue walks rows through these, vectors from the segment start and a scalar tail, so the same
// column is computed by the same instructions whichever path (fused or not, threaded or not) reaches it.

import { ONE, SIGMOID_CLAMP, SIGMOID_MAGIC, SIGMOID_UNSCALE, SIGN, TANH_CLAMP, TANH_MAGIC, expQ, expR, expScale, expT, row } from './exp';
import { at, lanes, laneSum, madd, select } from './simd';

/** Activation codes: the ABI shared with src/engine/activations.ts (`Activation.id`). */
export const LINEAR: i32 = 0;
export const SIGMOID: i32 = 1;
export const RELU: i32 = 2;
export const TANH: i32 = 3;

/** y = f(z + bias), df = f'(z + bias) on one scalar; f64 arithmetic, stored as T. */
// @ts-ignore: decorator
@inline function activateScalar<T>(z: T, act: i32, y: usize, df: usize): void {
  const v = <f64>z;
  let f: f64 = v;
  let d: f64 = 1;
  if (act == SIGMOID) {
    // As the vector path: e = e^{−|v|} ≤ 1 (no overflow), σ(v) = r or e·r, f' = e·r².
    const e = Math.exp(-Math.abs(v));
    const r = 1 / (1 + e);
    f = v < 0 ? e * r : r;
    d = e * r * r;
  } else if (act == RELU) {
    // NaN stays NaN in f and f'; −0 stays −0, as in the vector path.
    f = v < 0 ? 0 : v;
    d = v > 0 ? 1 : v <= 0 ? 0 : v;
  } else if (act == TANH) {
    f = Math.tanh(v);
    d = 1 - f * f;
  } else if (isNaN(v)) {
    d = v; // linear: NaN stays NaN in f' too
  }
  store<T>(y, <T>f);
  store<T>(df, <T>d);
}

/**
 * y[j] = f(z[j] + bias[j]), df[j] = f'(z[j] + bias[j]) for j < n. `y` may alias `z`: each element
 * is read before it is written. Every activation is vectorised (sigmoid and tanh through the
 * parts of e^x in exp.ts); the scalar tail uses libm. Their constants other than 0 are
 * loads from exp's table: V8 rebuilds a v128 constant inside the loop on every pass (tanh measured
 * 18% faster with loads).
 */
export function biasActRow<T>(z: usize, bias: usize, y: usize, df: usize, n: i32, act: i32): void {
  // Each activation's vector loop is a function of its own: in one function with the others (and
  // with one loop for linear and ReLU), Node 20's V8 ran the ReLU loop up to 1.8× slower.
  let j = 0;
  if (act == SIGMOID) j = sigmoidVectors<T>(z, bias, y, df, n);
  else if (act == TANH) j = tanhVectors<T>(z, bias, y, df, n);
  else if (act == RELU) j = reluVectors<T>(z, bias, y, df, n);
  else j = linearVectors<T>(z, bias, y, df, n);
  for (; j < n; j++) {
    activateScalar<T>(load<T>(at<T>(z, j)) + load<T>(at<T>(bias, j)), act, at<T>(y, j), at<T>(df, j));
  }
}

/**
 * {@link biasActRow} on rows of one value each (a one-output layer), `rows` of them `ld` apart in z,
 * y and df: what that kernel's scalar tail does to each, in one loop instead of a call per row.
 */
export function biasActColumn<T>(z: usize, bias: usize, y: usize, df: usize, rows: i32, ld: i32, act: i32): void {
  const b = load<T>(bias);
  for (let r = 0; r < rows; r++) activateScalar<T>(load<T>(at<T>(z, r * ld)) + b, act, at<T>(y, r * ld), at<T>(df, r * ld));
}

/** The vector part of {@link biasActRow} for sigmoid; returns the index where the scalar tail starts. */
function sigmoidVectors<T>(z: usize, bias: usize, y: usize, df: usize, n: i32): i32 {
  const L = lanes<T>();
  let j = 0;
  // With x = −|v| = k·ln2 + r and e^r = P/Q (exp.ts): e^x = N/Q·2^−c with N = 2^(k+c)·P, so
  // σ(−|v|) = e^x/(1 + e^x) = N/(Q + N·2^−c)·2^−c, one division; σ(|v|) = 1 − σ(−|v|) (which is
  // ≤ 1/2: no cancellation), and f' = σ(v)·σ(−v) on both sides. Nothing overflows, σ saturates to
  // exactly 1 and to e^x's subnormals, and f' keeps its relative precision.
  for (; j + L <= n; j += L) {
    const v = v128.add<T>(v128.load(at<T>(z, j)), v128.load(at<T>(bias, j)));
    const x = v128.pmax<T>(v128.or(v, row<T>(SIGN)), row<T>(SIGMOID_CLAMP)); // −|v|: the sign bit set
    const t = expT<T>(x, SIGMOID_MAGIC);
    const r = expR<T>(x, t, SIGMOID_MAGIC);
    const q = expQ<T>(r);
    const p = v128.mul<T>(expScale<T>(t), v128.add<T>(q, v128.add<T>(r, r)));
    const unscale = row<T>(SIGMOID_UNSCALE);
    const neg = v128.mul<T>(v128.div<T>(p, madd<T>(p, unscale, q)), unscale);
    const pos = v128.sub<T>(row<T>(ONE), neg);
    v128.store(at<T>(y, j), select<T>(neg, pos, v128.lt<T>(v, v128.splat<T>(<T>0)))); // a zero vector is one instruction
    v128.store(at<T>(df, j), v128.mul<T>(pos, neg));
  }
  return j;
}

/** The vector part of {@link biasActRow} for tanh; returns the index where the scalar tail starts. */
function tanhVectors<T>(z: usize, bias: usize, y: usize, df: usize, n: i32): i32 {
  const L = lanes<T>();
  let j = 0;
  // With x = −2|v| = k·ln2 + r, e^r = P/Q and S = 2^k (exp.ts): tanh|v| = (1 − e^x)/(1 + e^x)
  // = (Q·(1 − S) − 2r·S) / (Q + S·P), one division. The numerator is −2r exactly when k = 0 (no
  // 1 − e^x cancellation for small |v|) and has no cancellation otherwise (|2r·S| < Q·(1 − S)/2);
  // it is computed negated, and v's sign bit is copied over the quotient's, which also makes
  // tanh(±0) = ±0. tanh is exactly ±1 once e^x is below half an ulp. f' = 1 − f².
  for (; j + L <= n; j += L) {
    const v = v128.add<T>(v128.load(at<T>(z, j)), v128.load(at<T>(bias, j)));
    const x = v128.pmax<T>(v128.or(v128.add<T>(v, v), row<T>(SIGN)), row<T>(TANH_CLAMP)); // −2|v| (exact): the sign bit set
    const t = expT<T>(x, TANH_MAGIC);
    const r = expR<T>(x, t, TANH_MAGIC);
    const q = expQ<T>(r);
    const s = expScale<T>(t);
    const rs = v128.mul<T>(r, s);
    const num = madd<T>(q, v128.sub<T>(s, row<T>(ONE)), v128.add<T>(rs, rs));
    const den = madd<T>(s, v128.add<T>(q, v128.add<T>(r, r)), q);
    const f = v128.bitselect(v, v128.div<T>(num, den), row<T>(SIGN));
    v128.store(at<T>(y, j), f);
    v128.store(at<T>(df, j), v128.sub<T>(row<T>(ONE), v128.mul<T>(f, f)));
  }
  return j;
}

/** The vector part of {@link biasActRow} for ReLU; returns the index where the scalar tail starts. */
function reluVectors<T>(z: usize, bias: usize, y: usize, df: usize, n: i32): i32 {
  const L = lanes<T>();
  const one = v128.splat<T>(<T>1);
  const zero = v128.splat<T>(<T>0);
  let j = 0;
  for (; j + L <= n; j += L) {
    // f = pmax(v, 0) = v < 0 ? 0 : v, f' = ⌈pmin(f, 1)⌉ = ⌈f < 1 ? f : 1⌉: 1 for f > 0, 0 for
    // f = 0; NaN passes through both, as does −0 (numpy's z·(z > 0) keeps −0 too).
    const f = v128.pmax<T>(v128.add<T>(v128.load(at<T>(z, j)), v128.load(at<T>(bias, j))), zero);
    v128.store(at<T>(y, j), f);
    v128.store(at<T>(df, j), v128.ceil<T>(v128.pmin<T>(f, one)));
  }
  return j;
}

/** The vector part of {@link biasActRow} for linear; returns the index where the scalar tail starts. */
function linearVectors<T>(z: usize, bias: usize, y: usize, df: usize, n: i32): i32 {
  const L = lanes<T>();
  const one = v128.splat<T>(<T>1);
  let j = 0;
  for (; j + L <= n; j += L) {
    const v = v128.add<T>(v128.load(at<T>(z, j)), v128.load(at<T>(bias, j)));
    v128.store(at<T>(y, j), v);
    v128.store(at<T>(df, j), v128.or(one, v128.ne<T>(v, v))); // v ≠ v only at NaN (NaN stays NaN in f'), and all ones is a NaN
  }
  return j;
}

/** out[j] = a[j] − b[j]. */
export function subRow<T>(a: usize, b: usize, out: usize, n: i32): void {
  const L = lanes<T>();
  let j = 0;
  for (; j + L <= n; j += L) v128.store(at<T>(out, j), v128.sub<T>(v128.load(at<T>(a, j)), v128.load(at<T>(b, j))));
  for (; j < n; j++) store<T>(at<T>(out, j), load<T>(at<T>(a, j)) - load<T>(at<T>(b, j)));
}

/** out[j] = a[j] · b[j]. */
export function mulRow<T>(a: usize, b: usize, out: usize, n: i32): void {
  const L = lanes<T>();
  let j = 0;
  for (; j + L <= n; j += L) v128.store(at<T>(out, j), v128.mul<T>(v128.load(at<T>(a, j)), v128.load(at<T>(b, j))));
  for (; j < n; j++) store<T>(at<T>(out, j), load<T>(at<T>(a, j)) * load<T>(at<T>(b, j)));
}

/** out[j] = alpha · a[j]. */
export function scaleRow<T>(alpha: T, a: usize, out: usize, n: i32): void {
  const L = lanes<T>();
  const s = v128.splat<T>(alpha);
  let j = 0;
  for (; j + L <= n; j += L) v128.store(at<T>(out, j), v128.mul<T>(s, v128.load(at<T>(a, j))));
  for (; j < n; j++) store<T>(at<T>(out, j), alpha * load<T>(at<T>(a, j)));
}

/** y[j] += alpha · x[j]. */
export function axpyRow<T>(alpha: T, x: usize, y: usize, n: i32): void {
  const L = lanes<T>();
  const s = v128.splat<T>(alpha);
  let j = 0;
  for (; j + L <= n; j += L) v128.store(at<T>(y, j), madd<T>(s, v128.load(at<T>(x, j)), v128.load(at<T>(y, j))));
  for (; j < n; j++) store<T>(at<T>(y, j), alpha * load<T>(at<T>(x, j)) + load<T>(at<T>(y, j)));
}

/** g[j] = alpha · acc[j], then w[j] += −eta · g[j]: the SGD step written straight into the weights. */
export function sgdRow<T>(alpha: T, acc: usize, g: usize, negEta: T, w: usize, n: i32): void {
  scaleRow<T>(alpha, acc, g, n);
  updateRow<T>(negEta, g, w, n);
}

/**
 * {@link sgdRow} on rows of one value each (a one-output layer's weight gradient): `rows` raw sums
 * `lds` apart, g and w `ld` apart; what that kernel's scalar tails do to each (g = alpha · acc,
 * then w += −eta · g with the probe), in one loop instead of two calls per row.
 */
export function sgdColumn<T>(alpha: T, acc: usize, lds: i32, g: usize, negEta: T, w: usize, ld: i32, rows: i32): void {
  let tail: T = 0;
  for (let r = 0; r < rows; r++) {
    const gr: T = alpha * load<T>(at<T>(acc, r * lds));
    store<T>(at<T>(g, r * ld), gr);
    const v: T = negEta * gr + load<T>(at<T>(w, r * ld));
    store<T>(at<T>(w, r * ld), v);
    tail += <T>0 * v;
  }
  addProbe<T>(tail);
}

// The finiteness probe of the fused update. Each updated parameter v adds 0·v to it: 0 for finite
// v, NaN for ±∞ or NaN (0·∞ = NaN), so after a step it says whether every parameter is finite, for
// one more multiply-add per vector of a loop that is bound by memory. Globals are per instance,
// so each thread has its own probe.
let probe: v128 = v128.splat<i32>(0);

/** Zeroes this thread's probe (the same bits for f64 and f32 lanes). */
export function resetProbe(): void {
  probe = v128.splat<i32>(0);
}

/** This thread's probe: 0 if every parameter updated since {@link resetProbe} is finite, else NaN. */
export function probeValue<T>(): f64 {
  return <f64>laneSum<T>(probe);
}

/** {@link axpyRow} for parameters (w += alpha · g, the same bits), adding 0 · w_new to the probe. */
export function updateRow<T>(alpha: T, g: usize, w: usize, n: i32): void {
  const L = lanes<T>();
  const s = v128.splat<T>(alpha);
  const zero = v128.splat<T>(0);
  let p = probe;
  let j = 0;
  for (; j + L <= n; j += L) {
    const v = madd<T>(s, v128.load(at<T>(g, j)), v128.load(at<T>(w, j)));
    v128.store(at<T>(w, j), v);
    p = madd<T>(zero, v, p);
  }
  let tail: T = 0;
  for (; j < n; j++) {
    const v: T = alpha * load<T>(at<T>(g, j)) + load<T>(at<T>(w, j));
    store<T>(at<T>(w, j), v);
    tail += <T>0 * v;
  }
  probe = v128.add<T>(p, v128.splat<T>(tail));
}

/** Adds 0 · w[j] to the probe for j < n (for updates that write w without {@link updateRow}). */
export function probeRow<T>(w: usize, n: i32): void {
  const L = lanes<T>();
  const zero = v128.splat<T>(0);
  let p = probe;
  let j = 0;
  for (; j + L <= n; j += L) p = madd<T>(zero, v128.load(at<T>(w, j)), p);
  let tail: T = 0;
  for (; j < n; j++) tail += <T>0 * load<T>(at<T>(w, j));
  probe = v128.add<T>(p, v128.splat<T>(tail));
}

/** Adds `sum` (a fused row's 0·w products: 0, or NaN for a non-finite w) to the probe. */
export function addProbe<T>(sum: T): void {
  probe = v128.add<T>(probe, v128.splat<T>(sum));
}

/** Σ a[j]², accumulated in f64 (lanes in order, then the tail). */
export function sumSquaresRow<T>(a: usize, n: i32): f64 {
  let j = 0;
  let sum: f64 = 0;
  if (sizeof<T>() == 8) {
    let acc = v128.splat<f64>(0);
    for (; j + 2 <= n; j += 2) {
      const v = v128.load(at<T>(a, j));
      acc = madd<f64>(v, v, acc);
    }
    sum = laneSum<f64>(acc);
  }
  for (; j < n; j++) {
    const v = <f64>load<T>(at<T>(a, j));
    sum += v * v;
  }
  return sum;
}

/** Σ over `rows` rows (stride `ld`) of row sums of squares, row by row in order. */
export function sumSquares<T>(a: usize, ld: i32, rows: i32, cols: i32): f64 {
  let sum: f64 = 0;
  for (let i = 0; i < rows; i++) sum += sumSquaresRow<T>(at<T>(a, i * ld), cols);
  return sum;
}

/**
 * out[j] = alpha · Σ_i a[i][j] for j < cols, summing rows in order (numpy's `delta.sum(0)`); four
 * column vectors at a time, so four independent chains hide the latency of the adds.
 */
export function sumColumns<T>(a: usize, ld: i32, rows: i32, cols: i32, out: usize, alpha: T): void {
  const L = lanes<T>();
  const s = v128.splat<T>(alpha);
  const stride: usize = <usize>ld << alignof<T>();
  let j = 0;
  for (; j + 4 * L <= cols; j += 4 * L) {
    let c0 = v128.splat<T>(<T>0), c1 = c0, c2 = c0, c3 = c0;
    let p = at<T>(a, j);
    for (let i = 0; i < rows; i++) {
      c0 = v128.add<T>(c0, v128.load(p));
      c1 = v128.add<T>(c1, v128.load(p, 16));
      c2 = v128.add<T>(c2, v128.load(p, 32));
      c3 = v128.add<T>(c3, v128.load(p, 48));
      p += stride;
    }
    const o = at<T>(out, j);
    v128.store(o, v128.mul<T>(s, c0));
    v128.store(o, v128.mul<T>(s, c1), 16);
    v128.store(o, v128.mul<T>(s, c2), 32);
    v128.store(o, v128.mul<T>(s, c3), 48);
  }
  for (; j + L <= cols; j += L) {
    let acc = v128.splat<T>(<T>0);
    for (let i = 0; i < rows; i++) acc = v128.add<T>(acc, v128.load(at<T>(a, i * ld + j)));
    v128.store(at<T>(out, j), v128.mul<T>(s, acc));
  }
  for (; j < cols; j++) {
    let acc: T = <T>0;
    for (let i = 0; i < rows; i++) acc += load<T>(at<T>(a, i * ld + j));
    store<T>(at<T>(out, j), alpha * acc);
  }
}

// Optimizer rows: the generic (unfused) update kernels. Each is one pass over a parameter-shaped
// row segment, so an optimizer's rule is a few such passes (src/optimizers/ composes them).

/** y[j] = alpha · x[j] + beta · y[j] (a moving average of gradients, a momentum buffer). */
export function axpbyRow<T>(alpha: T, x: usize, beta: T, y: usize, n: i32): void {
  const L = lanes<T>();
  const a = v128.splat<T>(alpha);
  const b = v128.splat<T>(beta);
  let j = 0;
  for (; j + L <= n; j += L) v128.store(at<T>(y, j), madd<T>(a, v128.load(at<T>(x, j)), v128.mul<T>(b, v128.load(at<T>(y, j)))));
  for (; j < n; j++) store<T>(at<T>(y, j), alpha * load<T>(at<T>(x, j)) + beta * load<T>(at<T>(y, j)));
}

/** s[j] = beta · s[j] + alpha · g[j]² (a moving average or running sum of squared gradients). */
export function addSquaresRow<T>(alpha: T, g: usize, beta: T, s: usize, n: i32): void {
  const L = lanes<T>();
  const a = v128.splat<T>(alpha);
  const b = v128.splat<T>(beta);
  let j = 0;
  for (; j + L <= n; j += L) {
    const v = v128.load(at<T>(g, j));
    v128.store(at<T>(s, j), madd<T>(a, v128.mul<T>(v, v), v128.mul<T>(b, v128.load(at<T>(s, j)))));
  }
  for (; j < n; j++) {
    const v = load<T>(at<T>(g, j));
    store<T>(at<T>(s, j), alpha * (v * v) + beta * load<T>(at<T>(s, j)));
  }
}

/** p[j] −= lr · m[j] / (√(sScale · s[j]) + eps): the step of Adam, RMSprop and Adagrad. */
export function adaptiveRow<T>(lr: T, m: usize, s: usize, sScale: T, eps: T, p: usize, n: i32): void {
  const L = lanes<T>();
  const r = v128.splat<T>(lr);
  const c = v128.splat<T>(sScale);
  const e = v128.splat<T>(eps);
  let j = 0;
  for (; j + L <= n; j += L) {
    const d = v128.add<T>(v128.sqrt<T>(v128.mul<T>(c, v128.load(at<T>(s, j)))), e);
    const u = v128.div<T>(v128.mul<T>(r, v128.load(at<T>(m, j))), d);
    v128.store(at<T>(p, j), v128.sub<T>(v128.load(at<T>(p, j)), u));
  }
  for (; j < n; j++) {
    const d: T = <T>Math.sqrt(<f64>(sScale * load<T>(at<T>(s, j)))) + eps;
    store<T>(at<T>(p, j), load<T>(at<T>(p, j)) - (lr * load<T>(at<T>(m, j))) / d);
  }
}

/** g[j] += l2 · w[j] + l1 · sign(w[j]) (sign(0) = 0): the gradient of L2/L1 regularization. */
export function regularizeRow<T>(l1: T, l2: T, w: usize, g: usize, n: i32): void {
  const L = lanes<T>();
  const a = v128.splat<T>(l1);
  const b = v128.splat<T>(l2);
  const zero = v128.splat<T>(0);
  const one = v128.splat<T>(1);
  let j = 0;
  for (; j + L <= n; j += L) {
    const v = v128.load(at<T>(w, j));
    // sign(v) = [v > 0] − [v < 0], from the comparison masks.
    const sign = v128.sub<T>(v128.and(one, v128.gt<T>(v, zero)), v128.and(one, v128.lt<T>(v, zero)));
    const reg = v128.add<T>(v128.mul<T>(b, v), v128.mul<T>(a, sign));
    v128.store(at<T>(g, j), v128.add<T>(v128.load(at<T>(g, j)), reg));
  }
  for (; j < n; j++) {
    const v = load<T>(at<T>(w, j));
    const sign: T = v > 0 ? <T>1 : v < 0 ? <T>-1 : <T>0;
    store<T>(at<T>(g, j), load<T>(at<T>(g, j)) + (l2 * v + l1 * sign));
  }
}
