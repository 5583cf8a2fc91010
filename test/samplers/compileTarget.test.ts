import { all, create } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/InputError.js';
import { seededRandom } from '../../src/random/Random.js';
import { compileTarget } from '../../src/samplers/compileTarget.js';

const seedFunction = 'exp(-5*(x^2+y^2))*abs(x+y)';

/** mathjs' own evaluation (a full instance, not rxprop's), the reference for the plain fast path. */
const reference = create(all!, { number: 'number' });
function viaMathjs(expression: string, x: readonly number[]): unknown {
  const scope: Record<string, number | undefined> = {};
  x.forEach((v, i) => (scope[`x${i + 1}`] = v));
  [scope.x, scope.y, scope.z] = x;
  return reference.evaluate(expression, scope);
}

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

describe('compileTarget', () => {
  it("evaluates the seed's function exactly as numpy's formula does", () => {
    const f = compileTarget(seedFunction, 2);
    const random = seededRandom(3);
    for (let k = 0; k < 200; k++) {
      const x = random.next() - 0.5;
      const y = random.next() - 0.5;
      expect(f([x, y])).toBe(Math.exp(-5 * (x ** 2 + y ** 2)) * Math.abs(x + y));
    }
  });

  it.each([
    seedFunction,
    'sin(3*x1) * cos(2*x2) + tanh(x - y) / 3',
    '2x^3 - x*y + pi*sqrt(abs(y)) - e',
    'max(x, y, 0.1) + min(x, -y) + atan2(y, x) + sign(x)',
    'log(1 + x^2) + log1p(y^2) + log2(2 + x) + log10(3 + y) + expm1(x) + cbrt(y) + square(x) + cube(y)',
    'asin(x) + acos(y) + atan(x) + sinh(x) + cosh(y) + tan(x) + pow(abs(x), 1.5) + tau - phi + +x',
  ])('fast path is bit-identical to mathjs: %s', (expression) => {
    const f = compileTarget(expression, 2);
    const random = seededRandom(11);
    for (let k = 0; k < 100; k++) {
      const p = [random.next() - 0.5, random.next() - 0.5];
      expect(f(p)).toBe(viaMathjs(expression, p));
    }
  });

  it('runs the rest through mathjs: rounding, mod, conditionals, comparisons', () => {
    const f = compileTarget('x > 0 ? round(10*x) / 10 : mod(-7, 3) + hypot(x, y) + floor(y)', 2);
    expect(f([0.26, 0])).toBe(0.3);
    expect(f([-3, 4])).toBe(2 + 5 + 4);
    expect(compileTarget('x1 + x2 * x3', 3)([1, 2, 3])).toBe(7);
    expect(compileTarget('x + y + z', 3)([1, 2, 3])).toBe(6);
    expect(compileTarget('x^2', 1)([3])).toBe(9);
    expect(compileTarget('x7 - x1', 7)([1, 0, 0, 0, 0, 0, 5])).toBe(4);
  });

  it('names an unknown variable, with the variables that exist', () => {
    const err = inputError(() => compileTarget('exp(-r^2)', 2, 'sampler.target'));
    expect(err.field).toBe('sampler.target');
    expect(err.message).toContain('unknown variable "r"');
    expect(err.message).toContain('x, y, x1, x2');
    expect(inputError(() => compileTarget('x + z', 2)).message).toContain('"z"');
    expect(inputError(() => compileTarget('x + y', 1)).message).toContain('"y"');
  });

  it('rejects syntax errors, unknown or unsafe functions and non-numeric syntax', () => {
    expect(inputError(() => compileTarget('exp(-5*(x^2', 2)).message).toContain('not a valid expression');
    expect(inputError(() => compileTarget('', 2)).message).toContain('non-empty');
    expect(inputError(() => compileTarget('foo(x)', 2)).message).toContain('unknown function "foo"');
    expect(inputError(() => compileTarget('evaluate("1+1")', 2)).message).toContain('unknown function "evaluate"');
    expect(inputError(() => compileTarget('import({})', 2)).message).toContain('unknown function "import"');
    expect(inputError(() => compileTarget('a = x', 2)).message).toContain('unsupported syntax');
    expect(inputError(() => compileTarget('[x, y]', 2)).message).toContain('unsupported syntax');
    expect(inputError(() => compileTarget('"text"', 2)).message).toContain('unsupported syntax');
  });

  it('reports a non-real result at the point it happens', () => {
    const f = compileTarget('floor(x) + sqrt(x)', 1); // floor forces the mathjs path; sqrt(-1) is complex there
    expect(f([4])).toBe(6);
    const err = inputError(() => f([-1]));
    expect(err.message).toContain('not a real number at (-1)');
    // The plain path stays on doubles: NaN, which the sampler reports with the point.
    expect(compileTarget('sqrt(x)', 1)([-1])).toBeNaN();
  });

  it.each([
    ['exp(x, y)', 'Too many arguments in function exp'],
    ['hypot()', 'Too few arguments in function hypot'],
    ['round(x, 100)', 'Number of decimals in function round'],
    ['x!', 'Value must be non-negative'],
  ])('an expression mathjs cannot evaluate (%s) is an InputError naming the field and the point', (expression, cause) => {
    const f = compileTarget(expression, 2, 'sampler.target');
    const err = inputError(() => f([-0.25, 0.5]));
    expect(err.field).toBe('sampler.target');
    expect(err.message).toContain(`cannot be evaluated at (-0.25, 0.5): ${cause}`);
  });

  it('bounds size and depth with a clear error instead of a stack overflow', () => {
    const terms = Array.from({ length: 2000 }, (_, i) => `${i % 7}*x`).join(' + ');
    expect(inputError(() => compileTarget(terms, 1)).message).toMatch(/^target: is \d+ characters long; a target has at most 1000/);
    expect(inputError(() => compileTarget(`${'('.repeat(200)}x${')'.repeat(200)}`, 1)).message).toContain('is nested too deeply');
    expect(inputError(() => compileTarget(`${'-'.repeat(200)}x`, 1)).message).toContain('is nested too deeply');
    expect(inputError(() => compileTarget(`${'2^'.repeat(300)}x`, 1)).message).toContain('is nested too deeply');
    // Within the bounds: a long sum (a flat chain of 60 terms) and 30 levels of brackets still compile.
    expect(compileTarget(Array.from({ length: 60 }, () => 'x').join('+'), 1)([0.5])).toBe(30);
    expect(compileTarget(`${'('.repeat(30)}x${')'.repeat(30)}`, 1)([2])).toBe(2);
  });
});
