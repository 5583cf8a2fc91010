import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/random/Random.js';
import { compileTarget } from '../../src/samplers/compileTarget.js';
import { compileTargetColumns } from '../../src/samplers/compileTargetColumns.js';
import { randomExpression, randomPoints } from './randomExpression.js';
import { inputErrorOf } from '../helpers/inputErrorOf.js';

describe('compileTargetColumns', () => {
  it('gives the bits of compileTarget, NaN and ±Infinity included, on random expressions and points', () => {
    const random = seededRandom(2024);
    const capacity = 64;
    let nonFinite = 0;
    for (let e = 0; e < 400; e++) {
      const expression = randomExpression(random, 4);
      const columns = compileTargetColumns(expression, 3, capacity);
      expect(columns, expression).toBeDefined();
      const f = compileTarget(expression, 3);
      const n = 1 + Math.floor(random.next() * capacity);
      const x = randomPoints(random, n, 3);
      const out = new Float64Array(2 * n + 1).fill(7);
      columns!(x, n, out, 1, 2);
      for (let i = 0; i < n; i++) {
        const expected = f(x.subarray(3 * i, 3 * i + 3));
        if (!Number.isFinite(expected)) nonFinite++;
        // Object.is: the same double, -0 and NaN included.
        if (!Object.is(out[1 + 2 * i], expected)) expect([expression, Array.from(x.subarray(3 * i, 3 * i + 3)), out[1 + 2 * i]]).toEqual([expression, [], expected]);
        expect(out[2 * i]).toBe(7); // only its stride written
      }
    }
    expect(nonFinite).toBeGreaterThan(100); // the comparison did reach NaN and ±Infinity
  });

  it("evaluates the seed's function as numpy's formula does, constants folded once", () => {
    const f = compileTargetColumns('exp(-5*(x^2+y^2))*abs(x+y) + 0*(2^10 - 1024)', 2, 100)!;
    const random = seededRandom(3);
    const x = Float64Array.from({ length: 200 }, () => random.next() - 0.5);
    const t = new Float64Array(100);
    f(x, 100, t, 0, 1);
    for (let i = 0; i < 100; i++) {
      const [a, b] = [x[2 * i]!, x[2 * i + 1]!];
      expect(t[i]).toBe(Math.exp(-5 * (a ** 2 + b ** 2)) * Math.abs(a + b) + 0);
    }
  });

  it('squares as Math.pow(x, 2) does, on random bit patterns', () => {
    const random = seededRandom(7);
    const bits = new Uint32Array(2 * 4096);
    for (let k = 0; k < bits.length; k++) bits[k] = Math.floor(random.next() * 2 ** 32);
    const x = new Float64Array(bits.buffer);
    const t = new Float64Array(4096);
    compileTargetColumns('x^2', 1, 4096)!(x, 4096, t, 0, 1);
    for (let i = 0; i < 4096; i++) if (!Object.is(t[i], Math.pow(x[i]!, 2))) expect([x[i], t[i]]).toEqual([x[i], Math.pow(x[i]!, 2)]);
  });

  it('declines what needs mathjs, so the caller goes point by point', () => {
    for (const expression of ['round(x)', 'mod(x, 2)', 'erf(y)', 'x > 0 ? x : y', 'x < y', 'hypot(x, y) + 1', 'min(x)', 'exp(x, y)']) {
      expect(compileTargetColumns(expression, 2, 8), expression).toBeUndefined();
    }
  });

  it('rejects what compileTarget rejects, with the same error', () => {
    for (const expression of ['foo(x)', 'import({})', 'exp(-5*(x^2', 'x + w', 'a = x', '']) {
      expect(inputErrorOf(() => compileTargetColumns(expression, 2, 8, 'sampler.target'))?.message ?? 'no error').toBe(inputErrorOf(() => compileTarget(expression, 2, 'sampler.target'))?.message);
    }
  });

  it('refuses more rows than its columns hold', () => {
    expect(() => compileTargetColumns('x', 1, 4)!(new Float64Array(5), 5, new Float64Array(5), 0, 1)).toThrow(/capacity 4/);
  });
});
