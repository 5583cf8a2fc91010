// The fused optimizer update: one row segment of a parameter, its gradient (already in place) and
// its state rows, updated by the rule the plan names. Each rule is the same sequence of row kernels
// as its generic form in src/optimizers/ (which runs them over whole tensors), so the two agree
// to rounding; ids and the coefficient block are the ABI of src/engine/wasm/fusedUpdate.ts.

import { adaptiveRow, addProbe, addSquaresRow, axpbyRow, axpyRow, probeRow, regularizeRow, updateRow } from './elementwise';
import { at, laneSum, lanes, madd } from './simd';

export const SGD_ID: i32 = 0;
export const MOMENTUM_ID: i32 = 1;
export const NESTEROV_ID: i32 = 2;
export const ADAM_ID: i32 = 3;
export const ADAMW_ID: i32 = 4;
export const RMSPROP_ID: i32 = 5;
export const ADAGRAD_ID: i32 = 6;

// Coefficient block, f64 values (written by the host before every step).
const K_A: i32 = 0; // momentum μ; Adam β₁; RMSprop α
const K_B: i32 = 1; // Adam β₂
const K_C: i32 = 2; // Adam 1 / (1 − β₁ᵗ), a factor of the learning rate
const K_D: i32 = 3; // Adam 1 / (1 − β₂ᵗ), the scale of s under the root
const K_EPS: i32 = 4;
const K_DECAY: i32 = 5; // AdamW weight decay
const K_L1: i32 = 6;
const K_L2: i32 = 7;

// Per instance (per thread), set once per phase by setUpdate.
let kind: i32 = SGD_ID;
let cA: f64 = 0;
let cB: f64 = 0;
let cC: f64 = 0;
let cD: f64 = 0;
let cEps: f64 = 0;
let cDecay: f64 = 0;
let cL1: f64 = 0;
let cL2: f64 = 0;

/** Loads the rule and its coefficients for the step in progress. */
export function setUpdate(id: i32, block: usize): void {
  kind = id;
  cA = load<f64>(at<f64>(block, K_A));
  cB = load<f64>(at<f64>(block, K_B));
  cC = load<f64>(at<f64>(block, K_C));
  cD = load<f64>(at<f64>(block, K_D));
  cEps = load<f64>(at<f64>(block, K_EPS));
  cDecay = load<f64>(at<f64>(block, K_DECAY));
  cL1 = load<f64>(at<f64>(block, K_L1));
  cL2 = load<f64>(at<f64>(block, K_L2));
}

/**
 * Updates w[0..n) from its gradient g (regularized here when `weight`), with learning rate lr and
 * the state rows s1, s2 (0 when the rule has fewer), adding each new w to the finiteness probe.
 */
export function optimizeRow<T>(g: usize, w: usize, s1: usize, s2: usize, n: i32, weight: bool, lr: f64): void {
  if (weight && (cL1 != 0 || cL2 != 0)) regularizeRow<T>(<T>cL1, <T>cL2, w, g, n);
  if (kind == SGD_ID) {
    updateRow<T>(<T>-lr, g, w, n);
    return;
  }
  if (kind == MOMENTUM_ID) {
    axpbyRow<T>(<T>1, g, <T>cA, s1, n);
    updateRow<T>(<T>-lr, s1, w, n);
  } else if (kind == NESTEROV_ID) {
    axpbyRow<T>(<T>1, g, <T>cA, s1, n);
    axpyRow<T>(<T>-lr, g, w, n);
    updateRow<T>(<T>(-lr * cA), s1, w, n);
  } else if (kind == ADAM_ID || kind == ADAMW_ID) {
    adamRow<T>(g, w, s1, s2, n, weight && cDecay != 0 ? -lr * cDecay : 0, lr * cC);
  } else if (kind == RMSPROP_ID) {
    addSquaresRow<T>(<T>(1 - cA), g, <T>cA, s1, n);
    adaptiveRow<T>(<T>lr, g, s1, <T>1, <T>cEps, w, n);
    probeRow<T>(w, n);
  } else {
    addSquaresRow<T>(<T>1, g, <T>1, s1, n);
    adaptiveRow<T>(<T>lr, g, s1, <T>1, <T>cEps, w, n);
    probeRow<T>(w, n);
  }
}

