import uPlot from 'uplot';
import { ink } from '../sinks/Context2D.js';
import { formatNumber } from '../sinks/ticks.js';

/**
 * The live cost curve: a uPlot line on a log cost axis, redrawn at most once per animation frame
 * however fast points arrive, and never holding more than `maxPoints` (every other point is
 * dropped when full, so the whole run stays in view).
 *
 * @example
 * const plot = new CostPlot(document.querySelector('#curve')!);
 * plot.add(1, 0.25);
 */
export class CostPlot {
  readonly #element: HTMLElement;
  readonly #plot: uPlot;
  #steps: number[] = [];
  #costs: (number | null)[] = [];
  // Validation points come every N steps, not at the training points' steps: kept apart and
  // merged onto one x axis when drawn.
  #validation: [number, number | null][] = [];
  #frame = 0;

  constructor(
    element: HTMLElement,
    readonly maxPoints = 4000,
  ) {
    this.#element = element;
    this.#plot = new uPlot(
      {
        width: element.clientWidth,
        height: element.clientHeight,
        scales: { x: { time: false }, y: { distr: 3 } },
        series: [
          { label: 'step' },
          { label: 'cost', stroke: ink.line, width: 1.5, points: { show: false } },
          { label: 'validation', stroke: '#d9534f', width: 2, spanGaps: true, points: { show: true, size: 4 } },
        ],
        // uPlot's own labels round 0.0015 and 0.001 alike; the PNG charts' formatter does not.
        // (Before the first points a log axis has no splits: uPlot passes nulls.)
        axes: [{ label: 'step' }, { label: 'cost', size: 70, values: (_u, splits) => splits.map((v) => (v == null ? '' : formatNumber(v))) }],
        legend: { show: false },
      },
      [[], [], []],
      element,
    );
    new ResizeObserver(() => this.#plot.setSize({ width: element.clientWidth, height: element.clientHeight })).observe(element);
  }

  /** Points held now (what the plot shows). */
  get length(): number {
    return this.#steps.length;
  }

  add(step: number, cost: number): void {
    if (this.#steps.length >= this.maxPoints) {
      this.#steps = this.#steps.filter((_, k) => k % 2 === 0);
      this.#costs = this.#costs.filter((_, k) => k % 2 === 0);
    }
    this.#steps.push(step);
    // A log axis cannot show 0, and a diverged run's cost is not a number: leave a gap.
    this.#costs.push(cost > 0 && Number.isFinite(cost) ? cost : null);
    this.#redraw();
  }

  /** Adds a validation cost (drawn as its own line, with dots). */
  addValidation(step: number, cost: number): void {
    if (this.#validation.length >= this.maxPoints) this.#validation = this.#validation.filter((_, k) => k % 2 === 0);
    this.#validation.push([step, cost > 0 && Number.isFinite(cost) ? cost : null]);
    this.#redraw();
  }

  #redraw(): void {
    this.#frame ||= requestAnimationFrame(() => {
      this.#frame = 0;
      this.#plot.setData(this.#validation.length === 0 ? [this.#steps, this.#costs, this.#steps.map(() => null)] : this.#merged());
      this.#element.dataset['points'] = String(this.#steps.length);
      this.#element.dataset['validationPoints'] = String(this.#validation.length);
    });
  }

  /** Both series on the union of their steps (each null where the other has a point). */
  #merged(): [number[], (number | null)[], (number | null)[]] {
    const x: number[] = [];
    const train: (number | null)[] = [];
    const valid: (number | null)[] = [];
    const v = [...this.#validation].sort((a, b) => a[0] - b[0]);
    let i = 0;
    let j = 0;
    while (i < this.#steps.length || j < v.length) {
      const a = i < this.#steps.length ? this.#steps[i]! : Infinity;
      const b = j < v.length ? v[j]![0] : Infinity;
      x.push(Math.min(a, b));
      train.push(a <= b ? this.#costs[i++]! : null);
      valid.push(b <= a ? v[j++]![1] : null);
    }
    return [x, train, valid];
  }
}

