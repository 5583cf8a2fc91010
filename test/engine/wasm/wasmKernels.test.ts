import { describe, expect, it } from 'vitest';
import { activations } from '../../../src/engine/activations.js';
import type { Engine, Tensor } from '../../../src/engine/Engine.js';
import { mathjsEngine } from '../../../src/engine/mathjs/mathjsEngine.js';
import { wasmEngine } from '../../../src/engine/wasm/wasmEngine.js';
import { seededRandom } from '../../../src/random/Random.js';
import { normwiseError } from '../../helpers/relativeError.js';

// Every kernel against the mathjs reference, on shapes chosen to reach each GEMM path and its
// edges: narrow outputs (N below a micro-tile: 4 in f64, 8 in f32), the rowwise path (k ≤ 8 or
// fewer than 4 rows), the packed path with ragged tiles, several row blocks (M > 96) and
// several inner-dimension blocks (K > 384).
const shapes: [m: number, k: number, n: number][] = [
  [1, 1, 1], [1, 3, 9], [3, 2, 1], [2, 100, 100], [100, 2, 100], [100, 1, 100], [7, 8, 9],
  [5, 9, 3], [7, 2, 13], [2, 2, 10], [5, 1, 17], [9, 13, 7], [17, 9, 13], [100, 100, 1], [33, 20, 40], [101, 47, 19], [13, 801, 11],
];

// sigmoid and tanh with libm references (written from e^{−|v|}, which cannot overflow), and the
// scale f' is held to, its formula's own conditioning: sigmoid's σ(v)·σ(−v) keeps relative precision on both sides (the seed's e^{−v}·f²
// was NaN below v = −709.78); 1 − f² loses it as f → ±1, an error of 2|f|·δf.
const saturating = [
  { name: 'sigmoid', f: (v: number) => (v < 0 ? Math.exp(v) : 1) / (1 + Math.exp(-Math.abs(v))), df: (v: number) => Math.exp(-Math.abs(v)) / (1 + Math.exp(-Math.abs(v))) ** 2, dfScale: (d: number) => Math.abs(d) },
  { name: 'tanh', f: Math.tanh, df: (v: number) => 1 - Math.tanh(v) ** 2, dfScale: (d: number, y: number) => Math.max(Math.abs(d), y * y) },
];