// adamRow's constants, splatted, as globals: kept in locals, V8 runs out of registers in its loop
// and re-derives each of them (f64 global → convert → splat) in every iteration, where a global
// costs one load.
let vB1: v128 = i64x2.splat(0);
let vA1: v128 = i64x2.splat(0);
let vB2: v128 = i64x2.splat(0);
let vA2: v128 = i64x2.splat(0);
let vScale: v128 = i64x2.splat(0);
let vEps: v128 = i64x2.splat(0);
let vRate: v128 = i64x2.splat(0);
let vDecay: v128 = i64x2.splat(0);

/**
 * Adam's update in one pass over the row (the hot optimizer): per element the very operations of
 * axpyRow (AdamW's decay), axpbyRow (m), addSquaresRow (s), adaptiveRow (w) and probeRow, in that
 * order, so it computes what the rule's kernel sequence computes while loading g, m, s and w once.
 */
function adamRow<T>(g: usize, w: usize, m: usize, s: usize, n: i32, decay: f64, lrc: f64): void {
  const L = lanes<T>();
  vB1 = v128.splat<T>(<T>cA);
  vA1 = v128.splat<T>(<T>(1 - cA));
  vB2 = v128.splat<T>(<T>cB);
  vA2 = v128.splat<T>(<T>(1 - cB));
  vScale = v128.splat<T>(<T>cD);
  vEps = v128.splat<T>(<T>cEps);
  vRate = v128.splat<T>(<T>lrc);
  vDecay = v128.splat<T>(<T>decay);
  const zero = v128.splat<T>(0);
  const decays = decay != 0;
  let p = zero;
  let j = 0;
  for (; j + L <= n; j += L) {
    const gv = v128.load(at<T>(g, j));
    let wv = v128.load(at<T>(w, j));
    if (decays) wv = madd<T>(vDecay, wv, wv);
    const mv = madd<T>(vA1, gv, v128.mul<T>(vB1, v128.load(at<T>(m, j))));
    const sv = madd<T>(vA2, v128.mul<T>(gv, gv), v128.mul<T>(vB2, v128.load(at<T>(s, j))));
    v128.store(at<T>(m, j), mv);
    v128.store(at<T>(s, j), sv);
    const denominator = v128.add<T>(v128.sqrt<T>(v128.mul<T>(vScale, sv)), vEps);
    wv = v128.sub<T>(wv, v128.div<T>(v128.mul<T>(vRate, mv), denominator));
    v128.store(at<T>(w, j), wv);
    p = madd<T>(zero, wv, p);
  }
  // The scalar tails of the same kernels, inline: thin layers (one output) are all tail.
  const sb1 = <T>cA;
  const sa1 = <T>(1 - cA);
  const sb2 = <T>cB;
  const sa2 = <T>(1 - cB);
  const sScale = <T>cD;
  const sEps = <T>cEps;
  const sr = <T>lrc;
  const sd = <T>decay;
  let tail = laneSum<T>(p);
  for (let k = j; k < n; k++) {
    const gk = load<T>(at<T>(g, k));
    let wk = load<T>(at<T>(w, k));
    if (decays) wk = sd * wk + wk;
    const mk: T = sa1 * gk + sb1 * load<T>(at<T>(m, k));
    const sk: T = sa2 * (gk * gk) + sb2 * load<T>(at<T>(s, k));
    store<T>(at<T>(m, k), mk);
    store<T>(at<T>(s, k), sk);
    wk = wk - (sr * mk) / (<T>Math.sqrt(<f64>(sScale * sk)) + sEps);
    store<T>(at<T>(w, k), wk);
    tail += <T>0 * wk;
  }
  addProbe<T>(tail);
}
