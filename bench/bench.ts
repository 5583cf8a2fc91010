// `npm run bench` — rxprop against numpy and tfjs-wasm, side by side, in one process tree.
// Usage: npm run bench -- [--json [file]] [--quick] [--repeats n] [--configs id,…] [--engines name,…] [--numpy path]
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { Command } from 'commander';
import { benchConfigs, stepFlops, type BenchConfig } from './benchConfigs.js';
import { fmaFlops } from './ceilingFraction.js';
import { evaluateTargets, type ConfigResult, type RowResult } from './evaluateTargets.js';
import { cpuModel } from './cpuModel.js';
import { formatReport } from './formatReport.js';
import { CoreRoundTrip } from './coreRoundTrip.js';
import { measureClock } from './measureClock.js';
import { defaultNumpyScript, numpyAdamRunner, numpyRunner } from './numpyRunner.js';
import type { Runner, SkippedRunner } from './Runner.js';
import { rxpropRunners } from './rxpropRunners.js';
import { tfjsRunner } from './tfjsRunner.js';
import { mathjsLoad } from './mathjsLoad.js';
import { nodeWithFlags } from './nodeWithFlags.js';
import { startExecHelper } from './execFromHelper.js';
import { speedGoals } from './speedGoals.js';
import { microCosts } from './microCosts.js';

const program = new Command()
  .name('bench')
  .description('µs per training step: rxprop engines (engine-only and full pipeline) against numpy and tfjs-wasm')
  .option('--json [file]', 'also write the results as JSON', false)
  .option('--quick', 'fewer and shorter repeats (a smoke run, not for quoting)', false)
  .option('--repeats <n>', 'measurements per implementation (median, min–max)', '7')
  .option('--configs <ids>', `comma-separated subset of: ${benchConfigs.map((c) => c.id).join(', ')}`)
  .option('--engines <names>', 'rxprop engines', 'wasm,wasm-f32,wasm-single,wasm-f32-single,wasm-threads,wasm-f32-threads,mathjs')
  .option('--numpy <path>', 'the numpy reference script', defaultNumpyScript)
  .parse();
const opts = program.opts<{ json: string | boolean; quick: boolean; repeats: string; configs?: string; engines: string; numpy: string }>();

const repeats = opts.quick ? 3 : Number(opts.repeats);
/** Wall time one measurement aims at. */
const budgetMs = opts.quick ? 40 : 250;
const configs = opts.configs ? benchConfigs.filter((c) => opts.configs!.split(',').includes(c.id)) : benchConfigs;
const engines = opts.engines.split(',');

/** Steps that take about `budgetMs`, after warming up for about as long. */
async function calibrate(runner: Runner): Promise<number> {
  let steps = 1;
  for (;;) {
    const us = await runner.measure(steps);
    if (us * steps >= budgetMs * 500 || steps >= 1 << 20) return Math.max(1, Math.round((budgetMs * 1000) / us));
    steps *= 4;
  }
}


/** The q-quantile by linear interpolation between order statistics. */
const quantile = (xs: readonly number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (at - lo);
};
const median = (xs: readonly number[]): number => quantile(xs, 0.5);

