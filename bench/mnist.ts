// `npm run bench:mnist` — time to accuracy on real data: the reference's MNIST recipe
// ([784,256,10], softmax cross-entropy, Adam, Glorot-uniform, batch 64) trained by rxprop on each
// engine, by numpy (the reference script) and by tfjs-layers on tfjs's wasm backend.
// npm runs it under `node --single-threaded-gc`: on a 2-core machine V8's concurrent marking and
// sweeping threads take cores from rxprop's two compute threads, and more so in each later run of
// the process (4 epochs of wasm-f32, three runs in one process: 0.28, 0.38, 0.41 s wall with
// helper threads; 0.30, 0.30, 0.30 s without). The header says which flags ran.
// Usage: npm run bench:mnist -- [--quick] [--epochs n] [--engines name,…] [--only rxprop,numpy,tfjs]
//                               [--rounds n] [--target 0.94] [--numpy path] [--json file]
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { Command } from 'commander';
import { loadMnist } from '../src/samplers/mnist/loadMnist.js';
import { mnistSplit } from '../src/samplers/mnist/mnistSplit.js';
import type { EpochResult, MnistRecipe, MnistRunner } from './MnistRecipe.js';
import { defaultMnistNumpyScript, mnistNumpy } from './mnistNumpy.js';
import { mnistRxprop } from './mnistRxprop.js';
import { mnistTfjs } from './mnistTfjs.js';
import { mathjsLoad } from './mathjsLoad.js';
import { nodeWithFlags } from './nodeWithFlags.js';

const opts = new Command()
  .name('bench:mnist')
  .description('seconds of training to reach a test accuracy on MNIST: rxprop engines against numpy and tfjs-layers (wasm)')
  .option('--quick', 'a smoke run: 2 epochs, rxprop on wasm only (not for quoting)', false)
  .option('--epochs <n>', 'epochs per run', '10')
  .option('--engines <names>', 'rxprop engines (threads on: the wasm engines use worker threads for steps this large)', 'wasm,wasm-f32')
  .option('--only <kinds>', 'which implementations: rxprop, numpy, tfjs', 'rxprop,numpy,tfjs')
  .option('--rounds <n>', 'run every implementation this many times, interleaved (times: the median)', '1')
  .option('--target <accuracy>', 'the test accuracy whose time is compared', '0.94')
  .option('--numpy <path>', 'the numpy reference script', defaultMnistNumpyScript)
  .option('--json <file>', 'also write every epoch of every run as JSON')
  .parse()
  .opts<{ quick: boolean; epochs: string; engines: string; only: string; rounds: string; target: string; numpy: string; json?: string }>();

const recipe: MnistRecipe = { sizes: [784, 256, 10], epochs: opts.quick ? 2 : Number(opts.epochs), batch: 64, lr: 0.001, seed: 1 };
const target = Number(opts.target);
const only = opts.only.split(',');
const engines = opts.quick ? ['wasm'] : opts.engines.split(',');
const rounds = Number(opts.rounds);

const digits = loadMnist();
const data = mnistSplit(await digits);
const runners: MnistRunner[] = [
  ...(only.includes('rxprop') ? engines.map((name) => mnistRxprop(name, () => digits)) : []),
  ...(only.includes('numpy') ? [mnistNumpy(opts.numpy)] : []),
  ...(only.includes('tfjs') ? [mnistTfjs(() => data)] : []),
];

interface RunResult {
  readonly label: string;
  readonly round: number;
  readonly detail?: string;
  readonly skipped?: string;
  readonly epochs: EpochResult[];
}

