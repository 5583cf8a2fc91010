import { ceilingFraction } from './ceilingFraction.js';
import { measured, medianOf, type ConfigResult, type TargetResult } from './evaluateTargets.js';
import { runSpread } from './runSpread.js';
import type { SpeedGoal } from './speedGoals.js';

const fmt = (us: number): string => (us >= 1000 ? us.toFixed(0) : us >= 100 ? us.toFixed(1) : us.toFixed(2));
const times = (r: number | undefined): string => (r === undefined ? '–' : r >= 10 ? r.toFixed(1) : r.toFixed(2));

/**
 * The report as text: one table per configuration (numpy, tfjs, then rxprop engine-only rows, then
 * full-pipeline rows with their overhead over engine-only), then the first speed issue's targets
 * and the open speed issue's goals ({@link SpeedGoal}).
 *
 * @example
 * console.log(formatReport(results, targets, machine, { repeats: 7, budgetMs: 250 }, speedGoals(results, clockHz)));
 */
export function formatReport(
  results: readonly ConfigResult[],
  targets: readonly TargetResult[],
  machine: { node: string; cpu: string; cores: number; date: string; clockHz: number },
  run: { repeats: number; budgetMs: number },
  goals: readonly SpeedGoal[] = [],
): string {
  const lines = [
    `rxprop bench — ${machine.date}, Node ${machine.node}, ${machine.cpu} × ${machine.cores}`,
    `µs per training step (sampling included), median of ${run.repeats} alternating runs of ~${run.budgetMs} ms, min–max; ratios are other/row (> 1: the row is faster)`,
    'pipeline vs engine: median (interquartile range) over rounds of pipeline/engine-only − 1, the two measured back to back',
    "round trip: a spin ping-pong between two threads at each round's start, min–max over the config's rounds (every handoff inside a threaded row's step costs about this)",
    `ceiling: the row's multiply-add FLOP/s over the 128-bit FMA peak of the cores it used: cores × 2 FMA × 2 f64 (4 f32) lanes × 2 × ${(machine.clockHz / 1e9).toFixed(2)} GHz (clock measured this run)`,
  ];
  const spread = runSpread(results);
  if (spread) {
    lines.push(`run spread: a row's slowest run over its fastest, over the ${spread.rows} rxprop rows: median ${spread.median.toFixed(2)}×, 90th percentile ${spread.p90.toFixed(2)}× (the same work each run: near 1 on a quiet machine)`);
  }
  const order = ['numpy', 'tfjs', 'engine', 'pipeline'];
  for (const c of results) {
    const numpy = medianOf(c, 'numpy');
    const tfjs = medianOf(c, 'tfjs');
    const oneCore = (lanes: number): number => (c.fmaFlops / (2 * lanes * 2 * machine.clockHz)) * 1e6;
    const roundTrip = c.roundTripNs?.length ? `; round trip ${Math.min(...c.roundTripNs).toFixed(0)}–${Math.max(...c.roundTripNs).toFixed(0)} ns` : '';
    lines.push('', `${c.label} — ${c.mflopPerStep.toFixed(2)} MFLOP/step; FMA ceiling on one core ${fmt(oneCore(2))} µs f64, ${fmt(oneCore(4))} µs f32 (${(c.fmaFlops / 1e6).toFixed(3)} MFLOP of multiply-adds)${roundTrip}`);
    lines.push(`  ${'implementation'.padEnd(30)} ${'detail'.padEnd(30)} ${'µs/step'.padStart(9)}  ${'min–max'.padEnd(17)} ${'numpy/x'.padStart(8)} ${'tfjs/x'.padStart(7)} ${'ceiling'.padStart(7)}  pipeline vs engine`);
    for (const r of [...c.rows].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))) {
      if (!measured(r)) {
        lines.push(`  ${r.label.padEnd(30)} ${r.skipped}`);
        continue;
      }
      const percent = (x: number): string => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
      const quartiles = r.overheadQuartiles ? ` (IQR ${percent(r.overheadQuartiles[0])} … ${percent(r.overheadQuartiles[1])})` : '';
      const overhead = r.overhead === undefined ? '' : `${percent(r.overhead)}${quartiles}`;
      const precision = r.kind === 'numpy' ? 'f64' : r.kind === 'tfjs' ? 'f32' : undefined;
      const ceiling = `${(ceilingFraction(c.fmaFlops, r.median, r.detail, machine.clockHz, precision) * 100).toFixed(1)}%`;
      lines.push(
        `  ${r.label.padEnd(30)} ${r.detail.padEnd(30)} ${fmt(r.median).padStart(9)}  ${`${fmt(r.min)}–${fmt(r.max)}`.padEnd(17)} ${times(numpy && numpy / r.median).padStart(8)} ${times(tfjs && tfjs / r.median).padStart(7)} ${ceiling.padStart(7)}  ${overhead}`,
      );
    }
  }
  lines.push('', 'Targets (full pipeline, default engines)');
  for (const t of targets) {
    const value = t.value === undefined ? 'not measured' : t.target.startsWith('RxJS') ? `${(t.value * 100).toFixed(1)}%` : `${t.value.toFixed(2)}×`;
    lines.push(`  ${t.info ? 'info' : t.met === undefined ? '?   ' : t.met ? 'met ' : 'NOT '} ${t.target.padEnd(62)} ${value}`);
  }
  if (goals.length > 0) {
    lines.push('', 'Goals of the open speed issue (full pipeline; the snapshot and the sampler: CPU time, least of 8 rounds)');
    for (const g of goals) {
      const value = g.value === undefined ? 'not measured'
        : g.unit === '%' ? `${(g.value * 100).toFixed(1)}%`
        : g.unit === 'µs' ? `${g.value.toFixed(g.value < 10 ? 2 : 0)} µs`
        : `${g.value.toFixed(2)}×`;
      lines.push(`  ${g.met === undefined ? '?   ' : g.met ? 'met ' : 'NOT '} ${g.target.padEnd(62)} ${value}`);
    }
  }
  return lines.join('\n');
}
