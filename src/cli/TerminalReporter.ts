import { relative } from 'node:path';
import type { TrainStep } from '../operators/TrainStep.js';
import type { ScenarioRun } from '../scenario/startScenario.js';
import type { ValidationStep } from '../operators/validation.js';
import { metricsLine, validationLine } from '../sinks/OutputWriter.js';
import { formatNumber } from '../sinks/ticks.js';
import type { CliIO } from './CliIO.js';
import { ProgressBar } from './ProgressBar.js';
import { terminalCostChart } from './terminalCostChart.js';

/**
 * What `rxprop run` prints. `terminal`: a progress bar, then the final cost, a cost chart and
 * the files written. `json`: one JSON line per logged step on stdout and nothing else there (the
 * summary goes to stderr), for pipes. `quiet`: nothing.
 *
 * @example
 * const reporter = new TerminalReporter(io, io.stdout.isTTY ? 'terminal' : 'json', run);
 */
export class TerminalReporter {
  readonly #bar: ProgressBar | undefined;
  readonly #every: number;

  constructor(
    private readonly io: CliIO,
    private readonly mode: 'terminal' | 'json' | 'quiet',
    private readonly run: ScenarioRun,
  ) {
    this.#bar = mode === 'terminal' ? new ProgressBar(io.stdout, run.totalSteps) : undefined;
    const metrics = run.scenario.outputs.metrics;
    this.#every = typeof metrics === 'object' ? metrics.every : 1;
    if (mode === 'terminal') io.stdout.write(`${this.#header()}\n`);
  }

  /**
   * Reports one step.
   *
   * @example
   * reporter.step(step);
   */
  step(step: TrainStep): void {
    if (this.mode === 'json' && step.step % this.#every === 0) this.io.stdout.write(`${metricsLine(step)}\n`);
    this.#bar?.update(step);
  }

  /**
   * Reports a validation evaluation (a JSON line when piped, as metrics.jsonl's; the terminal
   * shows a classifier's accuracy in the summary).
   *
   * @example
   * reporter.validation({ step: 124, cost: 0.25, accuracy: 0.931 });
   */
  validation(v: ValidationStep): void {
    if (this.mode === 'json') this.io.stdout.write(`${validationLine(v)}\n`);
  }

  /** Ends the progress line (before any other output). */
  endProgress(): void {
    this.#bar?.done();
  }

  /**
   * The closing lines: final cost, chart (terminal only) and files written.
   *
   * @example
   * reporter.summary(costs, ['out/seed-fit/cost.png'], 'out/seed-fit', false);
   */
  summary(costs: Float64Array, files: readonly string[], dir: string, interrupted: boolean, notes: readonly string[] = []): void {
    if (this.mode === 'quiet') return;
    const out = this.mode === 'terminal' ? this.io.stdout : this.io.stderr;
    const lines: string[] = [];
    if (interrupted) lines.push(`interrupted after ${costs.length} steps; writing what was done`);
    const tail = Math.max(1, Math.floor(costs.length / 20));
    let sum = 0;
    for (let k = costs.length - tail; k < costs.length; k++) sum += costs[k]!;
    if (costs.length > 0) lines.push(`final cost ${formatNumber(sum / tail)} (mean of the last ${tail} step${tail === 1 ? '' : 's'}); first step ${formatNumber(costs[0]!)}`);
    if (this.mode === 'terminal' && costs.length > 1) {
      const plot = this.run.scenario.outputs.costPlot;
      const chart = terminalCostChart(costs, { width: Math.min(72, (this.io.stdout.columns ?? 80) - 14), logScale: typeof plot === 'object' && plot.logScale });
      lines.push('', chart);
    }
    lines.push(...notes);
    const near = relative(this.io.cwd, dir);
    const shown = near === '' ? '.' : near.startsWith('..') ? dir : near;
    lines.push(`wrote ${files.length} files to ${shown}/: ${files.map((f) => relative(dir, f)).join(', ')}`);
    out.write(`${lines.join('\n')}\n`);
  }

  #header(): string {
    const { scenario, network, totalSteps } = this.run;
    return `${scenario.name}: network [${network.layers.join(', ')}] on ${network.engine.name}, ${totalSteps ?? 'up to the stop rule'} steps`;
  }
}
