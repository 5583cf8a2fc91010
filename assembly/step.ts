// One whole SGD step (forward, backprop, update) in one call, over a plan laid out by the host.
// The work is split in two phases so that threads can share it without any order-dependent
// reduction: phase 1 splits the batch rows (forward, output delta, backprop of deltas), phase 2
// splits the weight rows and bias columns (gradients and the update). With one thread, the same
// code runs both phases over everything, so threaded and single-threaded steps agree to the bit.

import { at, lanes, madd } from './simd';
import { BIAS_ACT, MUL_DF, OPTIMIZE, SGD, columnSumsFused, gemm, setColumnSums, setEpilogue, setEpilogueSlots, setSparseA, sparseProduct } from './gemm';
import { mulRow, probeValue, resetProbe, subRow, sumColumns, sumSquaresRow, updateRow } from './elementwise';
import { sigmoidBceRow, softmaxCeRow } from './losses';
import { optimizeRow, setUpdate } from './update';

// Plan layout, in i32 words (written by compileStep in src/engine/wasm/wasmEngine.ts).
const P_LAYERS: i32 = 0;
const P_BATCH: i32 = 1;
const P_TARGETS: i32 = 2;
const P_ROW_COST: i32 = 3; // B f64 values: each row's Σ(y − t)²
const P_PROBES: i32 = 4; // one f64 per thread: 0 if every parameter it updated is finite, else NaN
const P_LOSS: i32 = 5; // loss id (src/losses): 0 mse, 1 softmax-ce, 2 sigmoid-bce
const P_OPTIMIZER: i32 = 6; // optimizer id (src/optimizers), or −1: plain SGD without regularization
const P_COEFFICIENTS: i32 = 7; // the optimizer's f64 coefficient block (assembly/update.ts)
const P_HEADER: i32 = 8;
// Per layer j, starting at word P_HEADER + LAYER_WORDS·j.
const L_IN: i32 = 0;
const L_OUT: i32 = 1;
const L_ACT: i32 = 2;
const L_Y_IN: i32 = 3; // ys[j], B × nIn
const L_Y_OUT: i32 = 4; // ys[j+1], B × nOut
const L_W: i32 = 5;
const L_B: i32 = 6;
const L_DW: i32 = 7;
const L_DB: i32 = 8;
const L_DF: i32 = 9;
const L_DELTA: i32 = 10;
const L_W_SLOT1: i32 = 11; // the weights' optimizer state (0: none)
const L_W_SLOT2: i32 = 12;
const L_B_SLOT1: i32 = 13; // the biases' optimizer state (0: none)
const L_B_SLOT2: i32 = 14;
const LAYER_WORDS: i32 = 15;

/** Thread splits fall on multiples of 4 rows, the rowwise blocks' height and a multiple of every lane count. */
const ALIGN: i32 = 4;

// @ts-ignore: decorator
@inline function word(plan: usize, index: i32): i32 {
  return load<i32>(plan + (<usize>index << 2));
}

// @ts-ignore: decorator
@inline function layerWord(plan: usize, j: i32, field: i32): i32 {
  return word(plan, P_HEADER + LAYER_WORDS * j + field);
}

/** First index of thread `tid`'s share of n items. */
// @ts-ignore: decorator
@inline function shareStart(n: i32, tid: i32, threads: i32): i32 {
  const chunk = ((n + threads - 1) / threads + ALIGN - 1) / ALIGN * ALIGN;
  return min(n, tid * chunk);
}

/**
 * Whether this step's input batch is sparse enough for the first layer's products to skip its
 * zeros (see gemmSparse.ts), forward and in the weight gradient. Every thread decides it in phase 1
 * from the whole batch, so all take the same path. Per instance, so per thread.
 */
let sparseInput: bool = false;

/**
 * Phase 1 for batch rows of thread `tid`: forward through every layer (bias + activation fused),
 * the output delta (y − t) ⊙ f' and each row's squared error, then the deltas of the hidden layers
 * δ_{j−1} = (δ_j · W_jᵀ) ⊙ f'_{j−1}. Reads the weights, writes none.
 */
