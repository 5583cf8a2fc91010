import { Command, InvalidArgumentError, Option } from 'commander';
import type { Matrix } from 'mathjs';
import { engineNames } from '../engine/createEngine.js';
import { InputError } from '../errors/InputError.js';
import { DivergenceError } from '../operators/DivergenceError.js';
import type { Snapshot } from '../operators/Snapshot.js';
import { loadScenario } from '../scenario/loadScenario.js';
import { memoryBudget } from '../scenario/memoryProblems.js';
import { startScenario } from '../scenario/startScenario.js';
import { OutputWriter } from '../sinks/OutputWriter.js';
import { formatPercent } from '../sinks/ticks.js';
import type { EarlyStop } from '../operators/validationWatcher.js';
import type { ValidationStep } from '../operators/validation.js';
import { exitCode, interruptedExitCode, type CliIO } from './CliIO.js';
import { formatError } from './formatError.js';
import { OutputFolder } from './OutputFolder.js';
import { outputPlan } from './outputPlan.js';
import type { RunExtension } from './runExtensions.js';
import { runToEnd } from './runToEnd.js';
import { RunCheckpoints } from './RunCheckpoints.js';
import { TerminalReporter } from './TerminalReporter.js';

/** Options of `rxprop run` as commander parses them (extensions add their own keys). */
export interface RunOptions {
  readonly out?: string;
  readonly steps?: number;
  readonly seed?: number;
  readonly engine?: string;
  readonly quiet?: boolean;
  readonly json?: boolean;
  readonly force?: boolean;
  readonly allowOutsideData?: boolean;
  readonly resume?: boolean;
  readonly checkpointEvery?: number;
  readonly [extension: string]: unknown;
}

