import { Command, InvalidArgumentError, Option } from 'commander';
import type { Matrix } from 'mathjs';
import { resolve } from 'node:path';
import { engineNames } from '../engine/createEngine.js';
import { InputError } from '../errors/InputError.js';
import { loadScenario } from '../scenario/loadScenario.js';
import { startScenario } from '../scenario/startScenario.js';
import { OutputWriter } from '../sinks/OutputWriter.js';
import type { EarlyStop } from '../operators/validationWatcher.js';
import { exitCode, type CliIO } from './CliIO.js';
import { formatError } from './formatError.js';
import { outputPlan } from './outputPlan.js';
import type { RunExtension } from './runExtensions.js';
import { runToEnd } from './runToEnd.js';
import { TerminalReporter } from './TerminalReporter.js';

/** Options of `rxprop run` as commander parses them (extensions add their own keys). */
export interface RunOptions {
  readonly out?: string;
  readonly steps?: number;
  readonly seed?: number;
  readonly engine?: string;
  readonly quiet?: boolean;
  readonly json?: boolean;
  readonly [extension: string]: unknown;
}

/**
 * `rxprop run <scenario>`: trains, reports progress on the terminal (or JSON lines when piped),
 * and writes metrics.jsonl, costs.csv and the pictures into `--out` (default `out/<name>`).
 * Ctrl-C (io.signal) stops training early and still writes the files.
 *
 * @example
 * program.addCommand(runCommand(io, (code) => (result = code), runExtensions));
 */
export function runCommand(io: CliIO, done: (code: number) => void, extensions: readonly RunExtension[]): Command {
  const command = new Command('run')
    .description('train a scenario and write its files and pictures')
    .argument('<scenario>', 'scenario file (.yaml, .yml or .json; the extension may be left out)')
    .option('--out <dir>', 'output directory (default: out/<scenario name>)')
    .option('--steps <n>', 'total steps of the run, across phases (the last phase stretches or the run stops early)', positiveInteger)
    .option('--seed <n>', "override the scenario's seed", integer)
    .addOption(new Option('--engine <name>', "override the scenario's engine").choices(engineNames()))
    .option('--quiet', 'print nothing but errors')
    .option('--json', 'print one JSON line per logged step on stdout, nothing else (the default when stdout is not a terminal)');
  for (const extension of extensions) extension.options(command);
  return command.action(async (path: string, options: RunOptions) => {
    const loaded = await loadScenario(path, { cwd: io.cwd });
    const run = await startScenario(loaded, {
      ...(options.steps !== undefined ? { steps: options.steps } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.engine !== undefined ? { engine: options.engine } : {}),
    });
    const dir = resolve(io.cwd, options.out ?? `out/${loaded.scenario.name}`);
    const plan = outputPlan(run, dir);
    const writer = new OutputWriter(plan);
    const mode = options.quiet ? 'quiet' : options.json || !io.stdout.isTTY ? 'json' : 'terminal';
    const reporter = new TerminalReporter(io, mode, run);
    const finishers: (() => Promise<void>)[] = [];
    try {
      run.steps$.subscribe({
        next: (step) => {
          writer.step(step);
          reporter.step(step);
        },
        error: () => {}, // reported by runToEnd
      });
      if (plan.animation) run.snapshots$.subscribe({ next: (s) => writer.frame(s.step, flatten(s.prediction)), error: () => {} });
      run.validation$.subscribe({ next: (v) => writer.validation(v), error: () => {} });
      // After the files' own subscriptions, so every step an extension sees is also recorded.
      for (const extension of extensions) {
        const finish = await extension.attach(run, options, io);
        if (finish) finishers.push(finish);
      }
      const { interrupted } = await runToEnd(run, io.signal);
      reporter.endProgress();
      const last = run.snapshot();
      const files = writer.finish({ ...(plan.grid && last ? { prediction: flatten(last.prediction) } : {}), phaseStarts: run.phaseStarts });
      reporter.summary(writer.costs, files, dir, interrupted);
      const early = run.earlyStop();
      if (early && mode !== 'quiet') io.stderr.write(`${earlyStopLine(early)}\n`);
    } catch (e) {
      reporter.endProgress();
      writer.abort();
      io.stderr.write(formatError(e));
      io.stderr.write(`the run stopped; nothing was written to ${dir}\n`);
      done(e instanceof InputError ? exitCode.usage : exitCode.failure);
      return;
    }
    for (const finish of finishers) await finish();
    done(exitCode.ok);
  });
}

/** What early stopping did, in one line. */
function earlyStopLine({ stoppedAt, best }: EarlyStop): string {
  const accuracy = best.accuracy === undefined ? '' : `, accuracy ${(100 * best.accuracy).toFixed(1)}%`;
  return `early stopping after step ${stoppedAt}: best validation at step ${best.step} (cost ${best.cost.toPrecision(4)}${accuracy})`;
}

/** A snapshot's prediction matrix (ny×nx) as a flat row-major array. */
function flatten(prediction: Matrix): Float64Array {
  return Float64Array.from((prediction.valueOf() as number[][]).flat());
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1.');
  return n;
}

function integer(value: string): number {
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('expected a whole number.');
  return n;
}
