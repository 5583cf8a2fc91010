import { describe, expect, it } from 'vitest';
import { activations } from '../../src/engine/activations.js';
import type { Engine, Tensor } from '../../src/engine/Engine.js';
import { seededRandom } from '../../src/random/Random.js';
import { maxRelativeError } from '../helpers/relativeError.js';
import { engineCases } from './engines.js';

// Each kernel against a plain-JavaScript definition written from the mathematics, on shapes that
// include 1-wide, odd and larger-than-a-tile sizes.
const shapes: [number, number, number][] = [[1, 1, 1], [1, 2, 3], [3, 2, 1], [5, 7, 3], [17, 9, 13], [33, 2, 40], [8, 64, 5]];

type Mat = { rows: number; cols: number; data: Float64Array };
const rand = (random: ReturnType<typeof seededRandom>, rows: number, cols: number): Mat => ({
  rows, cols, data: Float64Array.from({ length: rows * cols }, () => 2 * random.next() - 1),
});
const at = (m: Mat, i: number, j: number, trans: boolean): number => (trans ? m.data[j * m.cols + i]! : m.data[i * m.cols + j]!);

function matMulRef(a: Mat, b: Mat, ta: boolean, tb: boolean, alpha: number): Float64Array {
  const m = ta ? a.cols : a.rows;
  const k = ta ? a.rows : a.cols;
  const n = tb ? b.rows : b.cols;
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p < k; p++) s += at(a, i, p, ta) * at(b, p, j, tb);
    out[i * n + j] = alpha * s;
  }
  return out;
}