/**
 * `rxprop run <scenario>`: trains, reports progress on the terminal (or JSON lines when piped),
 * and writes metrics.jsonl, costs.csv and the pictures into `--out` (default `out/<name>`).
 *
 * The output folder is created only once the run really starts (everything that can be refused
 * has been), and is held with a lock file for the run. Ends and exit codes:
 * - finished: every file, exit 0;
 * - stopped by Ctrl-C, SIGTERM or SIGHUP (io.signal): every file up to the last step, exit 130,
 *   143 or 129;
 * - diverged: every file up to the last finite step, exit 1;
 * - failed otherwise (e.g. the disk filled up): nothing written, exit 1;
 * - refused (bad scenario or option, a folder that cannot hold files or is in use): nothing
 *   written, no folder left behind, exit 2.
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
    .option('--json', 'print one JSON line per logged step on stdout, nothing else (the default when stdout is not a terminal)')
    .option('--force', 'write into the output directory even when another run holds it')
    .option('--allow-outside-data', "let samplers read data files outside the scenario's folder")
    .option('--resume', 'continue from the latest checkpoint in the output directory (the same scenario, seed and engine)')
    .option('--checkpoint-every <n>', 'also checkpoint every n steps (checkpoints are taken every 10 s of training and at the end anyway)', positiveInteger);
  for (const extension of extensions) extension.options(command);
  return command.action(async (path: string, options: RunOptions) => {
    const loaded = await loadScenario(path, { cwd: io.cwd, allowOutsideData: options.allowOutsideData === true });
    // The run keeps 8 bytes per step (the cost curve): the same budget the scenario's steps have.
    const maxSteps = Math.floor(memoryBudget.hostBytes / 8);
    if (options.steps !== undefined && options.steps > maxSteps) throw new InputError('--steps', `${options.steps} steps would not fit in memory (the cost curve keeps 8 bytes per step)`, `run at most ${maxSteps} steps`);
    const dir = OutputFolder.resolve(options.out, loaded.scenario.name, io.cwd);
    const point = options.resume ? RunCheckpoints.read(dir) : undefined;
    // A run cannot go back: fewer steps than the checkpoint holds used to resume and train nothing.
    if (point && options.steps !== undefined && options.steps < point.checkpoint.step) {
      throw new InputError('--steps', `is ${options.steps}, but the checkpoint in ${dir} is at step ${point.checkpoint.step}`, `give --steps ${point.checkpoint.step} or more to resume, or start afresh without --resume`);
    }
    const run = await startScenario(loaded, {
      ...(options.steps !== undefined ? { steps: options.steps } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.engine !== undefined ? { engine: options.engine } : {}),
      checkpoints: { everyMs: checkpointMs, ...(options.checkpointEvery !== undefined ? { everySteps: options.checkpointEvery } : {}) },
      ...(point ? { resumeFrom: point.checkpoint } : {}),
    });
    if (point) {
      if (point.fallback !== undefined) io.stderr.write(`warning: ${point.fallback}\n`);
      io.stderr.write(`resuming from step ${point.checkpoint.step} (the checkpoint in ${dir})\n`);
      const live = point.checkpoint.control?.lr;
      // A rate the user set live was in force at the checkpoint: it stays (a pause does not).
      if (live !== undefined) io.stderr.write(`the learning rate ${live} set live during the run stays in force (set another live to change it)\n`);
    }
    const plan = outputPlan(run, dir);
    const checkpoints = RunCheckpoints.start(dir, point);
    // The last good model of a run that diverges before its first checkpoint: the one it starts from.
    const initial = { network: run.network.toJSON(), step: run.startStep };
    const mode = options.quiet ? 'quiet' : options.json || !io.stdout.isTTY ? 'json' : 'terminal';
    const reporter = new TerminalReporter(io, mode, run);
    // Made once the folder is, just before training starts: no step arrives before connect().
    let writer: OutputWriter | undefined;
    let writeError: unknown;
    const stop = new AbortController();
    const record = (write: (w: OutputWriter) => void): void => {
      try {
        if (writeError === undefined) write(writer!);
      } catch (e) {
        writeError = e; // e.g. ENOSPC: stop training, report after the run has unwound
        stop.abort();
      }
    };
    run.steps$.subscribe({
      next: (step) => {
        record((w) => w.step(step));
        reporter.step(step);
      },
      error: () => {}, // reported by runToEnd
    });
    // After the files' subscription: a checkpoint's lines have reached the writer when it is saved.
    run.checkpoints$.subscribe({ next: (c) => record(() => checkpoints.save(c)), error: () => {} });
    let lastFrame: FinalPrediction | undefined;
    if (plan.animation) {
      run.snapshots$.subscribe({
        next: (s) => {
          const values = flatten(s.prediction);
          const confidence = plan.classes && s.confidence ? flatten(s.confidence) : undefined;
          if (values.every(Number.isFinite)) lastFrame = { prediction: values, ...(confidence ? { confidence } : {}) };
          record((w) => w.frame(s.step, values, confidence));
        },
        error: () => {},
      });
    }
    // The held-out data's one pass per evaluation (a classifier's test split after every epoch):
    // its lines, accuracy.png's points, and the classes confusion.png and misclassified.png show.
    let evaluated: ValidationStep | undefined;
    run.validation$.subscribe({
      next: (v) => {
        evaluated = v;
        record((w) => w.validation(v));
        reporter.validation(v);
      },
      error: () => {},
    });
    // After the files' own subscriptions, so every step an extension sees is also recorded.
    const finishers: (() => Promise<void>)[] = [];
    for (const extension of extensions) {
      const finish = await extension.attach(run, options, io);
      if (finish) finishers.push(finish);
    }
    if (io.signal?.aborted) {
      io.stderr.write(`interrupted before training started; nothing was written to ${dir}\n`);
      done(interruptedExitCode(io.signal));
      return;
    }
    const folder = OutputFolder.open(dir, { force: options.force === true });
    let code: number = exitCode.ok;
    try {
      writer = writing(dir, () => new OutputWriter(plan, { tee: checkpoints.tee, ...(point ? { continued: point.continued } : {}) }));
      const onAbort = (): void => stop.abort();
      io.signal?.addEventListener('abort', onAbort, { once: true });
      let interrupted = false;
      let diverged: DivergenceError | undefined;
      try {
        ({ interrupted } = await runToEnd(run, stop.signal));
      } catch (e) {
        if (!(e instanceof DivergenceError) || writer.costs.length === 0) throw e;
        diverged = e;
      } finally {
        io.signal?.removeEventListener('abort', onAbort);
      }
      if (writeError !== undefined) writing(dir, () => { throw writeError; });
      reporter.endProgress();
      const last = diverged ? lastFrame : finite(run.snapshot(), plan.classes !== undefined);
      // The final checkpoint (a diverged run keeps its last good one); then every file, and the model.
      const final = diverged ? undefined : run.checkpoint();
      if (final) writing(dir, () => checkpoints.save(final));
      // The pictures show the evaluation of the parameters the run ends with: the best one when
      // early stopping restored it, else the last.
      const early = run.earlyStop();
      const restored = early && run.scenario.validation?.earlyStopping?.restoreBest !== false ? early.best : undefined;
      const shown = diverged ? undefined : (restored ?? evaluated);
      const files = writing(dir, () =>
        writer!.finish({
          ...(plan.grid && last ? last : {}),
          phaseStarts: run.phaseStarts,
          ...(shown ? { evaluation: shown } : {}),
        }),
      );
      const good = checkpoints.saved ?? initial;
      files.push(writing(dir, () => checkpoints.saveModel(diverged ? good.network : run.network.toJSON())));
      if (diverged) {
        io.stderr.write(`model.json holds the last good parameters, from step ${good.step} (the last checkpoint before the divergence)\n`);
        io.stderr.write(formatError(diverged));
        io.stderr.write(`wrote ${files.length} files with the ${writer.costs.length} steps before the divergence to ${dir}\n`);
        code = exitCode.failure;
      } else {
        const notes = shown?.accuracy !== undefined ? [accuracyLine(shown, run.test !== undefined)] : [];
        reporter.summary(writer.costs, files, dir, interrupted, notes);
        if (early && mode !== 'quiet') io.stderr.write(`${earlyStopLine(early)}\n`);
        if (interrupted && io.signal?.aborted) code = interruptedExitCode(io.signal);
      }
    } catch (e) {
      reporter.endProgress();
      writer?.abort();
      const kept = checkpoints.discardUnsaved();
      folder.removeIfEmpty();
      io.stderr.write(formatError(e));
      io.stderr.write(kept ? `the run stopped; its checkpoint at step ${kept.step} is kept in ${dir} (--resume continues from it)\n` : `the run stopped; nothing was written to ${dir}\n`);
      done(e instanceof InputError ? exitCode.usage : exitCode.failure);
      return;
    } finally {
      folder.release();
    }
    for (const finish of finishers) await finish();
    done(code);
  });
}

/** CLI runs checkpoint at least this often (training time), and at the end. */
const checkpointMs = 10_000;

