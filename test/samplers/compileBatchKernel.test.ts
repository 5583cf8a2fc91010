import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { all, create } from 'mathjs';
import { describe, expect, it, vi } from 'vitest';
import { fillUniform, seededRandom } from '../../src/random/Random.js';
import { compileBatchKernel } from '../../src/samplers/compileBatchKernel.js';
import { compileTarget } from '../../src/samplers/compileTarget.js';
import { functionBatchMaker } from '../../src/samplers/fromFunction.js';
import { plainFunctions } from '../../src/samplers/plainFunctions.js';
import type { Box } from '../../src/samplers/Sampler.js';
import { plainNames, randomExpression, randomPoints } from './randomExpression.js';
import { inputErrorOf } from '../helpers/inputErrorOf.js';

/** mathjs' own evaluation (a full instance, not rxprop's): the reference. */
const reference = create(all!, { number: 'number' });
function viaMathjs(expression: string, x: ArrayLike<number>): unknown {
  const scope: Record<string, number | undefined> = {};
  Array.from(x).forEach((v, i) => (scope[`x${i + 1}`] = v));
  [scope.x, scope.y, scope.z] = Array.from(x);
  return reference.evaluate(expression, scope);
}

const unitCube: Box = [[0, 1], [0, 1], [0, 1]];

/** Every operator, constant and function of the plain language, in a few expressions of x and y. */
const everyName = [
  'exp(-5*(x^2+y^2))*abs(x+y)',
  'x + y - x * y / (2 + x) + x ^ 3 + (-x) + (+y) + pi - e + tau * phi + PI - E',
  'exp(x) + expm1(y) + log(2 + x) + log1p(y) + log2(3 + x) + log10(4 + y) + sqrt(1 + x) + cbrt(y)',
  'abs(x) + sign(y) + square(x) + cube(y) + sin(x) + cos(y) + tan(x) + asin(y) + acos(x) + atan(y)',
  'sinh(x) + cosh(y) + tanh(x - y) + pow(abs(x), 1.5) + pow(x, 2) + atan2(y, x) + min(x, y) + max(x, y) + min(x, y, 0.1) + max(-x, y, 0, x*y)',
];

/**
 * Runs `kernel` over all `n` rows, again from the row after each non-finite value it reports:
 * the targets of every row, and the indices reported.
 */
function runAll(kernel: NonNullable<ReturnType<typeof compileBatchKernel>>, x: Float64Array, n: number, dim: number, outputs: number): { t: Float64Array; stops: number[] } {
  const t = new Float64Array(n * outputs).fill(7);
  const stops: number[] = [];
  for (let row = 0; row < n; ) {
    const j = kernel(x.subarray(row * dim), t.subarray(row * outputs), n - row);
    if (j < 0) break;
    stops.push(row * outputs + j);
    row += Math.floor(j / outputs) + 1;
  }
  return { t, stops };
}

