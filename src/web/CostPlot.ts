import uPlot from 'uplot';
import { ink } from '../sinks/Context2D.js';

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
        axes: [{ label: 'step' }, { label: 'cost', size: 70 }],
        legend: { show: true },
      },
      [[], []],
      element,
    );
    new ResizeObserver(() => this.#plot.setSize({ width: element.clientWidth, height: element.clientHeight - legendHeight(element) })).observe(element);
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

const legendHeight = (element: HTMLElement): number => element.querySelector('.u-legend')?.clientHeight ?? 0;
