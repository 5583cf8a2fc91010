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
        series: [{ label: 'step' }, { label: 'cost', stroke: ink.line, width: 1.5, points: { show: false } }],
        // uPlot's own labels round 0.0015 and 0.001 alike; the PNG charts' formatter does not.
        // (Before the first points a log axis has no splits: uPlot passes nulls.)
        axes: [{ label: 'step' }, { label: 'cost', size: 70, values: (_u, splits) => splits.map((v) => (v == null ? '' : formatNumber(v))) }],
        legend: { show: false },
      },
      [[], []],
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
    this.#frame ||= requestAnimationFrame(() => {
      this.#frame = 0;
      this.#plot.setData([this.#steps, this.#costs]);
      this.#element.dataset['points'] = String(this.#steps.length);
    });
  }
}