/** Runs a file-system write; its failure (a full disk, a file size limit) says which folder and why. */
function writing<T>(dir: string, write: () => T): T {
  try {
    return write();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === undefined) throw e;
    throw new Error(`cannot write the run's files to ${dir} (${code}: ${(e as Error).message.replace(/^\w+: /, '').replace(/, \w+.*$/, '')})`, { cause: e });
  }
}

/** The final prediction on the grid, and a classifier's confidence in it. */
interface FinalPrediction {
  readonly prediction: Float64Array;
  readonly confidence?: Float64Array;
}

/** The final prediction, unless it is not finite (then no prediction.png rather than a blank one). */
function finite(snapshot: Snapshot | undefined, classes: boolean): FinalPrediction | undefined {
  const values = snapshot && flatten(snapshot.prediction);
  if (!values?.every(Number.isFinite)) return undefined;
  return { prediction: values, ...(classes && snapshot!.confidence ? { confidence: flatten(snapshot!.confidence) } : {}) };
}

/** A classifier's accuracy on its held-out data, as the summary says it. */
function accuracyLine(v: ValidationStep, test: boolean): string {
  const rows = v.classes ? `${v.classes.actual.length} ${test ? 'test' : 'held-out'} samples, ` : '';
  return `${test ? 'test' : 'validation'} accuracy ${formatPercent(v.accuracy!)} (${rows}after step ${v.step})`;
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
