import { describe, expect, it } from 'vitest';
import type { ConfigResult, RowResult } from '../../bench/evaluateTargets.js';
import { speedGoals } from '../../bench/speedGoals.js';
import { formatReport } from '../../bench/formatReport.js';

const row = (kind: RowResult['kind'], engine: string | undefined, median: number, detail = 'f64, 1 thread, relaxed SIMD', overhead?: number): RowResult => ({
  label: `${kind} ${engine ?? ''}`, kind, engine, detail, steps: 10, samples: [median], median, min: median, max: median, ...(overhead === undefined ? {} : { overhead }),
});
const config = (id: string, fmaFlops: number, rows: RowResult[]): ConfigResult => ({ id, label: id, mflopPerStep: fmaFlops / 1e6, fmaFlops, rows });

// One run's results, made up so that each goal sits just on one side of its bound.
const results: ConfigResult[] = [
  config('seed', 140_602, [
    row('numpy', undefined, 80), row('tfjs', undefined, 240, 'f32, SIMD, 1 thread'),
    row('pipeline', 'wasm', 20, 'f64, 1 thread, relaxed SIMD', 0.02), // 4.0: met
    row('pipeline', 'wasm-f32', 14, 'f32, 1 thread, relaxed SIMD', 0.051), // 5.71: not; overhead 5.1%: not
  ]),
  config('seed-sigmoid-wide', 140_602, [
    row('tfjs', undefined, 300, 'f32, SIMD, 1 thread'),
    row('pipeline', 'wasm', 25, 'f64, 1 thread, relaxed SIMD', 0), // 25/20 = 1.25: met
    row('pipeline', 'wasm-f32', 17.6, 'f32, 1 thread, relaxed SIMD', 0), // 17.6/14 = 1.257: not; tfjs 17.0
  ]),
  config('seed-tanh-wide', 140_602, [
    row('tfjs', undefined, 300, 'f32, SIMD, 1 thread'),
    row('pipeline', 'wasm', 26, 'f64, 1 thread, relaxed SIMD', 0), // 1.3: not
    row('pipeline', 'wasm-f32', 16, 'f32, 1 thread, relaxed SIMD', 0), // 1.14: met; tfjs 18.75
  ]),
  // At 1 GHz one f64 core peaks at 8 GFLOP/s: 6 MFLOP in 1000 µs is 75%; in f32 (16 GFLOP/s) 500 µs is 75%.
  config('deep', 6e6, [
    row('tfjs', undefined, 6000, 'f32, SIMD, 1 thread'),
    row('pipeline', 'wasm-single', 1000, 'f64, 1 thread, relaxed SIMD', 0),
    row('pipeline', 'wasm-f32-single', 501, 'f32, 1 thread, relaxed SIMD', 0),
    row('pipeline', 'wasm-threads', 625, 'f64, 2 threads, relaxed SIMD', 0), // 1000/625 = 1.6: met
    row('pipeline', 'wasm-f32-threads', 320, 'f32, 2 threads, relaxed SIMD', 0), // 501/320 = 1.57: not
    row('pipeline', 'wasm-f32', 320, 'f32, 2 threads, relaxed SIMD', 0), // tfjs 18.8
  ]),
  config('mnist', 2e8, [
    row('numpy', undefined, 8000), row('tfjs', undefined, 60000, 'f32, SIMD, 1 thread'),
    row('pipeline', 'wasm-threads', 10001, 'f64, 2 threads, relaxed SIMD', 0), // 0.79992: not
    row('pipeline', 'wasm-f32-threads', 6600, 'f32, 2 threads, relaxed SIMD', 0), // 1.21: met
    row('pipeline', 'wasm-f32', 5000, 'f32, 2 threads, relaxed SIMD', 0), // tfjs 12.0: the worst, met
    row('pipeline', 'mathjs', 1e6, 'f64, reference', 0.5), // not counted in the overhead goal
  ]),
];