export function phase1<T>(plan: usize, tid: i32, threads: i32, scratch: usize): void {
  const L = word(plan, P_LAYERS);
  const B = word(plan, P_BATCH);
  const r0 = shareStart(B, tid, threads);
  const r1 = shareStart(B, tid + 1, threads);
  const rows = r1 - r0;
  sparseInput = sparseProduct<T>(layerWord(plan, 0, L_Y_IN), B, layerWord(plan, 0, L_OUT), layerWord(plan, 0, L_IN), false);
  if (rows <= 0) return;
  for (let j = 0; j < L; j++) {
    const nIn = layerWord(plan, j, L_IN);
    const nOut = layerWord(plan, j, L_OUT);
    setEpilogue(BIAS_ACT, layerWord(plan, j, L_B), at<T>(layerWord(plan, j, L_DF), r0 * nOut), layerWord(plan, j, L_ACT), 0);
    setSparseA(j == 0 && sparseInput);
    gemm<T>(at<T>(layerWord(plan, j, L_Y_IN), r0 * nIn), nIn, false, layerWord(plan, j, L_W), nOut, false,
      at<T>(layerWord(plan, j, L_Y_OUT), r0 * nOut), nOut, rows, nOut, nIn, <T>1, B, scratch);
  }
  setSparseA(false);
  const nOut = layerWord(plan, L - 1, L_OUT);
  const y = layerWord(plan, L - 1, L_Y_OUT);
  const t = word(plan, P_TARGETS);
  const df = layerWord(plan, L - 1, L_DF);
  const delta = layerWord(plan, L - 1, L_DELTA);
  const rowCost = <usize>word(plan, P_ROW_COST);
  const loss = word(plan, P_LOSS);
  if (loss == 0) {
    // Squared error: y − t and × f' are elementwise, so the thread's rows go through each in one
    // call (a one-output net would otherwise make three calls per row); each row's cost is its
    // own sum, as before. For one output that sum is 0 + d·d, which is d·d.
    const off = r0 * nOut;
    const n = (r1 - r0) * nOut;
    subRow<T>(at<T>(y, off), at<T>(t, off), at<T>(delta, off), n);
    for (let r = r0; r < r1; r++) {
      let cost: f64;
      if (nOut == 1) {
        const d = <f64>load<T>(at<T>(delta, r));
        cost = d * d;
      } else cost = sumSquaresRow<T>(at<T>(delta, r * nOut), nOut);
      store<f64>(at<f64>(rowCost, r), cost);
    }
    mulRow<T>(at<T>(delta, off), at<T>(df, off), at<T>(delta, off), n);
  } else {
    for (let r = r0; r < r1; r++) {
      const off = r * nOut;
      const cost = loss == 1
        ? softmaxCeRow<T>(at<T>(y, off), at<T>(t, off), at<T>(delta, off), nOut)
        : sigmoidBceRow<T>(at<T>(y, off), at<T>(t, off), at<T>(delta, off), nOut);
      store<f64>(at<f64>(rowCost, r), cost);
      mulRow<T>(at<T>(delta, off), at<T>(df, off), at<T>(delta, off), nOut);
    }
  }
  for (let j = L - 1; j > 0; j--) {
    const nIn = layerWord(plan, j, L_IN);
    const nOut = layerWord(plan, j, L_OUT);
    if (nOut == 1) {
      deltaThroughOne<T>(at<T>(layerWord(plan, j, L_DELTA), r0), layerWord(plan, j, L_W),
        at<T>(layerWord(plan, j - 1, L_DF), r0 * nIn), at<T>(layerWord(plan, j - 1, L_DELTA), r0 * nIn), rows, nIn);
      continue;
    }
    setEpilogue(MUL_DF, 0, at<T>(layerWord(plan, j - 1, L_DF), r0 * nIn), 0, 0);
    gemm<T>(at<T>(layerWord(plan, j, L_DELTA), r0 * nOut), nOut, false, layerWord(plan, j, L_W), nOut, true,
      at<T>(layerWord(plan, j - 1, L_DELTA), r0 * nIn), nIn, rows, nIn, nOut, <T>1, B, scratch);
  }
}

/**
 * The delta through a one-output layer, δ_in = (δ_out · Wᵀ) ⊙ f' with W its n weights: row r is
 * δ_out[r] · w ⊙ f'[r]. The same values as the product gemm would run (the rowwise path, K = 1):
 * each element one multiply-add from zero (so a −0 product gives +0 there too), then × f'. As a
 * loop of its own it skips that path's strips and blocks: the seed net's f32 step 9.9 → 9.3 µs
 * (bench/activation-cost.ts), its f64 step unchanged.
 */
function deltaThroughOne<T>(dOut: usize, w: usize, df: usize, out: usize, rows: i32, n: i32): void {
  const L = lanes<T>();
  const zero = v128.splat<T>(<T>0);
  for (let r = 0; r < rows; r++) {
    const d = load<T>(at<T>(dOut, r));
    const dv = v128.splat<T>(d);
    const f = at<T>(df, r * n);
    const o = at<T>(out, r * n);
    let j = 0;
    for (; j + L <= n; j += L) v128.store(at<T>(o, j), v128.mul<T>(madd<T>(dv, v128.load(at<T>(w, j)), zero), v128.load(at<T>(f, j))));
    for (; j < n; j++) {
      let s: T = <T>0;
      s = d * load<T>(at<T>(w, j)) + s;
      store<T>(at<T>(o, j), s * load<T>(at<T>(f, j)));
    }
  }
}

