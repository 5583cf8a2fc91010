import { Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/InputError.js';
import { constant } from '../../src/schedules/constant.js';
import { cosineDecay } from '../../src/schedules/cosineDecay.js';
import { exponentialDecay } from '../../src/schedules/exponentialDecay.js';
import { linearWarmup } from '../../src/schedules/linearWarmup.js';
import { oneCycle } from '../../src/schedules/oneCycle.js';
import { stepDecay } from '../../src/schedules/stepDecay.js';

const testScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('schedules as functions of the step', () => {
  it('stepDecay: staircase, the first step at the initial value', () => {
    const s = stepDecay({ initial: 0.1, factor: 0.5, every: 3 });
    expect([1, 2, 3, 4, 6, 7].map((k) => s.at(k))).toEqual([0.1, 0.1, 0.1, 0.05, 0.05, 0.025]);
  });

  it('exponentialDecay: falls by `rate` every `steps` steps, smoothly', () => {
    const s = exponentialDecay({ initial: 0.01, rate: 0.1, steps: 100 });
    expect(s.at(1)).toBe(0.01);
    expect(s.at(101)).toBeCloseTo(0.001, 15);
    expect(s.at(51)).toBeCloseTo(0.01 * Math.sqrt(0.1), 15);
  });

  it('cosineDecay: half a cosine to `final`, then flat', () => {
    const s = cosineDecay({ initial: 0.02, steps: 100, final: 0.002 });
    expect(s.at(1)).toBe(0.02);
    expect(s.at(51)).toBeCloseTo(0.011, 15);
    expect(s.at(101)).toBeCloseTo(0.002, 15);
    expect(s.at(5000)).toBeCloseTo(0.002, 15);
  });

  it('linearWarmup: linear rise into the next schedule, which then starts at its own step 1', () => {
    const s = linearWarmup({ steps: 10, then: stepDecay({ initial: 0.1, factor: 0.1, every: 5 }) });
    expect(s.at(1)).toBeCloseTo(0.01, 15);
    expect(s.at(5)).toBeCloseTo(0.05, 15);
    expect(s.at(10)).toBeCloseTo(0.1, 15);
    expect(s.at(15)).toBeCloseTo(0.1, 15);
    expect(s.at(16)).toBeCloseTo(0.01, 15);
    expect(linearWarmup({ steps: 4, then: 0.2, start: 0.1 }).at(2)).toBeCloseTo(0.15, 15);
  });

  it("oneCycle: PyTorch's OneCycleLR (cos) values", () => {
    // From PyTorch's formula with max 0.01, 100 steps, pct_start 0.3, div 25, final div 1e4.
    const s = oneCycle({ max: 0.01, steps: 100 });
    const expected = [0.0004, 0.002951639484641007, 0.01, 0.00793893450575732, 4e-8];
    [1, 11, 30, 51, 100].forEach((step, i) => expect(s.at(step)).toBeCloseTo(expected[i]!, 15));
    expect(s.at(200)).toBeCloseTo(4e-8, 15);
  });

  it('constant', () => {
    expect(constant(0.3).at(12345)).toBe(0.3);
  });

  it('refuses bad options naming the field', () => {
    expect(() => stepDecay({ initial: 0.1, factor: 0.5, every: 0 })).toThrow(InputError);
    expect(() => stepDecay({ initial: 0.1, factor: 0.5, every: 0 })).toThrow(/every/);
    expect(() => cosineDecay({ initial: NaN, steps: 10 })).toThrow(/initial/);
    expect(() => exponentialDecay({ initial: 0.1, rate: -1, steps: 10 })).toThrow(/rate/);
    expect(() => oneCycle({ max: 0.1, steps: 10, pctStart: 1 })).toThrow(/pctStart/);
    expect(() => linearWarmup({ steps: 2.5, then: 0.1 })).toThrow(/steps/);
    expect(() => constant(-1)).toThrow(/value/);
  });
});

describe('schedules as Observable factories keyed on the step', () => {
  it('emit the value for each step, only when it changes', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const steps = cold('abcdefg|', { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7 });
      const s = stepDecay({ initial: 8, factor: 0.5, every: 3 });
      expectObservable(s.values(steps)).toBe('a--d--g|', { a: 8, d: 4, g: 2 });
    });
  });

  it('are cold and per subscription, and stop with the step stream', () => {
    const steps = new Subject<number>();
    const seen: number[][] = [[], []];
    const s = cosineDecay({ initial: 1, steps: 2 });
    const a = s.values(steps).subscribe((v) => seen[0]!.push(v));
    steps.next(1);
    s.values(steps).subscribe((v) => seen[1]!.push(v));
    steps.next(3);
    a.unsubscribe();
    steps.next(2);
    expect(seen).toEqual([[1, 0], [0, 0.5]]);
    expect(steps.observed).toBe(true);
  });
});