async function runConfig(config: BenchConfig): Promise<ConfigResult> {
  process.stderr.write(`${config.label}: setting up…`);
  const made: (Runner | SkippedRunner)[] = [await numpyRunner(config, opts.numpy), await tfjsRunner(config)];
  if (config.adam) made.push(await numpyAdamRunner(config, join(dirname(opts.numpy), 'train_numpy.py')));
  for (const name of engines) made.push(...(await rxpropRunners(config, name)));
  const runners = made.filter((r): r is Runner => !('skipped' in r));
  const steps = new Map<Runner, number>();
  for (const r of runners) steps.set(r, await calibrate(r));
  // Units of measurement: numpy and tfjs alone, each engine's engine-only and pipeline runners as a
  // pair measured back to back, so the pipeline's overhead is a ratio of neighbours in time (the
  // machine's drift over a round is larger than the overhead being measured).
  // An Adam engine-only row joins its engine's unit too: its ratio to SGD is measured back to back.
  const units: Runner[][] = [];
  for (const r of runners) {
    const adamOf = r.kind === 'engine' && r.engine?.endsWith('+adam') ? r.engine.slice(0, -'+adam'.length) : undefined;
    const partner =
      r.kind === 'pipeline' ? units.find((u) => u.length === 1 && u[0]!.kind === 'engine' && u[0]!.engine === r.engine)
      : adamOf !== undefined ? units.find((u) => u[0]!.kind === 'engine' && u[0]!.engine === adamOf)
      : undefined;
    if (partner) partner.push(r);
    else units.push([r]);
  }
  const samples = new Map<Runner, number[]>(runners.map((r) => [r, []]));
  const roundTripNs: number[] = [];
  for (let rep = 0; rep < repeats; rep++) {
    process.stderr.write(` ${rep + 1}/${repeats}`);
    // Where the two threads sit, as the threaded rows of this round meet it.
    roundTripNs.push(roundTrip.measure());
    // Alternate: each round starts one unit further on, and pairs swap their order every round.
    for (let k = 0; k < units.length; k++) {
      const unit = units[(k + rep) % units.length]!;
      for (const r of rep % 2 ? [...unit].reverse() : unit) {
        // A tenth of the run, untimed, first: caches, worker threads and V8's optimised code are
        // back to this runner's state when the clock starts (numpy's process warms itself up). No
        // forced full collection between runners: it throws away optimised code holding objects it
        // frees, which measured as a 10–40% penalty on the next run of RxJS code, a bias where
        // leftover garbage is only noise.
        if (r.kind !== 'numpy') await r.measure(Math.max(1, Math.round(steps.get(r)! / 10)));
        samples.get(r)!.push(await r.measure(steps.get(r)!));
      }
    }
  }
  process.stderr.write('\n');
  for (const r of runners) r.dispose();
  // Pipeline rows: over their engine-only row; Adam rows: over the SGD engine-only row.
  const overheadOf = (r: Runner): { overhead: number; overheadQuartiles: [number, number] } | undefined => {
    const engineOnly = units.find((u) => u.indexOf(r) > 0)?.[0];
    if (!engineOnly) return undefined;
    const mine = samples.get(r)!;
    const ratios = samples.get(engineOnly)!.map((e, rep) => mine[rep]! / e - 1);
    return { overhead: median(ratios), overheadQuartiles: [quantile(ratios, 0.25), quantile(ratios, 0.75)] };
  };
  const rows: RowResult[] = made.map((r) => {
    if ('skipped' in r) return { label: r.label, kind: r.kind, skipped: r.skipped };
    const mine = samples.get(r)!;
    const overhead = overheadOf(r);
    return {
      label: r.label, kind: r.kind, engine: r.engine, detail: r.detail, steps: steps.get(r)!, samples: mine,
      median: median(mine), min: Math.min(...mine), max: Math.max(...mine), ...overhead,
    };
  });
  return { id: config.id, label: config.label, mflopPerStep: stepFlops(config) / 1e6, fmaFlops: fmaFlops(config), rows, roundTripNs };
}

// The helper that runs numpy's processes, started while this process is small (execFromHelper.ts).
startExecHelper();
// The clock, once per run, for the FMA ceiling every row is set against.
const clockHz = measureClock();
// A core-to-core round trip, once a round: what each handoff inside a threaded step costs.
const roundTrip = await CoreRoundTrip.start();
const results: ConfigResult[] = [];
for (const config of configs) results.push(await runConfig(config));
await roundTrip.close();
// The Node version with the flags it runs under: npm runs the bench with --single-threaded-gc (V8's
// concurrent GC threads take cores from the engine's two compute threads on a 2-core machine), and
// how mathjs was loaded (bench/shippedMathjs.ts: its default instance changes what a GC costs).
const machine = { node: `${nodeWithFlags()}, mathjs ${mathjsLoad()}`, cpu: cpuModel(), cores: cpus().length, date: new Date().toISOString(), clockHz };
const targets = evaluateTargets(results);
// The snapshot and sampler goals: a few seconds of CPU time, after every config's runners are disposed.
process.stderr.write('snapshot and sampler: measuring…\n');
const micro = await microCosts();
const goals = speedGoals(results, clockHz, micro);
console.log(formatReport(results, targets, machine, { repeats, budgetMs }, goals));
if (opts.json !== false) {
  const file = typeof opts.json === 'string' ? opts.json : 'out/bench.json';
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ machine, repeats, budgetMs, configs: results, targets, micro, goals }, null, 2)}\n`);
  console.log(`JSON written to ${file}`);
}
// Idle tfjs and worker threads must not keep the process alive.
process.exit(0);