describe.each([
  { precision: 'f64' as const, tolerance: 1e-13 },
  // f32 storage and arithmetic: a few units of 2⁻²⁴ ≈ 6e-8, times √k for long sums.
  { precision: 'f32' as const, tolerance: 2e-6 },
])('wasm $precision kernels against mathjs', ({ precision, tolerance }) => {
  const round = precision === 'f32' ? Math.fround : (v: number) => v;
  const random = (seed: number, length: number): Float64Array => {
    const r = seededRandom(seed);
    return Float64Array.from({ length }, () => round(2 * r.next() - 1));
  };
  const load = (e: Engine, rows: number, cols: number, data: Float64Array): Tensor => {
    const t = e.zeros(rows, cols);
    e.write(t, data);
    return t;
  };

  it.each(shapes)('matMul %i×%i·%i in all four transpose variants', async (m, k, n) => {
    const [wasm, ref] = [await wasmEngine({ precision, threads: 1, memoryMiB: 16 }), mathjsEngine()];
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      const a = random(m * 7 + k, m * k);
      const b = random(n * 11 + k, k * n);
      const results = [wasm, ref].map((e) => {
        const out = e.zeros(m, n);
        e.matMul(load(e, ta ? k : m, ta ? m : k, a), load(e, tb ? n : k, tb ? k : n, b), out, ta, tb, -0.75);
        return e.read(out);
      });
      expect(normwiseError(results[0]!, results[1]!), `transA=${ta} transB=${tb}`).toBeLessThan(tolerance);
    }
  });

  // A mostly-zero op(A) (a batch of images) takes the sparse path. Rows of a product are
  // independent, so the same rows stacked over dense ones (which send the product down the packed
  // path) must come out with the same bits. Shapes: one row block and several (M > 96), several
  // inner blocks (K > 384), widths that are and are not whole vectors (the latter stay packed),
  // rows 512 bytes apart with more rows than K (B copied to a longer stride first), and a wide input
  // (K = 5000: blocks of 16 rows, so the lists' scratch stays bounded).
  it.each([[8, 40, 16], [37, 784, 256], [130, 30, 24], [200, 20, 128], [64, 9, 12], [20, 500, 10], [40, 5000, 16]])('matMul %i×%i·%i with four fifths of op(A) zero equals the dense path bit for bit, and mathjs', async (m, k, n) => {
    const [wasm, ref] = [await wasmEngine({ precision, threads: 1, memoryMiB: 32 }), mathjsEngine()];
    const r = seededRandom(m + k + n);
    // Zeros in runs and alone, as in an image: a value survives with probability 0.2.
    const sparse = Float64Array.from({ length: m * k }, () => (r.next() < 0.2 ? round(2 * r.next() - 1) : 0));
    const dense = random(k + 5, 4 * m * k);
    const b = random(n + 3, k * n);
    for (const transA of [false, true]) {
      // op(A) is sparse rows then dense rows; stored transposed, each of its rows is a column.
      const stacked = new Float64Array(5 * m * k);
      for (let i = 0; i < 5 * m; i++) {
        for (let j = 0; j < k; j++) stacked[transA ? j * 5 * m + i : i * k + j] = i < m ? sparse[i * k + j]! : dense[(i - m) * k + j]!;
      }
      const sparseOnly = transA ? Float64Array.from({ length: m * k }, (_, q) => sparse[(q % m) * k + Math.floor(q / m)]!) : sparse;
      const product = (e: Engine, a: Float64Array, rows: number): Float64Array => {
        const out = e.zeros(rows, n);
        e.matMul(load(e, transA ? k : rows, transA ? rows : k, a), load(e, k, n, b), out, transA, false, -0.75);
        return e.read(out);
      };
      const fast = product(wasm, sparseOnly, m);
      expect(Array.from(fast), `transA=${transA}`).toEqual(Array.from(product(wasm, stacked, 5 * m).subarray(0, m * n)));
      expect(normwiseError(fast, product(ref, sparseOnly, m)), `transA=${transA}`).toBeLessThan(tolerance);
    }
  });

  it('matMul refuses an output that shares memory with an input, and wrong shapes', async () => {
    const e = await wasmEngine({ precision, threads: 1, memoryMiB: 16 });
    const a = e.zeros(3, 3);
    expect(() => e.matMul(a, e.zeros(3, 3), a, false, false, 1)).toThrow(/must not share memory/);
    expect(() => e.matMul(a, e.zeros(2, 3), e.zeros(3, 3), false, false, 1)).toThrow(/op\(a\) is 3×3, op\(b\) is 2×3/);
  });

  it.each(Object.values(activations))('biasActivation with $name matches mathjs, also with y aliasing z', async (act) => {
    const [wasm, ref] = [await wasmEngine({ precision, threads: 1, memoryMiB: 16 }), mathjsEngine()];
    for (const [rows, cols] of [[1, 1], [3, 5], [7, 9], [4, 64]] as const) {
      // Wide inputs reach the saturated ends of sigmoid and tanh.
      const z = random(rows * 3 + cols, rows * cols).map((v) => round(8 * v));
      const bias = random(cols, cols);
      const [fromWasm, fromRef] = [wasm, ref].map((e) => {
        const zt = load(e, rows, cols, z);
        const y = e.zeros(rows, cols);
        const df = e.zeros(rows, cols);
        e.biasActivation(zt, load(e, 1, cols, bias), act, y, df);
        const separate = [e.read(y), e.read(df)];
        e.biasActivation(zt, load(e, 1, cols, bias), act, zt, df);
        return [...separate, e.read(zt)];
      });
      fromWasm!.forEach((values, k) => expect(normwiseError(values, fromRef![k]!), `${rows}×${cols} output ${k}`).toBeLessThan(tolerance));
      expect(Array.from(fromWasm![2]!)).toEqual(Array.from(fromWasm![0]!));
    }
  });

  // The fused forward pass must be the two kernels it replaces, bit for bit, on every path of the
  // product (the shapes above), with inputs wide enough to saturate sigmoid and tanh, and on a
  // mostly-zero input (the sparse path) with K past one inner block.
  it.each(Object.values(activations))('dense with $name is matMul then biasActivation, bit for bit, on every path', async (act) => {
    const e = await wasmEngine({ precision, threads: 1, memoryMiB: 16 });
    const sparse = (seed: number, length: number) => random(seed, length).map((v, k) => (k % 5 === 0 ? v : 0));
    const cases = [...shapes.map(([m, k, n]) => ({ m, k, n, x: random(m + 5 * k, m * k).map((v) => round(4 * v)) })), { m: 40, k: 784, n: 16, x: sparse(3, 40 * 784) }];
    for (const { m, k, n, x } of cases) {
      const [xt, w, bias] = [load(e, m, k, x), load(e, k, n, random(k * 3 + n, k * n)), load(e, 1, n, random(n, n))];
      const [y, df, z, zdf] = [e.zeros(m, n), e.zeros(m, n), e.zeros(m, n), e.zeros(m, n)];
      e.dense(xt, w, bias, act, y, df);
      e.matMul(xt, w, z, false, false, 1);
      e.biasActivation(z, bias, act, z, zdf);
      expect(Array.from(e.read(y)), `${m}×${k}·${n} y`).toEqual(Array.from(e.read(z)));
      expect(Array.from(e.read(df)), `${m}×${k}·${n} f'`).toEqual(Array.from(e.read(zdf)));
    }
  });

  it('dense names the shape it cannot take and refuses outputs that share memory', async () => {
    const e = await wasmEngine({ precision, threads: 1, memoryMiB: 16 });
    const relu = activations.relu;
    const [x, w, bias, y, df] = [e.zeros(3, 2), e.zeros(2, 5), e.zeros(1, 5), e.zeros(3, 5), e.zeros(3, 5)];
    expect(() => e.dense(x, e.zeros(3, 5), bias, relu, y, df)).toThrow(/x is 3×2, w 3×5/);
    expect(() => e.dense(x, w, bias, relu, e.zeros(4, 5), e.zeros(4, 5))).toThrow(/y 4×5/);
    expect(() => e.dense(x, w, e.zeros(1, 4), relu, y, df)).toThrow(/bias is 1×4, expected 1×5/);
    expect(() => e.dense(x, w, bias, relu, y, e.zeros(3, 4))).toThrow(/shapes differ/);
    expect(() => e.dense(x, w, bias, relu, y, y)).toThrow(/must not share memory/);
    const square = e.zeros(5, 5);
    expect(() => e.dense(square, square, bias, relu, square, e.zeros(5, 5))).toThrow(/must not share memory/);
  });

  // Elementwise, not normwise: tiny arguments (tanh v ≈ v) and the saturated ends must keep their
  // relative precision against libm, and ±∞ and NaN must come out as libm's.
  it.each(saturating)('$name keeps its relative precision against libm at every scale, ±∞ and NaN', async ({ name, f, df, dfScale }) => {
    const e = await wasmEngine({ precision, threads: 1, memoryMiB: 16 });
    const ulp = precision === 'f64' ? 2 ** -52 : 2 ** -23;
    const tiny = precision === 'f64' ? [5e-324, 1e-300, 1e-30] : [1e-40, 1e-30, 1e-20];
    const moderate = Array.from({ length: 200 }, (_, k) => ((k - 100) / 100) * 3 + 0.0137 * (k % 7));
    // Saturated ends too: −720 and −95 are where e^{−v} overflows but σ(v) and σ'(v) are subnormal, not 0.
    const saturated = precision === 'f64' ? [-720, 720, -745, -800, 800] : [-95, 95, -100, -120, 120];
    const values = [0, ...tiny, ...tiny.map((v) => -v), 1e-10, -1e-8, 1e-4, 0.3, -0.54, 0.55, 0.7, 1, -3, 10, 19, -22, 40, 400, -800, ...saturated, ...moderate];
    // Four lanes' worth of padding so every value goes through the vector path, not the libm tail.
    const z = Float64Array.from([...values, ...values.slice(0, 3)].map(round));
    const cols = z.length;
    const zt = load(e, 1, cols, z);
    const y = e.zeros(1, cols);
    const d = e.zeros(1, cols);
    e.biasActivation(zt, e.zeros(1, cols), activations[name as 'tanh']!, y, d);
    const [ys, ds] = [e.read(y), e.read(d)];
    for (let k = 0; k < values.length; k++) {
      const v = z[k]!;
      expect(Math.abs(ys[k]! - round(f(v))), `${name}(${v})`).toBeLessThanOrEqual(4 * ulp * Math.abs(round(f(v))) + (precision === 'f32' ? 1e-45 : 0));
      const d = round(df(v));
      if (Number.isNaN(d)) expect(ds[k], `${name}'(${v})`).toBeNaN();
      else expect(Math.abs(ds[k]! - d), `${name}'(${v})`).toBeLessThanOrEqual(8 * ulp * Math.max(dfScale(d, f(v)), 2 ** -1022));
    }
    const special = [Infinity, -Infinity, NaN, NaN, NaN, NaN, NaN, NaN];
    const st = load(e, 1, special.length, Float64Array.from(special));
    const sy = e.zeros(1, special.length);
    const sd = e.zeros(1, special.length);
    e.biasActivation(st, e.zeros(1, special.length), activations[name as 'tanh']!, sy, sd);
    expect(Array.from(e.read(sy))).toEqual(special.map((v) => f(v)));
    expect(Array.from(e.read(sd))).toEqual(special.map((v) => df(v)));
  });

  // The same contract over a dense sweep (the vector path only): the whole central range, then
  // magnitudes from tiny to saturated on a log scale, both signs.
  it.each(saturating)('$name holds the same bounds over 40,000 arguments', async ({ name, f, df, dfScale }) => {
    const e = await wasmEngine({ precision, threads: 1, memoryMiB: 16 });
    const ulp = precision === 'f64' ? 2 ** -52 : 2 ** -23;
    const [lo, hi] = precision === 'f64' ? [-300, Math.log10(800)] : [-40, Math.log10(120)];
    const z = Float64Array.from({ length: 40_000 }, (_, k) => {
      if (k < 20_000) return round(-30 + (60 * k) / 20_000 + 1e-7 * (k % 13));
      const m = 10 ** (lo + ((hi - lo) * (k - 20_000)) / 10_000);
      return round(k % 2 ? m : -m);
    });
    const zt = load(e, 1, z.length, z);
    const y = e.zeros(1, z.length);
    const d = e.zeros(1, z.length);
    e.biasActivation(zt, e.zeros(1, z.length), activations[name as 'tanh']!, y, d);
    const [ys, ds] = [e.read(y), e.read(d)];
    let worst = { f: 0, df: 0 };
    z.forEach((v, k) => {
      const fv = round(f(v));
      const dv = round(df(v));
      worst = {
        f: Math.max(worst.f, Math.abs(ys[k]! - fv) / (4 * ulp * Math.abs(fv) + (precision === 'f32' ? 1e-45 : 5e-324))),
        df: Math.max(worst.df, Math.abs(ds[k]! - dv) / (8 * ulp * Math.max(dfScale(dv, f(v)), 2 ** -1022))),
      };
    });
    // Each is the worst error as a fraction of its bound.
    expect(worst.f, `${name}`).toBeLessThanOrEqual(1);
    expect(worst.df, `${name}'`).toBeLessThanOrEqual(1);
  });

  it('tanh keeps the sign of zero', async () => {
    const e = await wasmEngine({ precision, threads: 1, memoryMiB: 16 });
    // −0 + −0 is the only sum that stays −0.
    const z = load(e, 1, 4, Float64Array.from([0, -0, 0, -0]));
    const y = e.zeros(1, 4);
    e.biasActivation(z, load(e, 1, 4, Float64Array.from([-0, -0, -0, -0])), activations.tanh, y, e.zeros(1, 4));
    expect(Array.from(e.read(y)).map((v) => Object.is(v, -0))).toEqual([false, true, false, true]);
  });

  it('sub, mul (in place too), sumSquares, sumColumns and axpy match mathjs on odd shapes', async () => {
    const [wasm, ref] = [await wasmEngine({ precision, threads: 1, memoryMiB: 16 }), mathjsEngine()];
    for (const [rows, cols] of [[1, 1], [1, 7], [13, 3], [9, 10], [5, 33]] as const) {
      const a = random(rows + 100 * cols, rows * cols);
      const b = random(rows + 200 * cols, rows * cols);
      const [fromWasm, fromRef] = [wasm, ref].map((e) => {
        const ta = load(e, rows, cols, a);
        const tb = load(e, rows, cols, b);
        const out = e.zeros(rows, cols);
        const sums = e.zeros(1, cols);
        e.sub(ta, tb, out);
        const diff = e.read(out);
        e.mul(ta, tb, out);
        e.mul(out, tb, out);
        const prod = e.read(out);
        e.sumColumns(ta, sums, 0.25);
        e.axpy(-0.3, ta, tb);
        return [diff, prod, e.read(sums), e.read(tb), [e.sumSquares(ta)]];
      });
      fromWasm!.forEach((values, k) => expect(normwiseError(values, fromRef![k]!), `${rows}×${cols} result ${k}`).toBeLessThan(tolerance));
    }
  });

  it('reads back exactly what it was given (rounded to its precision), into a given array too', async () => {
    const e = await wasmEngine({ precision, threads: 1, memoryMiB: 16 });
    const data = random(1, 12).map((v) => v / 3);
    const t = load(e, 3, 4, data);
    const out = new Float64Array(12);
    expect(e.read(t, out)).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(data, round));
    expect(Array.from(e.read(e.zeros(2, 2)))).toEqual([0, 0, 0, 0]);
    expect(() => e.write(t, [1, 2])).toThrow(/2 values for a 3×4 tensor/);
  });
});