describe('speedGoals', () => {
  const goals = speedGoals(results, 1e9);
  const get = (start: string) => goals.find((g) => g.target.startsWith(start))!;

  it('reads each goal from its rows, on the right side of each bound', () => {
    expect(get('numpy/rxprop ≥ 4.0, seed')).toMatchObject({ value: 4, met: true });
    expect(get('numpy/rxprop ≥ 6.0, seed')).toMatchObject({ met: false });
    expect(get('numpy/rxprop ≥ 6.0, seed').value).toBeCloseTo(80 / 14, 12);
    expect(get('[2,100,1] sigmoid / relu time ≤ 1.25 (wasm)')).toMatchObject({ value: 1.25, met: true });
    expect(get('[2,100,1] sigmoid / relu time ≤ 1.25 (wasm-f32)').met).toBe(false);
    expect(get('[2,100,1] tanh / relu time ≤ 1.25 (wasm)')).toMatchObject({ value: 1.3, met: false });
    expect(get('[2,100,1] tanh / relu time ≤ 1.25 (wasm-f32)').met).toBe(true);
    expect(get('[2,100,100,1] ≥ 75% of the FMA ceiling, one thread (wasm-single)').value).toBeCloseTo(0.75, 12);
    expect(get('[2,100,100,1] ≥ 75% of the FMA ceiling, one thread (wasm-single)').met).toBe(true);
    expect(get('[2,100,100,1] ≥ 75% of the FMA ceiling, one thread (wasm-f32-single)').met).toBe(false);
    expect(get('[2,100,100,1] two threads ≥ 1.6× one (wasm-threads)')).toMatchObject({ value: 1.6, met: true });
    expect(get('[2,100,100,1] two threads ≥ 1.6× one (wasm-f32-threads)').met).toBe(false);
    expect(get('numpy/rxprop ≥ 0.8, [784,256,10]').met).toBe(false);
    expect(get('numpy/rxprop ≥ 1.2, [784,256,10]').met).toBe(true);
  });

  it('takes the worst config for tfjs and the worst wasm row for the pipeline overhead', () => {
    expect(get('tfjs/rxprop ≥ 12')).toMatchObject({ value: 12, met: true });
    expect(get('pipeline ≤ 5%')).toMatchObject({ value: 0.051, met: false });
  });

  it('holds the snapshot and the sampler to 200 µs and 2 µs, and prints their times', () => {
    const within = speedGoals(results, 1e9, { snapshotUs: 200, samplerUs: 2 });
    const over = speedGoals(results, 1e9, { snapshotUs: 200.5, samplerUs: 2.01 });
    const pick = (gs: typeof goals, start: string) => gs.find((g) => g.target.startsWith(start))!;
    expect(pick(within, '40×40 snapshot')).toMatchObject({ value: 200, met: true, unit: 'µs' });
    expect(pick(within, '100-point batch')).toMatchObject({ value: 2, met: true });
    expect(pick(over, '40×40 snapshot').met).toBe(false);
    expect(pick(over, '100-point batch').met).toBe(false);
    expect(get('40×40 snapshot')).toMatchObject({ value: undefined, met: undefined });
    const text = formatReport(results, [], { node: 'v20', cpu: 'cpu', cores: 2, date: 'now', clockHz: 1e9 }, { repeats: 1, budgetMs: 1 }, over);
    expect(text).toMatch(/NOT  40×40 snapshot of the seed net ≤ 200 µs CPU \(wasm\) +201 µs/);
    expect(text).toMatch(/NOT  100-point batch of the seed expression ≤ 2 µs CPU +2\.01 µs/);
  });

  it('leaves a goal unmeasured when its rows were not run, and prints it so', () => {
    const partial = speedGoals(results.filter((c) => c.id === 'seed'), 1e9);
    expect(partial.find((g) => g.target.startsWith('numpy/rxprop ≥ 4.0'))?.met).toBe(true);
    const deep = partial.find((g) => g.target.includes('two threads ≥ 1.6× one (wasm-threads)'))!;
    expect(deep).toMatchObject({ value: undefined, met: undefined });
    const text = formatReport(results.filter((c) => c.id === 'seed'), [], { node: 'v20', cpu: 'cpu', cores: 2, date: 'now', clockHz: 1e9 }, { repeats: 1, budgetMs: 1 }, partial);
    expect(text).toMatch(/met  numpy\/rxprop ≥ 4\.0, seed net, f64 \(wasm\) +4\.00×/);
    expect(text).toMatch(/\?    \[2,100,100,1\] two threads ≥ 1\.6× one \(wasm-threads\) +not measured/);
    expect(text).toMatch(/NOT  pipeline ≤ 5% over engine-only on every row, threads included +5\.1%/);
  });
});
