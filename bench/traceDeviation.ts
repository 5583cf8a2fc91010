// How far an engine's replay of numpy traces lands from numpy, in the three forms the README uses:
// each cost relative, each parameter matrix normwise (max |ΔW| / max |W|), each single parameter
// relative. With --conditioning, also how far f64 lands when only the start and the data are
// rounded to f32: what the run itself makes of rounding, whatever the code.
// Usage: npx tsx bench/traceDeviation.ts [--engine wasm-f32] [--conditioning] <dir or trace.json>…
// Traces: python3 ../shared/reference/seed_numpy.py trace … > dir/trace-….json (test/fixtures/README.md).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { createEngine } from '../src/engine/createEngine.js';
import type { Engine } from '../src/engine/Engine.js';
import { Batch } from '../src/network/Batch.js';
import { Network, type NetworkParameters } from '../src/network/Network.js';

interface Trace {
  sizes: number[];
  activation: string;
  eta: number;
  initial: NetworkParameters;
  batches: { inputs: number[][]; targets: number[][] }[];
  costs: number[];
  final: NetworkParameters;
}

const cli = new Command()
  .option('--engine <name>', 'engine to replay on', 'wasm-f32')
  .option('--conditioning', 'also replay on f64 from the f32-rounded start and data')
  .argument('<paths...>')
  .parse();
const opts = cli.opts<{ engine: string; conditioning?: boolean }>();

const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);
const f32 = <T>(v: T): T => (Array.isArray(v) ? v.map(f32) : Math.fround(v as number)) as T;
const relative = (a: number[], e: number[]): number => Math.max(...a.map((x, k) => Math.abs(x - e[k]!) / Math.max(Math.abs(e[k]!), 1e-12)));
const normwise = (a: number[], e: number[]): number => Math.max(...a.map((x, k) => Math.abs(x - e[k]!))) / Math.max(1e-300, ...e.map(Math.abs));

function replay(trace: Trace, engine: Engine, round: boolean): { costs: number; normwise: number; elementwise: number } {
  const start = round ? { weights: f32(trace.initial.weights), biases: f32(trace.initial.biases) } : trace.initial;
  const net = Network.fromJSON({ layers: trace.sizes, activations: Array(trace.sizes.length - 1).fill(trace.activation), ...start }, { engine });
  const costs = trace.batches.map((b) => net.trainBatch(Batch.of(round ? f32(b.inputs) : b.inputs, round ? f32(b.targets) : b.targets), trace.eta));
  const ours = net.parameters();
  net.dispose();
  const pairs = [...ours.weights.map((w, j) => [flat(w), flat(trace.final.weights[j])]), ...ours.biases.map((b, j) => [flat(b), flat(trace.final.biases[j])])] as [number[], number[]][];
  return {
    costs: relative(costs, trace.costs),
    normwise: Math.max(...pairs.map(([a, e]) => normwise(a, e))),
    elementwise: Math.max(...pairs.map(([a, e]) => relative(a, e))),
  };
}

const files = cli.args.flatMap((p) => (statSync(p).isDirectory() ? readdirSync(p).filter((f) => f.endsWith('.json')).map((f) => join(p, f)) : [p]));
const engine = await createEngine(opts.engine);
const f64 = opts.conditioning ? await createEngine('wasm-single') : undefined;
const worst = { costs: 0, normwise: 0, elementwise: 0 };
const e = (x: number): string => x.toExponential(1).padStart(8);
for (const file of files) {
  const trace = JSON.parse(readFileSync(file, 'utf8')) as Trace;
  const d = replay(trace, engine, false);
  for (const k of ['costs', 'normwise', 'elementwise'] as const) worst[k] = Math.max(worst[k], d[k]);
  const c = f64 && replay(trace, f64, true);
  console.log(`${file.padEnd(52)} costs ${e(d.costs)}  matrices ${e(d.normwise)}  entries ${e(d.elementwise)}${c ? `   | f64 from f32-rounded start: costs ${e(c.costs)}  matrices ${e(c.normwise)}` : ''}`);
}
console.log(`${opts.engine}, worst over ${files.length} traces: costs ${e(worst.costs)} (relative), matrices ${e(worst.normwise)} (normwise), entries ${e(worst.elementwise)} (relative)`);
process.exit(0);
