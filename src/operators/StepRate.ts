// No Node imports: the dashboard measures steps per second with this too.

/**
 * Steps per second over about the last second of a run's own clock (`TrainStep.time`): the
 * latest (time, step) against anchors kept at least 50 ms apart in a fixed ring (O(1) memory, no
 * allocation, whether it sees every step or one per message).
 *
 * @example
 * const rate = new StepRate();
 * steps$.subscribe((s) => rate.add(s.time, s.step));
 * rate.perSecond(); // e.g. 2150
 */
export class StepRate {
  readonly #time = new Float64Array(64);
  readonly #step = new Float64Array(64);
  #anchors = 0;
  #latestTime = NaN;
  #latestStep = NaN;

  add(time: number, step: number): void {
    this.#latestTime = time;
    this.#latestStep = step;
    const size = this.#time.length;
    if (this.#anchors > 0 && time - this.#time[(this.#anchors - 1) % size]! < 50) return;
    const k = this.#anchors++ % size;
    this.#time[k] = time;
    this.#step[k] = step;
  }

  perSecond(): number {
    const size = this.#time.length;
    let first = -1;
    for (let k = this.#anchors - 1; k >= Math.max(0, this.#anchors - size); k--) {
      first = k % size;
      if (this.#latestTime - this.#time[first]! >= 1000) break;
    }
    if (first === -1) return 0;
    const dt = this.#latestTime - this.#time[first]!;
    return dt > 0 ? ((this.#latestStep - this.#step[first]!) * 1000) / dt : 0;
  }
}