describe('compileBatchKernel', () => {
  it('gives the bits of compileTarget, NaN and ±Infinity included, and finds each first non-finite value, on random expressions and points', () => {
    const random = seededRandom(2025);
    let nonFinite = 0;
    for (let e = 0; e < 400; e++) {
      const expression = randomExpression(random, 4);
      const kernel = compileBatchKernel([expression], ['target'], unitCube);
      expect(kernel, expression).toBeDefined();
      const f = compileTarget(expression, 3);
      const n = 1 + Math.floor(random.next() * 64);
      // On [0, 1]³ the box maps u to 0 + 1·u: the points themselves (-0 becoming 0).
      const x = randomPoints(random, n, 3);
      const mapped = x.map((u) => 0 + 1 * u);
      const { t, stops } = runAll(kernel!, x, n, 3, 1);
      expect(Array.from(x)).toEqual(Array.from(mapped));
      const expectedStops: number[] = [];
      for (let i = 0; i < n; i++) {
        const expected = f(x.subarray(3 * i, 3 * i + 3));
        if (!Number.isFinite(expected)) expectedStops.push(i);
        // Object.is: the same double, -0 and NaN included.
        if (!Object.is(t[i], expected)) expect([expression, Array.from(x.subarray(3 * i, 3 * i + 3)), t[i]]).toEqual([expression, [], expected]);
      }
      expect(stops, expression).toEqual(expectedStops);
      nonFinite += stops.length;
    }
    expect(nonFinite).toBeGreaterThan(100); // the comparison did reach NaN and ±Infinity
  });

  it.each(everyName)('equals mathjs evaluate point by point: %s', (expression) => {
    const box: Box = [[-0.5, 0.5], [-0.5, 0.5]];
    const kernel = compileBatchKernel([expression], ['target'], box)!;
    const x = new Float64Array(200);
    fillUniform(seededRandom(11), x, 0, 200);
    const u = x.slice();
    const t = new Float64Array(100);
    expect(kernel(x, t, 100)).toBe(-1);
    for (let i = 0; i < 100; i++) {
      expect([x[2 * i], x[2 * i + 1]]).toEqual([-0.5 + 1 * u[2 * i]!, -0.5 + 1 * u[2 * i + 1]!]);
      expect(t[i]).toBe(viaMathjs(expression, x.subarray(2 * i, 2 * i + 2)));
    }
  });

  it('is held to mathjs above on every function of the registry', () => {
    const names = [...Object.keys(plainFunctions.unary), ...Object.keys(plainFunctions.binary)];
    const operators = ['add', 'subtract', 'multiply', 'divide']; // as + - * /
    expect(names.filter((name) => !operators.includes(name) && !everyName.some((e) => e.includes(`${name}(`)))).toEqual([]);
  });

  it('writes several outputs per row and returns the first non-finite value in row order', () => {
    const kernel = compileBatchKernel(['x', '1 / (y - 0.5)', 'log(x - 0.25)'], ['target[0]', 'target[1]', 'target[2]'], [[0, 1], [0, 1]])!;
    // Rows: (0.5, 0.1) fine; (0.1, 0.5): output 1 is Infinity and output 2 NaN; (0.75, 0.5).
    const x = Float64Array.of(0.5, 0.1, 0.1, 0.5, 0.75, 0.5);
    const t = new Float64Array(9);
    expect(kernel(x, t, 3)).toBe(3 + 1);
    expect(Array.from(t.subarray(0, 5))).toEqual([0.5, 1 / (0.1 - 0.5), Math.log(0.5 - 0.25), 0.1, Infinity]);
    const ok = Float64Array.of(0.5, 0.1);
    const t2 = new Float64Array(3);
    expect(compileBatchKernel(['x', 'y'], ['a', 'b'], [[10, 12], [-1, 0]])!(ok, t2, 1)).toBe(-1);
    expect(Array.from(ok)).toEqual([10 + 2 * 0.5, -1 + 1 * 0.1]);
    expect(Array.from(t2)).toEqual([11, -1 + 1 * 0.1, 0]);
  });

  it('builds its source from the syntax tree only: no name of the expression reaches the code', () => {
    const random = seededRandom(5);
    const words = new Set<string>();
    for (let e = 0; e < 100; e++) {
      const source = compileBatchKernel([randomExpression(random, 4), randomExpression(random, 3)], ['a', 'b'], unitCube)!.toString();
      // Locals and slots by their letter: c0 → c, s12 → s.
      for (const word of source.match(/Math\.\w+|[A-Za-z_$][\w$]*/g)!) words.add(word.replace(/^([csvf])\d+$/, '$1'));
    }
    const builtins = [...plainNames.unary, ...plainNames.binary].filter((name) => !['square', 'cube', 'exp'].includes(name)).map((name) => `Math.${name}`);
    const code = ['C', 'D', 'F', 'L', 'S', 'c', 'const', 'd', 'f', 'for', 'function', 'i', 'if', 'j', 'k', 'kernel', 'let', 'n', 'o', 'return', 's', 't', 'v', 'x', 'z'];
    expect([...words].filter((w) => !builtins.includes(w)).sort()).toEqual(code.sort());
    expect(builtins.filter((b) => !words.has(b))).toEqual([]); // every built-in did appear
  });

  it('calls a function of the registry that is not Math\'s own (its exp, or one Math no longer holds), with the bits of compileTarget', () => {
    const box: [number, number][] = [[-3, 3], [0, 1]];
    const same = (expression: string): void => {
      const x = new Float64Array(2 * 64);
      fillUniform(seededRandom(3), x, 0, x.length);
      const t = new Float64Array(64);
      expect(compileBatchKernel([expression], ['target'], box)!(x, t, 64)).toBe(-1);
      const perPoint = compileTarget(expression, 2);
      for (let i = 0; i < 64; i++) expect(Object.is(t[i], perPoint(x.subarray(2 * i, 2 * i + 2))), `${expression} at row ${i}`).toBe(true);
    };
    same('exp(x) + y');
    expect(compileBatchKernel(['exp(x) + y'], ['target'], box)!.toString()).toMatch(/f0\(/);
    const sin = vi.spyOn(Math, 'sin');
    try {
      same('sin(x) * y');
    } finally {
      sin.mockRestore();
    }
  });

  it('declines what needs mathjs, so the caller goes point by point', () => {
    for (const expression of ['round(x)', 'mod(x, 2)', 'erf(y)', 'x > 0 ? x : y', 'x < y', 'hypot(x, y) + 1', 'min(x)', 'exp(x, y)']) {
      expect(compileBatchKernel(['x', expression], ['a', 'b'], [[0, 1], [0, 1]]), expression).toBeUndefined();
    }
  });

  it('declines targets too large for V8 to optimise as one function, and maps many coordinates in a loop', () => {
    // A balanced sum of 128 x's: 127 additions (within targetLimits), 129 statements with its output's two.
    const sum = (leaves: number): string => (leaves === 1 ? 'x' : `(${sum(leaves / 2)})+(${sum(leaves / 2)})`);
    const outputs = (k: number): string[] => Array.from({ length: k }, () => sum(128));
    expect(compileBatchKernel(outputs(15), outputs(15), [[0, 1]])).toBeDefined(); // 1935 statements
    expect(compileBatchKernel(outputs(16), outputs(16), [[0, 1]])).toBeUndefined(); // 2064
    // 40 coordinates, two of them read: the other 38 mapped into the box all the same.
    const box: Box = Array.from({ length: 40 }, (_, d) => [d, d + 1 + d / 3] as const);
    const x = new Float64Array(3 * 40);
    fillUniform(seededRandom(4), x, 0, x.length);
    const u = x.slice();
    const t = new Float64Array(3);
    expect(compileBatchKernel(['x40 - x2'], ['target'], box)!(x, t, 3)).toBe(-1);
    expect(Array.from(x)).toEqual(Array.from(u, (v, k) => box[k % 40]![0] + (box[k % 40]![1] - box[k % 40]![0]) * v));
    expect(Array.from(t)).toEqual([0, 1, 2].map((i) => x[40 * i + 39]! - x[40 * i + 1]!));
  });

  it('makes the code of a source once: kernels of the same shape share it, each with its own constants and box', () => {
    const made = vi.spyOn(globalThis, 'Function');
    try {
      // Constants and the box are slots, not source: these four kernels have one source.
      const run = (expression: string, box: Box): number[] => {
        const x = new Float64Array([0.5, 0.25, 1, 0]);
        const t = new Float64Array(2);
        expect(compileBatchKernel([expression], ['target'], box)!(x, t, 2)).toBe(-1);
        return Array.from(t);
      };
      const before = made.mock.calls.length;
      expect(run('3 * x - y', [[0, 1], [0, 1]])).toEqual([3 * 0.5 - 0.25, 3]);
      expect(run('7 * x - y', [[0, 1], [0, 1]])).toEqual([7 * 0.5 - 0.25, 7]);
      expect(run('3 * x - y', [[-1, 1], [10, 20]])).toEqual([3 * 0 - 12.5, 3 - 10]);
      expect(run('3 * x - y', [[0, 1], [0, 1]])).toEqual([3 * 0.5 - 0.25, 3]);
      expect(made.mock.calls.length - before).toBeLessThanOrEqual(1);
      // A program that makes sources endlessly keeps a bounded number: the oldest is made again.
      const first = 'x - 2 * y';
      compileBatchKernel([first], ['target'], unitCube);
      const afterFirst = made.mock.calls.length;
      compileBatchKernel([first], ['target'], unitCube);
      expect(made.mock.calls.length).toBe(afterFirst);
      for (let k = 1; k <= 64; k++) compileBatchKernel(['x1'], ['target'], Array.from({ length: 3 + k }, () => [0, 1] as const)); // a row of 3 + k coordinates
      compileBatchKernel([first], ['target'], unitCube);
      expect(made.mock.calls.length).toBe(afterFirst + 65);
    } finally {
      made.mockRestore();
    }
  });

  it('rejects what compileTarget rejects, with the same error', () => {
    for (const expression of ['foo(x)', 'import({})', 'exp(-5*(x^2', 'x + w', 'a = x', '']) {
      expect(inputErrorOf(() => compileBatchKernel(['x', expression], ['a', 'sampler.target'], [[0, 1], [0, 1]]))?.message ?? 'no error').toBe(inputErrorOf(() => compileTarget(expression, 2, 'sampler.target'))?.message);
    }
  });

  it('declines where code from strings is forbidden, and fromFunction then makes the same batches', () => {
    const expressions = ['exp(-5*(x^2+y^2))*abs(x+y)', 'max(x, y, 0) - atan2(y, x) ^ 2'];
    const script = `
      import { compileBatchKernel } from './src/samplers/compileBatchKernel.ts';
      import { functionBatchMaker } from './src/samplers/fromFunction.ts';
      import { seededRandom } from './src/random/Random.ts';
      const box = [[-0.5, 0.5], [-1, 2]];
      const next = functionBatchMaker({ target: ${JSON.stringify(expressions)}, box, batchSize: 50 })(seededRandom(3));
      const hex = (a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');
      const batches = [next(), next()].map((b) => [hex(b.x), hex(b.t)]);
      // Tried once: after the first refusal no sampler asks again (a page would report each try).
      const Refused = globalThis.Function;
      let tries = 0;
      globalThis.Function = function () { tries++; return Refused.apply(this, arguments); };
      const kernel = compileBatchKernel(['x'], ['target'], box) === undefined ? 'declined' : 'compiled';
      console.log(JSON.stringify({ kernel, tries, batches }));
    `;
    const out = execFileSync(process.execPath, ['--disallow-code-generation-from-strings', '--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('../../', import.meta.url)),
      encoding: 'utf8',
      timeout: 25_000, // under the test timeout, so a hang fails instead of stalling the run
    });
    const next = functionBatchMaker({ target: expressions, box: [[-0.5, 0.5], [-1, 2]], batchSize: 50 })(seededRandom(3));
    const hex = (a: Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');
    const here = [next(), next()].map((b) => [hex(b.x), hex(b.t)]);
    expect(JSON.parse(out)).toEqual({ kernel: 'declined', tries: 0, batches: here });
  });
});
