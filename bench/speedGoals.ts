import { ceilingFraction } from './ceilingFraction.js';
import type { MicroCosts } from './microCosts.js';
import { measured, medianOf, worstPipelineOverhead, worstTfjsRatio, type ConfigResult, type MeasuredRow, type TargetResult } from './evaluateTargets.js';

/** How a goal's value prints: a ratio (`4.12×`), a fraction (`71.3%`) or a CPU time (`152 µs`). */
export interface SpeedGoal extends TargetResult {
  readonly unit: '×' | '%' | 'µs';
}

/**
 * The goals of the speed issue ("Speed close to the WebAssembly ceiling"), read from one run's
 * results, all on full-pipeline rows (sampling included):
 * - seed net: numpy/rxprop ≥ 4.0 (wasm, f64) and ≥ 6.0 (wasm-f32);
 * - the sigmoid and tanh [2,100,1] each within 1.25× the ReLU one's time, per precision;
 * - [2,100,100,1]: ≥ 75% of the 128-bit FMA ceiling on one thread (wasm-single, wasm-f32-single),
 *   and two threads ≥ 1.6× one (wasm-threads against wasm-single, and in f32);
 * - [784,256,10] on two threads: numpy/rxprop ≥ 0.8 (wasm-threads, f64) and ≥ 1.2 (wasm-f32-threads);
 * - tfjs/rxprop ≥ 12 on every config at tfjs's precision (wasm-f32);
 * - every pipeline row ≤ 5% over its engine-only row, threaded rows included (mathjs aside);
 * - from `micro` ({@link MicroCosts}): a 40×40 seed-net snapshot ≤ 200 µs, a 100-point batch of
 *   the seed's expression ≤ 2 µs.
 * A goal whose rows were not measured (a `--configs` or `--engines` subset, no `micro`) has no value.
 *
 * @example
 * for (const g of speedGoals(results, clockHz, await microCosts())) console.log(g.met ? 'met' : 'NOT', g.target);
 */
export function speedGoals(results: readonly ConfigResult[], clockHz: number, micro?: MicroCosts): SpeedGoal[] {
  const byId = (id: string): ConfigResult | undefined => results.find((c) => c.id === id);
  const pipeline = (id: string, engine: string): MeasuredRow | undefined => {
    const row = byId(id)?.rows.find((r) => r.kind === 'pipeline' && 'engine' in r && r.engine === engine);
    return measured(row) ? row : undefined;
  };
  const over = (a: number | undefined, b: number | undefined): number | undefined => (a !== undefined && b !== undefined ? a / b : undefined);
  const goal = (target: string, value: number | undefined, met: (v: number) => boolean, unit: SpeedGoal['unit'] = '×'): SpeedGoal =>
    ({ target, value, met: value === undefined ? undefined : met(value), unit });
  const numpyOver = (id: string, engine: string): number | undefined => over(medianOf(byId(id), 'numpy'), pipeline(id, engine)?.median);
  const ceiling = (id: string, engine: string): number | undefined => {
    const row = pipeline(id, engine);
    const config = byId(id);
    return row && config ? ceilingFraction(config.fmaFlops, row.median, row.detail, clockHz) : undefined;
  };

  const goals = [
    goal('numpy/rxprop ≥ 4.0, seed net, f64 (wasm)', numpyOver('seed', 'wasm'), (v) => v >= 4.0),
    goal('numpy/rxprop ≥ 6.0, seed net, f32 (wasm-f32)', numpyOver('seed', 'wasm-f32'), (v) => v >= 6.0),
  ];
  for (const activation of ['sigmoid', 'tanh']) {
    for (const engine of ['wasm', 'wasm-f32']) {
      const ratio = over(pipeline(`seed-${activation}-wide`, engine)?.median, pipeline('seed', engine)?.median);
      goals.push(goal(`[2,100,1] ${activation} / relu time ≤ 1.25 (${engine})`, ratio, (v) => v <= 1.25));
    }
  }
  for (const engine of ['wasm-single', 'wasm-f32-single']) {
    goals.push(goal(`[2,100,100,1] ≥ 75% of the FMA ceiling, one thread (${engine})`, ceiling('deep', engine), (v) => v >= 0.75, '%'));
  }
  for (const [one, two] of [['wasm-single', 'wasm-threads'], ['wasm-f32-single', 'wasm-f32-threads']] as const) {
    goals.push(goal(`[2,100,100,1] two threads ≥ 1.6× one (${two})`, over(pipeline('deep', one)?.median, pipeline('deep', two)?.median), (v) => v >= 1.6));
  }
  goals.push(goal('numpy/rxprop ≥ 0.8, [784,256,10], f64, 2 threads (wasm-threads)', numpyOver('mnist', 'wasm-threads'), (v) => v >= 0.8));
  goals.push(goal('numpy/rxprop ≥ 1.2, [784,256,10], f32, 2 threads (wasm-f32-threads)', numpyOver('mnist', 'wasm-f32-threads'), (v) => v >= 1.2));

  goals.push(goal('tfjs/rxprop ≥ 12 on every config, f32 (wasm-f32)', worstTfjsRatio(results, 'wasm-f32'), (v) => v >= 12));
  goals.push(goal('pipeline ≤ 5% over engine-only on every row, threads included', worstPipelineOverhead(results), (v) => v <= 0.05, '%'));
  goals.push(goal('40×40 snapshot of the seed net ≤ 200 µs CPU (wasm)', micro?.snapshotUs, (v) => v <= 200, 'µs'));
  goals.push(goal('100-point batch of the seed expression ≤ 2 µs CPU', micro?.samplerUs, (v) => v <= 2, 'µs'));
  return goals;
}
