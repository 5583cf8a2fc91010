import { all, create } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { math } from '../src/math.js';
import { compileTarget } from '../src/samplers/compileTarget.js';

const full = create(all!, { number: 'number' });

describe('math (the lean mathjs instance)', () => {
  it('evaluates every function and operator a target may use as a full mathjs instance does', () => {
    const functions = ['exp', 'expm1', 'log', 'log1p', 'log2', 'log10', 'sqrt', 'cbrt', 'abs', 'sign', 'square', 'cube', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'round', 'floor', 'ceil', 'fix', 'asinh', 'acosh', 'atanh', 'sec', 'csc', 'cot', 'erf'];
    const expressions = [
      ...functions.map((f) => (f === 'acosh' ? 'acosh(x + 2)' : `${f}(x / 3)`)),
      'atan2(x, y)', 'min(x, y, 0.1)', 'max(x, y)', 'hypot(x, y)', 'mod(x, 0.3)', 'nthRoot(abs(x) + 1, 3)', 'pow(abs(x), y)',
      'x + y - x * y / 2', 'x .* y ./ 2', '(abs(x)) .^ 2', 'abs(x) ^ y', '-x', '+x', 'x % 2', 'x mod 0.25', '3!', "x'",
      ...['x == y', 'x != y', 'x < y', 'x <= y', 'x > y', 'x >= y', 'x > 0 and y > 0', 'x > 0 or y > 0', 'x > 0 xor y > 0', 'not (x > 0)'].map((c) => `${c} ? 1 : 2`),
      '5 & 3', '5 | 3', '5 ^| 3', '~5', '1 << 3', '-16 >> 2', '16 >>> 2', 'x > 0 ? pi : e', 'tau + phi + PI + E',
    ];
    for (const expression of expressions) {
      const f = compileTarget(expression, 2);
      for (const x of [[0.25, -0.5], [0.7, 0.3]]) {
        const expected = full.evaluate(expression, { x: x[0], y: x[1] }) as unknown;
        expect(f(x), `${expression} at ${x.join(', ')}`).toBe(expected);
      }
    }
  });

  it('holds the matrix functions of the public boundary', () => {
    const m = math.matrix([[1, 2], [3, 4]]);
    expect(math.isMatrix(m)).toBe(true);
    expect(math.flatten(math.transpose(m)).toArray()).toEqual([1, 3, 2, 4]);
    expect(math.format(math.sum(m), { precision: 3 })).toBe('10');
  });
});