const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');
const percent = (a: number): string => `${(100 * a).toFixed(1)}%`;
const width = Math.max(...runners.map((r) => r.label.length));
process.stdout.write(`MNIST ${recipe.sizes.join('-')}, batch ${recipe.batch}, Adam lr ${recipe.lr}, ${recipe.epochs} epochs, ${data.train.size} train / ${data.test.size} test digits; ${cpus().length} CPUs, load average ${load()} at the start; node ${nodeWithFlags()}, mathjs ${mathjsLoad()}\n`);
const results: RunResult[] = [];
for (let round = 1; round <= rounds; round++) {
  for (const runner of runners) {
    const epochs: EpochResult[] = [];
    const outcome = await runner.run(recipe, (e) => {
      epochs.push(e);
      const cpu = e.cpuSeconds === undefined ? '' : `  (CPU ${e.cpuSeconds.toFixed(2)} s)`;
      process.stdout.write(`${runner.label.padEnd(width)}  epoch ${String(e.epoch).padStart(2)}  ${e.seconds.toFixed(2).padStart(7)} s${cpu}  test ${percent(e.testAccuracy)}  cost ${e.trainCost.toFixed(4)}\n`);
    }).catch((e: unknown) => ({ skipped: `failed: ${(e as Error).message}` }));
    results.push({ label: runner.label, round, epochs, ...outcome });
    if ('skipped' in outcome) process.stdout.write(`${runner.label.padEnd(width)}  skipped: ${outcome.skipped}\n`);
  }
}

/** Seconds of training (wall or CPU) until the first epoch at or above the target; undefined if never. */
const timeTo = (epochs: readonly EpochResult[], clock: 'seconds' | 'cpuSeconds' = 'seconds'): number | undefined => epochs.find((e) => e.testAccuracy >= target)?.[clock];
const median = (xs: number[]): number | undefined => {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const rows = runners.map((r) => {
  const runs = results.filter((x) => x.label === r.label && !x.skipped);
  const times = runs.map((x) => timeTo(x.epochs)).filter((t): t is number => t !== undefined);
  const last = runs.at(-1);
  return {
    label: r.label,
    detail: last?.detail ?? results.find((x) => x.label === r.label)?.skipped ?? '',
    reached: runs.length > 0 && times.length === runs.length,
    time: median(times),
    cpu: median(runs.map((x) => timeTo(x.epochs, 'cpuSeconds')).filter((t): t is number => t !== undefined)),
    total: median(runs.map((x) => x.epochs.at(-1)?.seconds ?? Number.NaN)),
    final: last?.epochs.at(-1)?.testAccuracy,
    firstEpoch: last?.epochs.find((e) => e.testAccuracy >= target)?.epoch,
  };
});
const numpyTime = rows.find((r) => r.label.startsWith('numpy'))?.time;
const tfjsTime = rows.find((r) => r.label.startsWith('tfjs'))?.time;
const numpyCpu = rows.find((r) => r.label.startsWith('numpy'))?.cpu;
const tfjsCpu = rows.find((r) => r.label.startsWith('tfjs'))?.cpu;
const ratio = (t: number | undefined, base: number | undefined): string => (t !== undefined && base !== undefined ? `${(t / base).toFixed(2)}×` : '—');
const lines = [
  '',
  `load average ${load()} at the end; times are seconds of training (test evaluations excluded), wall clock and processor time (all threads)${rounds > 1 ? `, medians of ${rounds} interleaved rounds` : ''}`,
  '',
  `| implementation | detail | test accuracy after ${recipe.epochs} epochs | training s (all epochs) | s to ${percent(target)} (epoch) | × numpy | × tfjs | CPU s to ${percent(target)} | CPU × numpy | CPU × tfjs |`,
  '|---|---|---|---|---|---|---|---|---|---|',
  ...rows.map((r) =>
    `| ${r.label} | ${r.detail} | ${r.final === undefined ? '—' : percent(r.final)} | ${r.total === undefined || Number.isNaN(r.total) ? '—' : r.total.toFixed(2)} | ${r.time === undefined ? (r.reached ? '—' : 'not reached') : `${r.time.toFixed(2)} (${r.firstEpoch})`} | ${ratio(r.time, numpyTime)} | ${ratio(r.time, tfjsTime)} | ${r.cpu === undefined ? '—' : r.cpu.toFixed(2)} | ${ratio(r.cpu, numpyCpu)} | ${ratio(r.cpu, tfjsCpu)} |`,
  ),
];
process.stdout.write(`${lines.join('\n')}\n`);
if (opts.json) writeFileSync(opts.json, `${JSON.stringify({ recipe, target, rounds, results }, null, 1)}\n`);
process.exit(0);
