import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { reduceOnPlateau, type ReduceOnPlateauState } from '../../src/operators/reduceOnPlateau.js';

const testScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('reduceOnPlateau', () => {
  it("starts at `initial` and multiplies by `factor` after more than `patience` bad evaluations (PyTorch's rule)", () => {
    testScheduler().run(({ cold, expectObservable }) => {
      // costs: 3 improves, then 3, 3 (2 bad: not more than patience 2), 3 (3rd bad: reduce), then 3, 3, 3 again.
      const costs = cold('-abbbbbb|', { a: 3, b: 3 });
      expectObservable(costs.pipe(reduceOnPlateau({ initial: 0.1, factor: 0.5, patience: 2 }))).toBe('x---y--z|', { x: 0.1, y: 0.05, z: 0.025 });
    });
  });

  it('never goes below `min`, and emits only changes', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const costs = cold('aaaaaaa|', { a: 1 });
      expectObservable(costs.pipe(reduceOnPlateau({ initial: 1, factor: 0.1, patience: 0, min: 0.05 }))).toBe('xyz----|', { x: 1, y: 0.1, z: 0.05 });
    });
  });

  it('cooldown: evaluations right after a reduction do not count', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const costs = cold('aaaaaa|', { a: 1 });
      // patience 0: the 2nd evaluation reduces; cooldown 2 ignores the 3rd and 4th; the 5th reduces.
      expectObservable(costs.pipe(reduceOnPlateau({ initial: 1, factor: 0.5, patience: 0, cooldown: 2 }))).toBe('xy--z-|', { x: 1, y: 0.5, z: 0.25 });
    });
  });

  it("mode 'max' on a picked metric; improvements reset the count", () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const acc = cold('abcbcb|', { a: { accuracy: 0.5 }, b: { accuracy: 0.6 }, c: { accuracy: 0.55 } });
      // a, b improve; c, b(tie) are 2 bad (> patience 1): reduce; c, b again: reduce.
      expectObservable(acc.pipe(reduceOnPlateau({ initial: 1, factor: 0.5, patience: 1, mode: 'max', metric: (v) => v.accuracy }))).toBe('x--y-z|', { x: 1, y: 0.5, z: 0.25 });
    });
  });

  it('onState gives the state after each evaluation; a saved state continues where the loop stood (its rate first, its cooldown)', () => {
    // The cooldown test's loop ('xy--z-|' over six evaluations), cut after its 3rd evaluation.
    const states: unknown[] = [];
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('aaa|', { a: 1 }).pipe(reduceOnPlateau<number>({ initial: 1, factor: 0.5, patience: 0, cooldown: 2, onState: (s) => states.push(s) }))).toBe('xy-|', { x: 1, y: 0.5 });
    });
    expect(states).toEqual([
      { best: 1, waited: 0, value: 1, cooling: 0 },
      { best: 1, waited: 0, value: 0.5, cooling: 2 },
      { best: 1, waited: 0, value: 0.5, cooling: 1 },
    ]);
    testScheduler().run(({ cold, expectObservable }) => {
      // The last three evaluations: the 4th still cools down, the 5th reduces.
      expectObservable(cold('aaa|', { a: 1 }).pipe(reduceOnPlateau({ initial: 1, factor: 0.5, patience: 0, cooldown: 2, from: states[2] as ReduceOnPlateauState }))).toBe('xy-|', { x: 0.5, y: 0.25 });
    });
  });

  it('refuses bad options naming the field', () => {
    expect(() => reduceOnPlateau({ initial: 0 })).toThrow(/initial/);
    expect(() => reduceOnPlateau({ initial: 1, factor: 1 })).toThrow(/factor/);
    expect(() => reduceOnPlateau({ initial: 1, cooldown: -1 })).toThrow(/cooldown/);
    expect(() => reduceOnPlateau({ initial: 1, min: NaN })).toThrow(/min/);
  });
});
