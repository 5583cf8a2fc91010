import { describe, expect, it } from 'vitest';
import { activation, activations } from '../../src/engine/activations.js';
import { InputError } from '../../src/errors/InputError.js';

describe('activations', () => {
  it.each(Object.values(activations))('$name stores its true derivative', (act) => {
    for (const z of [-3, -0.7, -0.01, 0.013, 0.4, 2.5]) {
      const h = 1e-5;
      const numeric = (act.f(z + h) - act.f(z - h)) / (2 * h);
      expect(act.df(z, act.f(z))).toBeCloseTo(numeric, 8);
    }
  });

  it('matches the seed\'s definitions', () => {
    expect(activations.sigmoid.f(0)).toBe(0.5);
    expect(activations.sigmoid.df(0, 0.5)).toBe(0.25);
    expect(activations.relu.f(-2)).toBe(0);
    expect(activations.relu.df(0, 0)).toBe(0); // numpy: (z > 0)
    expect(activations.tanh.f(1)).toBe(Math.tanh(1));
  });

  it('sigmoid\' stays finite and relatively exact on both saturated sides (the seed\'s e^{-z}·f² is NaN below -709.78)', () => {
    const { f, df } = activations.sigmoid;
    expect(df(-800, f(-800))).toBe(0); // e^{-800}: below the smallest subnormal
    expect(df(800, f(800))).toBe(0);
    for (const z of [-700, -720, -40, 40, 700]) {
      const exact = Math.exp(-Math.abs(z)) / (1 + Math.exp(-Math.abs(z))) ** 2;
      expect(Math.abs(df(z, f(z)) - exact), `σ'(${z})`).toBeLessThanOrEqual(4 * Number.EPSILON * exact + 5e-324);
    }
    expect(f(-720)).toBeGreaterThan(0); // subnormal, not 1/(1 + ∞)
  });

  it.each(Object.values(activations))('$name propagates NaN in f and f\'', (act) => {
    expect(act.f(NaN)).toBeNaN();
    expect(act.df(NaN, act.f(NaN))).toBeNaN();
  });

  it('has stable distinct ids (the compiled engines\' ABI)', () => {
    expect(Object.values(activations).map((a) => [a.name, a.id])).toEqual([['linear', 0], ['sigmoid', 1], ['relu', 2], ['tanh', 3]]);
  });

  it('looks names up and rejects unknown ones with the list', () => {
    expect(activation('relu')).toBe(activations.relu);
    expect(() => activation('gelu', 'network.activations[2]')).toThrow(new InputError('network.activations[2]', 'unknown activation "gelu"', 'use one of: linear, sigmoid, relu, tanh'));
    expect(() => activation('constructor')).toThrow(InputError);
  });
});
