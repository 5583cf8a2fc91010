/** One row of a configuration's results: figures in µs per step, or why the row was skipped. */
export type RowResult =
  | { label: string; kind: 'numpy' | 'tfjs' | 'engine' | 'pipeline'; skipped: string }
  | {
      label: string;
      kind: 'numpy' | 'tfjs' | 'engine' | 'pipeline';
      engine: string | undefined;
      detail: string;
      steps: number;
      samples: number[];
      median: number;
      min: number;
      max: number;
      /** Pipeline rows: median over rounds of pipeline/engine-only − 1, each round's pair measured back to back. */
      overhead?: number;
      /** Their first and third quartiles: the spread the machine's noise puts on `overhead`. */
      overheadQuartiles?: [number, number];
    };

export type MeasuredRow = Extract<RowResult, { median: number }>;

export interface ConfigResult {
  id: string;
  label: string;
  mflopPerStep: number;
  /** The step's multiply-add FLOPs, what the FMA ceiling bounds (see `fmaFlops`). */
  fmaFlops: number;
  rows: RowResult[];
  /** A core-to-core round trip (ns) at the start of each round of runs (bench/coreRoundTrip.ts). */
  roundTripNs?: number[];
}

/** One of the targets and whether this run met it. */
export interface TargetResult {
  target: string;
  value: number | undefined;
  met: boolean | undefined;
  /** Reported beside the targets for context; not one of them. */
  info?: true;
}

export const measured = (row: RowResult | undefined): row is MeasuredRow => row !== undefined && 'median' in row;

/** The median of the row of `kind` (and engine) in a configuration, if it was measured. */
export function medianOf(config: ConfigResult | undefined, kind: RowResult['kind'], engine?: string): number | undefined {
  const row = config?.rows.find((r) => r.kind === kind && (engine === undefined || ('engine' in r && r.engine === engine)));
  return measured(row) ? row.median : undefined;
}

/**
 * The lowest tfjs/rxprop ratio over the configurations, against the pipeline row of `engine`;
 * undefined unless every configuration measured both.
 *
 * @example
 * worstTfjsRatio(results, 'wasm-f32'); // 12.4
 */
export function worstTfjsRatio(results: readonly ConfigResult[], engine: string): number | undefined {
  const ratios = results.map((c) => {
    const tfjs = medianOf(c, 'tfjs');
    const rxprop = medianOf(c, 'pipeline', engine);
    return tfjs !== undefined && rxprop !== undefined ? tfjs / rxprop : undefined;
  });
  return ratios.length > 0 && ratios.every((r) => r !== undefined) ? Math.min(...(ratios as number[])) : undefined;
}

/**
 * The largest overhead of a pipeline row over its engine-only row, over every configuration and
 * wasm engine (threaded ones included; mathjs aside); undefined if any row lacks one.
 *
 * @example
 * worstPipelineOverhead(results); // 0.031
 */
export function worstPipelineOverhead(results: readonly ConfigResult[]): number | undefined {
  const overheads = results.flatMap((c) => c.rows.filter((r): r is MeasuredRow => measured(r) && r.kind === 'pipeline' && r.engine !== 'mathjs').map((p) => p.overhead));
  return overheads.length > 0 && overheads.every((o) => o !== undefined) ? Math.max(...(overheads as number[])) : undefined;
}

/**
 * The targets, all on the full pipeline of the default engines (`wasm`, `wasm-f32`, which
 * choose threads by size): numpy/rxprop ≥ 2.0 (f64) and ≥ 2.5 (f32) on the seed net, ≥ 1.0 on
 * [2,100,100,1] (f64), ≥ 0.5 (f64) and ≥ 1.0 (f32) on [784,256,10]; tfjs/rxprop ≥ 10 everywhere
 * (f32, tfjs's precision; f64 reported beside it); pipeline ≤ 5% over engine-only.
 *
 * @example
 * for (const t of evaluateTargets(results)) console.log(t.target, t.met);
 */
export function evaluateTargets(results: readonly ConfigResult[]): TargetResult[] {
  const byId = (id: string): ConfigResult | undefined => results.find((c) => c.id === id);
  const ratio = (a: number | undefined, b: number | undefined): number | undefined => (a !== undefined && b !== undefined ? a / b : undefined);
  const atLeast = (target: string, value: number | undefined, bound: number): TargetResult => ({ target, value, met: value === undefined ? undefined : value >= bound });
  const numpyOver = (id: string, engine: string): number | undefined => ratio(medianOf(byId(id), 'numpy'), medianOf(byId(id), 'pipeline', engine));
  const targets = [
    atLeast('numpy/rxprop ≥ 2.0, seed net, f64 (wasm)', numpyOver('seed', 'wasm'), 2.0),
    atLeast('numpy/rxprop ≥ 2.5, seed net, f32 (wasm-f32)', numpyOver('seed', 'wasm-f32'), 2.5),
    atLeast('numpy/rxprop ≥ 1.0, [2,100,100,1], f64 (wasm)', numpyOver('deep', 'wasm'), 1.0),
    atLeast('numpy/rxprop ≥ 0.5, [784,256,10], f64 (wasm)', numpyOver('mnist', 'wasm'), 0.5),
    atLeast('numpy/rxprop ≥ 1.0, [784,256,10], f32 threads (wasm-f32)', numpyOver('mnist', 'wasm-f32'), 1.0),
  ];
  // tfjs-wasm computes in f32 only, so the target compares like with like: wasm-f32. The f64
  // engine's ratio is reported beside it.
  targets.push(atLeast('tfjs/rxprop ≥ 10 everywhere, same precision (wasm-f32)', worstTfjsRatio(results, 'wasm-f32'), 10));
  targets.push({ target: 'tfjs/rxprop everywhere, f64 (wasm) against tfjs\'s f32', value: worstTfjsRatio(results, 'wasm'), met: undefined, info: true });
  const worstOverhead = worstPipelineOverhead(results);
  targets.push({ target: 'RxJS pipeline ≤ 5% over engine-only (worst wasm row, paired)', value: worstOverhead, met: worstOverhead === undefined ? undefined : worstOverhead <= 0.05 });
  // Adam against SGD, engine-only, paired round by round (the row's overhead is Adam/SGD − 1).
  for (const id of ['seed', 'mnist']) {
    const row = byId(id)?.rows.find((r): r is MeasuredRow => measured(r) && r.engine === 'wasm+adam');
    const value = row?.overhead === undefined ? undefined : 1 + row.overhead;
    targets.push({ target: `fused Adam step ≤ 1.15× an SGD step, ${id} (wasm, paired)`, value, met: value === undefined ? undefined : value <= 1.15 });
    const numpySgd = ratio(medianOf(byId(id), 'numpy'), medianOf(byId(id), 'engine', 'wasm'));
    const numpyAdam = ratio(medianOf(byId(id), 'numpy', 'numpy+adam'), medianOf(byId(id), 'engine', 'wasm+adam'));
    const gain = ratio(numpyAdam, numpySgd);
    targets.push({ target: `numpy/rxprop with Adam ≥ with SGD, ${id} (wasm engine-only; ratio of ratios)`, value: gain, met: gain === undefined ? undefined : gain >= 1 });
  }
  return targets;
}
