import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { createEngine, defaultEngineName, engineNames } from '../engine/createEngine.js';
import { InputError } from '../errors/InputError.js';
import { Batch } from '../network/Batch.js';
import { Network, type NetworkParameters } from '../network/Network.js';
import type { OptimizerConfig } from '../optimizers/Optimizer.js';
import { exitCode, type CliIO } from './CliIO.js';

/**
 * A numpy trace as `seed_numpy.py trace` or `train_numpy.py trace` writes it: the run's options,
 * its initial parameters and batches, and (to compare against) its costs and final parameters.
 *
 * @example
 * const trace = JSON.parse(fs.readFileSync('trace.json', 'utf8')) as NumpyTrace;
 */
export interface NumpyTrace {
  sizes: number[];
  /** seed_numpy.py: one activation for every layer. */
  activation?: string;
  /** train_numpy.py: one per layer. */
  activations?: string[];
  /** seed_numpy.py: SGD's learning rate. */
  eta?: number;
  loss?: string;
  optimizer?: { name: string; lr: number; momentum?: number; weightDecay?: number };
  l1?: number;
  l2?: number;
  initial: NetworkParameters;
  batches: { inputs: number[][]; targets: number[][] }[];
  costs?: number[];
  final?: NetworkParameters;
}

/**
 * Replays a numpy trace through the public API — the same start, the same batches, the trace's
 * loss, optimizer and regularization — and returns every cost and the final parameters.
 *
 * @example
 * const engine = await createEngine('wasm');
 * const { costs, final } = replayTrace(trace, (spec) => Network.fromJSON({ ...spec, ...trace.initial }, { engine }));
 */
export function replayTrace(trace: NumpyTrace, network: (spec: { layers: number[]; activations: string[] }) => Network): { costs: number[]; final: NetworkParameters } {
  if (!trace || !Array.isArray(trace.sizes) || !trace.initial || !Array.isArray(trace.batches)) {
    throw new InputError('trace', 'needs sizes, initial and batches', 'give a file written by seed_numpy.py trace or train_numpy.py trace');
  }
  const activations = trace.activations ?? Array<string>(trace.sizes.length - 1).fill(trace.activation ?? '');
  const net = network({ layers: trace.sizes, activations });
  net.setParameters(trace.initial);
  if (trace.loss !== undefined) net.setLoss(trace.loss);
  net.setRegularization({ l1: trace.l1 ?? 0, l2: trace.l2 ?? 0 });
  net.setOptimizer(optimizerOf(trace));
  const costs = trace.batches.map((b, k) => {
    if (!b || !Array.isArray(b.inputs) || !Array.isArray(b.targets)) throw new InputError(`batches[${k}]`, 'needs inputs and targets');
    return net.trainBatch(Batch.of(b.inputs, b.targets));
  });
  return { costs, final: net.parameters() };
}

/** The trace's optimizer flags as an rxprop optimizer: each rule takes only its own hyperparameters. */
function optimizerOf(trace: NumpyTrace): OptimizerConfig {
  if (!trace.optimizer) {
    if (typeof trace.eta !== 'number') throw new InputError('trace', 'has neither an optimizer nor an eta', 'give a file written by seed_numpy.py trace or train_numpy.py trace');
    return { type: 'sgd', lr: trace.eta };
  }
  const { name, lr, momentum, weightDecay } = trace.optimizer;
  if (name === 'momentum' || name === 'nesterov') return { type: name, lr, momentum };
  if (name === 'adamw') return { type: name, lr, weightDecay };
  return { type: name as OptimizerConfig['type'], lr };
}

/**
 * `rxprop replay <trace.json> [--engine name] [--json]`: replays a numpy trace; `--json` prints
 * `{ "costs": […], "final": { "weights": […], "biases": […] } }` (weights [n_in][n_out]), otherwise a
 * summary of the deviations from the trace's costs and final parameters. Exit 1 when they exceed
 * `--tolerance` (default 1e-9, or 1e-4 on an f32 engine).
 *
 * @example
 * program.addCommand(replayCommand(io, done));
 */
export function replayCommand(io: CliIO, done: (code: number) => void): Command {
  return new Command('replay')
    .description('replay a numpy trace (seed_numpy.py / train_numpy.py trace) and compare')
    .argument('<trace>', 'the trace file (JSON)')
    .addOption(new Option('--engine <name>', 'the compute engine').choices(engineNames()).default(defaultEngineName))
    .option('--json', 'print the replay\'s costs and final parameters as JSON instead of a summary')
    .option('--tolerance <x>', 'largest relative deviation accepted (costs elementwise, parameters normwise)')
    .action(async (file: string, options: { engine: string; json?: boolean; tolerance?: string }) => {
      const path = resolve(io.cwd, file);
      let trace: NumpyTrace;
      try {
        trace = JSON.parse(await readFile(path, 'utf8')) as NumpyTrace;
      } catch (e) {
        throw new InputError('trace', `cannot read ${file}: ${(e as Error).message}`, 'give the path of a JSON trace');
      }
      const engine = await createEngine(options.engine);
      const result = replayTrace(trace, (spec) => Network.fromJSON({ ...spec, activations: spec.activations as never, ...trace.initial }, { engine }));
      if (options.json) {
        io.stdout.write(`${JSON.stringify(result)}\n`);
        return done(exitCode.ok);
      }
      const tolerance = options.tolerance !== undefined ? Number(options.tolerance) : engine.precision === 'f32' ? 1e-4 : 1e-9;
      if (!(tolerance > 0)) throw new InputError('--tolerance', `must be a number > 0, got ${options.tolerance}`);
      const lines = [`replayed ${result.costs.length} steps of ${file} on ${engine.name}`];
      let ok = true;
      if (trace.costs) {
        const { worst, at } = worstRelative(result.costs, trace.costs);
        ok &&= worst <= tolerance;
        lines.push(`costs: worst relative deviation ${worst.toExponential(2)} (step ${at + 1}); last cost ${result.costs.at(-1)} vs ${trace.costs.at(-1)}`);
      }
      if (trace.final) {
        const dev = normwise([...flat(result.final.weights), ...flat(result.final.biases)], [...flat(trace.final.weights), ...flat(trace.final.biases)]);
        ok &&= dev <= tolerance;
        lines.push(`final parameters: normwise relative deviation ${dev.toExponential(2)}`);
      }
      lines.push(ok ? `within ${tolerance}` : `NOT within ${tolerance}`);
      io.stdout.write(`${lines.join('\n')}\n`);
      done(ok ? exitCode.ok : exitCode.failure);
    });
}

function flat(value: unknown): number[] {
  return Array.isArray(value) ? value.flatMap(flat) : [value as number];
}

function worstRelative(actual: readonly number[], expected: readonly number[]): { worst: number; at: number } {
  if (actual.length !== expected.length) throw new InputError('trace.costs', `has ${expected.length} costs for ${actual.length} batches`);
  let worst = 0;
  let at = 0;
  actual.forEach((a, k) => {
    const err = Math.abs(a - expected[k]!) / Math.max(Math.abs(expected[k]!), 1e-12);
    if (!(err <= worst)) [worst, at] = [err, k];
  });
  return { worst, at };
}

function normwise(actual: readonly number[], expected: readonly number[]): number {
  if (actual.length !== expected.length) throw new InputError('trace.final', `has ${expected.length} parameters, the network ${actual.length}`);
  let diff = 0;
  let norm = 0;
  actual.forEach((a, k) => {
    diff += (a - expected[k]!) ** 2;
    norm += expected[k]! ** 2;
  });
  return Math.sqrt(diff) / Math.sqrt(norm);
}
