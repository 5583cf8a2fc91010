import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/InputError.js';
import { earlyStopping } from '../../src/operators/earlyStopping.js';
import type { PlateauState } from '../../src/operators/plateau.js';

const testScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('earlyStopping', () => {
  it('mirrors the metric stream and completes after `patience` evaluations without improvement', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const costs = { a: 5, b: 4, c: 4.5, d: 4, e: 3.9, f: 4.2 };
      // b improves; c does not; e improves (the count restarts); d only ties the best; f is the 2nd bad one.
      expectObservable(cold('abcedf-f|', costs).pipe(earlyStopping({ patience: 2 }))).toBe('abced(f|)', costs);
    });
  });

  it('minDelta: an improvement must beat the best by more than it', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const costs = { a: 1, b: 0.995, c: 0.991, d: 0.98 };
      expectObservable(cold('abcd|', costs).pipe(earlyStopping({ patience: 2, minDelta: 0.01 }))).toBe('ab(c|)', costs);
    });
  });

  it("mode 'max' for accuracies, with a metric picked from each value; onImprovement sees each new best", () => {
    const best: number[] = [];
    testScheduler().run(({ cold, expectObservable }) => {
      const v = { a: { accuracy: 0.5 }, b: { accuracy: 0.7 }, c: { accuracy: 0.6 }, d: { accuracy: 0.7 } };
      const stopped = cold('abcd-a|', v).pipe(earlyStopping({ mode: 'max', patience: 2, metric: (x) => x.accuracy, onImprovement: (x) => best.push(x.accuracy) }));
      expectObservable(stopped).toBe('abc(d|)', v);
    });
    expect(best).toEqual([0.5, 0.7]);
  });

  it('a NaN never improves; patience 0 stops at the first evaluation that does not improve', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const costs = { a: 2, b: 1, n: NaN };
      expectObservable(cold('abn-a|', costs).pipe(earlyStopping({ patience: 0 }))).toBe('ab(n|)', costs);
    });
  });

  it('onState gives the state after each value; a saved state continues the same watch (the first test, cut after its 4th value)', () => {
    const costs = { a: 5, b: 4, c: 4.5, d: 4, e: 3.9, f: 4.2 };
    const states: PlateauState[] = [];
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('abce|', costs).pipe(earlyStopping({ patience: 2, onState: (s) => states.push(s) }))).toBe('abce|', costs);
    });
    expect(states).toEqual([
      { best: 5, waited: 0 },
      { best: 4, waited: 0 },
      { best: 4, waited: 1 },
      { best: 3.9, waited: 0 },
    ]);
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('df-f|', costs).pipe(earlyStopping({ patience: 2, from: states[3]! }))).toBe('d(f|)', costs);
      // Nothing seen yet (null: no JSON for Infinity) is a fresh watch.
      expectObservable(cold('ff|', costs).pipe(earlyStopping({ patience: 0, from: { best: null, waited: 0 } }))).toBe('f(f|)', costs);
    });
  });

  it('keeps its state per subscription, and propagates errors', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('abb|', { a: 1, b: 2 });
      const stopped = source.pipe(earlyStopping({ patience: 1 }));
      expectObservable(stopped).toBe('a(b|)', { a: 1, b: 2 });
      expectObservable(stopped).toBe('a(b|)', { a: 1, b: 2 });
      expectObservable(cold('a#').pipe(earlyStopping({ metric: () => 1 }))).toBe('a#');
    });
  });

  it('refuses bad options naming the field', () => {
    expect(() => earlyStopping({ patience: -1 })).toThrow(InputError);
    expect(() => earlyStopping({ patience: 1.5 })).toThrow(/patience/);
    expect(() => earlyStopping({ minDelta: -0.1 })).toThrow(/minDelta/);
    expect(() => earlyStopping({ mode: 'up' as 'min' })).toThrow(/mode/);
  });
});
