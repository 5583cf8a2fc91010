import type { TrainStep } from '../operators/TrainStep.js';
import { formatNumber } from '../sinks/ticks.js';
import type { OutputStream } from './CliIO.js';

/**
 * A one-line terminal progress bar: step, bar, percent, cost and steps/s, redrawn in place
 * (carriage return) at most every `intervalMs` so printing never slows training down.
 *
 * @example
 * const bar = new ProgressBar(process.stdout, 2000);
 * steps$.subscribe({ next: (s) => bar.update(s), complete: () => bar.done() });
 */
export class ProgressBar {
  #last = -Infinity;
  #lastStep: TrainStep | undefined;

  constructor(
    private readonly out: OutputStream,
    /** Steps in the run, when known; without it the bar shows counts only. */
    private readonly total: number | undefined,
    private readonly intervalMs = 100,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * Records a step; redraws when the interval has passed.
   *
   * @example
   * bar.update({ step: 10, cost: 0.1, batchSize: 100, time: 12 });
   */
  update(step: TrainStep): void {
    this.#lastStep = step;
    const t = this.now();
    if (t - this.#last < this.intervalMs) return;
    this.#last = t;
    this.out.write(`\r${this.line(step)}\x1b[K`);
  }

  /**
   * Draws the final state and ends the line.
   *
   * @example
   * bar.done();
   */
  done(): void {
    if (this.#lastStep) this.out.write(`\r${this.line(this.#lastStep)}\x1b[K\n`);
  }

  /**
   * The text of the bar for `step` (no control characters).
   *
   * @example
   * bar.line({ step: 1000, cost: 0.004, batchSize: 100, time: 500 }); // 'step 1000/2000 [██████░░░░░░]  50% cost 0.004  2000 steps/s'
   */
  line(step: TrainStep): string {
    const rate = step.time > 0 ? Math.round((step.step / step.time) * 1000) : 0;
    const tail = `cost ${formatNumber(step.cost).padEnd(8)} ${String(rate).padStart(6)} steps/s`;
    if (this.total === undefined) return `step ${step.step}  ${tail}`;
    const width = 24;
    const fraction = Math.min(1, step.step / this.total);
    const filled = Math.round(fraction * width);
    const count = `${String(step.step).padStart(String(this.total).length)}/${this.total}`;
    return `step ${count} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}%  ${tail}`;
  }
}