/**
 * Phase 2 for thread `tid`'s weight rows and bias columns of every layer:
 * dW = Yᵀ·δ / B written to dW and applied to W, db = Σ_rows δ / B written to db and applied to b,
 * by plain SGD or by the plan's optimizer (with regularization; `eta` is the step's learning rate).
 * Stores the thread's finiteness probe of the parameters it updated.
 */
export function phase2<T>(plan: usize, tid: i32, threads: i32, eta: f64, scratch: usize): void {
  const L = word(plan, P_LAYERS);
  const B = word(plan, P_BATCH);
  const invB: T = <T>(1 / <f64>B);
  const optimizer = word(plan, P_OPTIMIZER);
  if (optimizer >= 0) setUpdate(optimizer, <usize>word(plan, P_COEFFICIENTS));
  resetProbe();
  for (let j = 0; j < L; j++) {
    const nIn = layerWord(plan, j, L_IN);
    const nOut = layerWord(plan, j, L_OUT);
    const delta = layerWord(plan, j, L_DELTA);
    const i0 = shareStart(nIn, tid, threads);
    const i1 = shareStart(nIn, tid + 1, threads);
    // A thin first layer (one or two inputs, all in thread 0's share) has its bias gradient summed
    // in the weight gradient's pass over δ, with the same bits as sumColumns.
    const dbFused = columnSumsFused<T>(nIn, nOut) && shareStart(nIn, 1, threads) >= nIn;
    if (i1 > i0) {
      if (dbFused) setColumnSums(layerWord(plan, j, L_DB));
      if (optimizer < 0) setEpilogue(SGD, 0, at<T>(layerWord(plan, j, L_W), i0 * nOut), 0, eta);
      else {
        setEpilogue(OPTIMIZE, 0, at<T>(layerWord(plan, j, L_W), i0 * nOut), 0, eta);
        const s1 = layerWord(plan, j, L_W_SLOT1);
        const s2 = layerWord(plan, j, L_W_SLOT2);
        setEpilogueSlots(s1 == 0 ? 0 : at<T>(s1, i0 * nOut), s2 == 0 ? 0 : at<T>(s2, i0 * nOut));
      }
      // The first layer's inputs, sparse forward, are as sparse as rows of op(A) = Yᵀ here.
      setSparseA(j == 0 && sparseInput);
      gemm<T>(at<T>(layerWord(plan, j, L_Y_IN), i0), nIn, true, delta, nOut, false,
        at<T>(layerWord(plan, j, L_DW), i0 * nOut), nOut, i1 - i0, nOut, B, invB, nIn, scratch);
      setSparseA(false);
      setColumnSums(0);
    }
    // With db fused, thread 0 (which summed every column) also updates every bias.
    const c0 = dbFused ? (tid == 0 ? 0 : nOut) : shareStart(nOut, tid, threads);
    const c1 = dbFused ? nOut : shareStart(nOut, tid + 1, threads);
    if (c1 > c0) {
      const db = at<T>(layerWord(plan, j, L_DB), c0);
      if (!dbFused) sumColumns<T>(at<T>(delta, c0), nOut, B, c1 - c0, db, invB);
      const b = at<T>(layerWord(plan, j, L_B), c0);
      if (optimizer < 0) updateRow<T>(<T>(-eta), db, b, c1 - c0);
      else {
        const s1 = layerWord(plan, j, L_B_SLOT1);
        const s2 = layerWord(plan, j, L_B_SLOT2);
        optimizeRow<T>(db, b, s1 == 0 ? 0 : at<T>(s1, c0), s2 == 0 ? 0 : at<T>(s2, c0), c1 - c0, false, eta);
      }
    }
  }
  store<f64>(at<f64>(<usize>word(plan, P_PROBES), tid), probeValue<T>());
}

/** The cost Σ(y − t)² / B from the rows' squared errors, summed in row order. */
export function planCost(plan: usize): f64 {
  const B = word(plan, P_BATCH);
  const rowCost = <usize>word(plan, P_ROW_COST);
  let sum: f64 = 0;
  for (let r = 0; r < B; r++) sum += load<f64>(at<f64>(rowCost, r));
  return sum / <f64>B;
}

/** One training step on one thread; returns the cost before the update. */
export function step<T>(plan: usize, eta: f64, scratch: usize): f64 {
  phase1<T>(plan, 0, 1, scratch);
  phase2<T>(plan, 0, 1, eta, scratch);
  return planCost(plan);
}