describe.each(engineCases)('kernels on $name', (c) => {
  const tol = c.replayTolerance < 1e-6 ? 1e-12 : 1e-5;
  // f32 storage rounds inputs and sums to 2⁻²⁴, so a small result carries the rounding of the large
  // terms it came from: f32 engines are measured against the largest expected magnitude (normwise).
  const rel = (actual: ArrayLike<number>, expected: ArrayLike<number>): number =>
    maxRelativeError(actual, expected, c.replayTolerance < 1e-6 ? 1e-6 : Math.max(1e-6, ...Array.from(expected, Math.abs)));
  const load = (e: Engine, m: Mat): Tensor => {
    const t = e.zeros(m.rows, m.cols);
    e.write(t, m.data);
    return t;
  };

  it.each(shapes)('matMul in all transpose variants, %i×%i·%i', async (m, k, n) => {
    const e = await c.make();
    const r = seededRandom(m * 100 + k * 10 + n);
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      const a = rand(r, ta ? k : m, ta ? m : k);
      const b = rand(r, tb ? n : k, tb ? k : n);
      const out = e.zeros(m, n);
      e.matMul(load(e, a), load(e, b), out, ta, tb, 0.25);
      expect(rel(e.read(out), matMulRef(a, b, ta, tb, 0.25)), `transA=${ta} transB=${tb}`).toBeLessThan(tol);
    }
  });

  it.each(Object.values(activations))('biasActivation with $name, also in place', async (act) => {
    const e = await c.make();
    const r = seededRandom(act.id + 1);
    const z = rand(r, 7, 11);
    const bias = rand(r, 1, 11);
    const expectY = new Float64Array(77);
    const expectDf = new Float64Array(77);
    for (let i = 0; i < 7; i++) for (let j = 0; j < 11; j++) {
      const v = 3 * z.data[i * 11 + j]! + bias.data[j]!;
      expectY[i * 11 + j] = act.f(v);
      expectDf[i * 11 + j] = act.df(v, act.f(v));
    }
    z.data.forEach((v, k) => (z.data[k] = 3 * v));
    const zt = load(e, z);
    const y = e.zeros(7, 11);
    const df = e.zeros(7, 11);
    e.biasActivation(zt, load(e, bias), act, y, df);
    expect(rel(e.read(y), expectY)).toBeLessThan(tol);
    expect(rel(e.read(df), expectDf)).toBeLessThan(tol);
    e.biasActivation(zt, load(e, bias), act, zt, df); // y aliases z
    expect(rel(e.read(zt), expectY)).toBeLessThan(tol);
  });

  // 11 columns: the vector path and a scalar tail of every wasm build (2 or 4 lanes) both see NaN.
  const specials = [NaN, -800, 800, -Infinity, Infinity, 0, -0, 0.5, -0.5, 3, NaN];
  const saturated: Record<string, { y: number[]; df: number[] }> = {
    // At ±800, σ' is e^{−800}: below the smallest subnormal, so 0, never the seed's NaN at −800.
    sigmoid: { y: [0, 1, 0, 1], df: [0, 0, 0, 0] },
    tanh: { y: [-1, 1, -1, 1], df: [0, 0, 0, 0] },
    relu: { y: [0, 800, 0, Infinity], df: [0, 1, 0, 1] },
    linear: { y: [-800, 800, -Infinity, Infinity], df: [1, 1, 1, 1] },
  };

  it.each(Object.values(activations))('$name propagates NaN in f and f\', and is exact at ±800 and ±∞', async (act) => {
    const e = await c.make();
    const z = load(e, { rows: 1, cols: specials.length, data: Float64Array.from(specials) });
    const y = e.zeros(1, specials.length);
    const df = e.zeros(1, specials.length);
    e.biasActivation(z, e.zeros(1, specials.length), act, y, df);
    const [ys, dfs] = [Array.from(e.read(y)), Array.from(e.read(df))];
    for (const k of [0, 10]) {
      expect(ys[k], `${act.name}(NaN) at column ${k}`).toBeNaN();
      expect(dfs[k], `${act.name}'(NaN) at column ${k}`).toBeNaN();
    }
    expect(ys.slice(1, 5)).toEqual(saturated[act.name]!.y);
    expect(dfs.slice(1, 5)).toEqual(saturated[act.name]!.df);
    for (let k = 5; k < 10; k++) {
      expect(rel([ys[k]!], [act.f(specials[k]!)]), `${act.name}(${specials[k]})`).toBeLessThan(tol);
      expect(rel([dfs[k]!], [act.df(specials[k]!, act.f(specials[k]!))]), `${act.name}'(${specials[k]})`).toBeLessThan(tol);
    }
  });

  it('sub, mul, sumSquares, sumColumns, axpy, read/write', async () => {
    const e = await c.make();
    const r = seededRandom(9);
    const a = rand(r, 13, 6);
    const b = rand(r, 13, 6);
    const ta = load(e, a);
    const tb = load(e, b);
    const out = e.zeros(13, 6);
    e.sub(ta, tb, out);
    expect(rel(e.read(out), a.data.map((v, k) => v - b.data[k]!))).toBeLessThan(tol);
    e.mul(ta, tb, out);
    expect(rel(e.read(out), a.data.map((v, k) => v * b.data[k]!))).toBeLessThan(tol);
    e.mul(out, tb, out); // in place
    expect(rel(e.read(out), a.data.map((v, k) => v * b.data[k]! * b.data[k]!))).toBeLessThan(tol);
    expect(rel([e.sumSquares(ta)], [a.data.reduce((s, v) => s + v * v, 0)])).toBeLessThan(tol);
    const sums = e.zeros(1, 6);
    e.sumColumns(ta, sums, 0.5);
    const expected = Array.from({ length: 6 }, (_, j) => 0.5 * Array.from({ length: 13 }, (_, i) => a.data[i * 6 + j]!).reduce((s, v) => s + v, 0));
    expect(rel(e.read(sums), expected)).toBeLessThan(tol);
    e.axpy(-0.1, ta, tb);
    expect(rel(e.read(tb), b.data.map((v, k) => v - 0.1 * a.data[k]!))).toBeLessThan(tol);
    const into = new Float64Array(78);
    expect(e.read(ta, into)).toBe(into);
    expect(e.zeros(3, 4).rows).toBe(3);
    expect(Array.from(e.read(e.zeros(2, 2)))).toEqual([0, 0, 0, 0]);
  });

  // 13×7 = 91 values: vector loops plus an odd tail in both precisions. s ≥ 0 as the optimizers keep it.
  it('the optimizer kernels axpby, addSquares, adaptiveStep, regularize (with exact zeros for sign)', async () => {
    const e = await c.make();
    const r = seededRandom(21);
    const x = rand(r, 13, 7);
    const y = rand(r, 13, 7);
    const s = { ...rand(r, 13, 7) };
    s.data = s.data.map(Math.abs);
    const w = rand(r, 13, 7);
    w.data[3] = 0;
    w.data[90] = 0;
    const [tx, ty, ts, tw] = [x, y, s, w].map((m) => load(e, m)) as [Tensor, Tensor, Tensor, Tensor];
    e.axpby(0.1, tx, 0.9, ty);
    expect(rel(e.read(ty), y.data.map((v, k) => 0.1 * x.data[k]! + 0.9 * v))).toBeLessThan(tol);
    e.addSquares(0.001, tx, 0.999, ts);
    const s2 = s.data.map((v, k) => 0.999 * v + 0.001 * x.data[k]! ** 2);
    expect(rel(e.read(ts), s2)).toBeLessThan(tol);
    const p = load(e, w);
    e.adaptiveStep(0.01, tx, ts, 1.5, 1e-3, p);
    expect(rel(e.read(p), w.data.map((v, k) => v - (0.01 * x.data[k]!) / (Math.sqrt(1.5 * s2[k]!) + 1e-3)))).toBeLessThan(tol);
    const g = load(e, y);
    e.regularize(0.02, 0.3, tw, g);
    expect(rel(e.read(g), y.data.map((v, k) => v + 0.3 * w.data[k]! + 0.02 * Math.sign(w.data[k]!)))).toBeLessThan(tol);
  });
});
