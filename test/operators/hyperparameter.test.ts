import { of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { hyperparameter, type HyperparameterSource } from '../../src/operators/hyperparameter.js';
import { stepDecay } from '../../src/schedules/stepDecay.js';
import { inputErrorOf } from '../helpers/inputErrorOf.js';

describe('hyperparameter', () => {
  it('reads a number, a schedule and (once connected) an Observable', () => {
    expect(hyperparameter('eta', 0.01, 0.001).at(5)).toBe(0.01);
    expect(hyperparameter('eta', stepDecay({ initial: 0.1, every: 100, factor: 0.5 }), 0.001).at(101)).toBe(0.05);
    const streamed = hyperparameter('eta', of(0.2), 0.001);
    expect(streamed.at(1)).toBe(0.001);
    streamed.connect(() => {});
    expect(streamed.at(1)).toBe(0.2);
  });

  // From JavaScript (or JSON/YAML read by hand) a learning rate can arrive as a string: it has an
  // `at` method, like a schedule, and used to leave the optimizer's own rate without a word.
  it.each<[unknown, string]>([
    ['0.1', 'eta: must be a number, an Observable<number> or a schedule, got "0.1" (e.g. 0.01 or cosineDecay({ initial: 0.01, steps: 1000 }))'],
    [null, 'eta: must be a number, an Observable<number> or a schedule, got null (e.g. 0.01 or cosineDecay({ initial: 0.01, steps: 1000 }))'],
    [{ initial: 0.1 }, 'eta: must be a number, an Observable<number> or a schedule, got [object Object] (e.g. 0.01 or cosineDecay({ initial: 0.01, steps: 1000 }))'],
  ])('refuses %j, naming the field', (source, message) => {
    expect(inputErrorOf(() => hyperparameter('eta', source as HyperparameterSource, 0.001))?.message).toBe(message);
  });
});
