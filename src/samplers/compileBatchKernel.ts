import type { MathNode } from 'mathjs';
import { math } from '../math.js';
import { parseTarget } from './parseTarget.js';
import { plainFunctions } from './plainFunctions.js';
import type { Box } from './Sampler.js';

/**
 * A compiled batch of `fromFunction`: `x` holds `n` rows of uniform draws in [0, 1), `box.length`
 * per row; maps them into the box in place (`lo + (hi − lo)·u`), writes each row's targets to
 * `t` (one per expression, row-major) and returns the index in `t` of the first value that is NaN
 * or ±Infinity, in row order, or -1.
 */
export type BatchKernel = (x: Float64Array, t: Float64Array, n: number) => number;

type Plain = (...args: number[]) => number;
type Source = (...locals: string[]) => string;

/**
 * The registry's arithmetic written as operators: each computes what its function in
 * {@link plainFunctions} does (`(a, b) => a + b`, `(v) => v * v`, …). Written out rather than
 * called, it spares V8 a check per call that the function is still the one it inlined: a tenth
 * of a batch of the seed's function.
 */
const operators: Readonly<Record<string, Source>> = {
  add: (a, b) => `${a} + ${b}`,
  subtract: (a, b) => `${a} - ${b}`,
  multiply: (a, b) => `${a} * ${b}`,
  divide: (a, b) => `${a} / ${b}`,
  square: (a) => `${a} * ${a}`,
  cube: (a) => `${a} * ${a} * ${a}`,
};

/**
 * Whether this realm lets code be made from strings: false after the first refusal, so a page
 * whose Content-Security-Policy forbids it reports one violation, not one per sampler.
 */
let codeFromStrings = true;

/** A node's value: a constant (folded now) or the name of a local of the loop body. */
type Value = { readonly constant: number } | { readonly local: string };

/** The loop body being built, the constants it reads by slot, and the coordinates it reads. */
interface Kernel {
  readonly body: string[];
  readonly constants: number[];
  /** Registry functions the loop calls by reference (not operators, not `Math`'s own). */
  readonly functions: Plain[];
  readonly used: Set<number>;
  variables: ReadonlyMap<string, number>;
}

/**
 * Statements beyond which a kernel is declined: V8 optimises no function of more than 60 KB of
 * bytecode, and a kernel left to its interpreter would be slower than the columns. A few hundred
 * nodes per expression of the longest allowed (`targetLimits`) make several outputs' worth.
 */
const maxStatements = 2000;

/**
 * Compiles a `fromFunction` batch — the box and the target expressions (the language of
 * `compileTarget`) — once into one loop over the rows whose body is the whole of every syntax
 * tree, one local per node: a point's doubles stay in registers from the draw to the last target,
 * where a column per node ({@link compileTargetColumns}) stores and reloads every intermediate
 * and a separate pass maps the box: the seed's function over 100 points in a third of the
 * columns' time (0.65 against 1.9 µs, the same points each time; bench/sampler-cost.ts --parts
 * times it on fresh ones).
 *
 * The same doubles as `compileTarget` point by point, bit for bit: each node computes what the
 * function {@link plainFunctions} gives its name does, on the same operands in the same order
 * (`x^2` as `x*x`, as `compileTargetColumns` does; constant subtrees folded once with the
 * registry's functions); tested on random expressions and against mathjs.
 *
 * The loop is JavaScript made by `new Function`, but from the checked syntax trees only, never
 * from an expression's text: the source holds nothing but locals, numbered slots of the arrays it
 * is handed (constants, the box), the operators `+ - * /`, `Math.<name>` for registry
 * functions that are that built-in (found by identity), and locals bound to the other registry
 * functions it is handed (the registry's `exp`, exp.ts). The function is made once per source
 * and kept (the last 64): constants and the box are handed in, so the same target on another box
 * reuses code V8 has already optimised. Targets too large for V8 to optimise one function (over
 * {@link maxStatements} nodes in all) are declined. Where code from strings is forbidden (a page
 * whose Content-Security-Policy lacks 'unsafe-eval', Node's `--disallow-code-generation-from-strings`)
 * it returns undefined, as it does when some node needs mathjs (comparisons, `?:`, `round`, `mod`,
 * `erf`, …): the caller then falls back to {@link compileTargetColumns} or point by point. A parse
 * error or a name outside the language is the same {@link InputError} as `compileTarget`'s,
 * naming `fields[k]` for `expressions[k]`.
 *
 * @example
 * const kernel = compileBatchKernel(['exp(-5*(x^2+y^2))*abs(x+y)'], ['target'], [[-0.5, 0.5], [-0.5, 0.5]])!;
 * const x = new Float64Array(200), t = new Float64Array(100);
 * fillUniform(seededRandom(1), x, 0, 200);
 * kernel(x, t, 100); // -1: x now in the box, t the targets
 */
export function compileBatchKernel(expressions: readonly string[], fields: readonly string[], box: Box): BatchKernel | undefined {
  const dim = box.length;
  const outputs = expressions.length;
  const kernel: Kernel = { body: [], constants: [], functions: [], used: new Set(), variables: new Map() };
  for (let j = 0; j < outputs; j++) {
    const { root, variables } = parseTarget(expressions[j]!, dim, fields[j]!);
    kernel.variables = variables;
    const value = valueOf(root, kernel);
    if (!value) return undefined;
    const name = local(value, kernel);
    // v·0 is ±0 exactly when v is finite (NaN for NaN and ±Infinity): the sum stays 0 until a
    // value is not, one add per value instead of a compare and branch.
    kernel.body.push(`t[o + ${j}] = ${name};`, `z += ${name} * 0;`);
  }
  if (kernel.body.length > maxStatements) return undefined;
  // The coordinates the targets read are mapped into the box where they are loaded, one local
  // each; the others (a box may have many) by a loop over their slots.
  const used = [...kernel.used].sort((a, b) => a - b);
  const loads = used.flatMap((d) => {
    const [lo, hi] = box[d]!;
    return [`const v${d} = ${local({ constant: lo }, kernel)} + ${local({ constant: hi - lo }, kernel)} * x[k + ${d}];`, `x[k + ${d}] = v${d};`];
  });
  const unused = box.map((_, d) => d).filter((d) => !kernel.used.has(d));
  if (unused.length > 0) loads.push(`for (let j = 0; j < ${unused.length}; j++) { const d = k + D[j]; x[d] = L[j] + S[j] * x[d]; }`);
  const source = [
    '"use strict";',
    'return function kernel(x, t, n) {',
    ...kernel.constants.map((_, j) => `const c${j} = C[${j}];`),
    ...kernel.functions.map((_, j) => `const f${j} = F[${j}];`),
    'let z = 0;',
    `for (let i = 0, k = 0, o = 0; i < n; i++, k += ${dim}, o += ${outputs}) {`,
    ...loads,
    ...kernel.body,
    '}',
    'if (z === 0) return -1;',
    `for (let j = 0; j < n * ${outputs}; j++) if (t[j] - t[j] !== 0) return j;`,
    'return -1;',
    '};',
  ].join('\n');
  const factory = factoryOf(source);
  if (!factory) return undefined;
  const lo = Float64Array.from(unused, (d) => box[d]![0]);
  const span = Float64Array.from(unused, (d) => box[d]![1] - box[d]![0]);
  return factory(kernel.constants, Int32Array.from(unused), lo, span, kernel.functions);
}

/** What `new Function` makes of a kernel's source: binds its constants, box and functions. */
type Factory = (C: readonly number[], D: Int32Array, L: Float64Array, S: Float64Array, F: readonly Plain[]) => BatchKernel;

/**
 * Factories made so far, by source, the oldest first. A sampler made again for the same kind of
 * target (each measurement of a benchmark, each run of a grid, a resumed run) then gets closures of
 * the same factory, which share V8's feedback and optimised code: its first batch runs at full
 * speed, where a new factory's first call of a 784-input box runs interpreted, ~10 ms.
 */
const factories = new Map<string, Factory>();

/** Sources kept: far more than the targets of one program, a bound for one that makes them endlessly. */
const maxFactories = 64;

/** The factory of `source`, made once; undefined where code may not be made from strings. */
function factoryOf(source: string): Factory | undefined {
  if (!codeFromStrings) return undefined;
  let factory = factories.get(source);
  if (factory) return factory;
  try {
    factory = new Function('C', 'D', 'L', 'S', 'F', source) as Factory;
  } catch (err) {
    // Code from strings is forbidden here: the caller has paths without it.
    if (!(err instanceof EvalError)) throw err;
    codeFromStrings = false;
    return undefined;
  }
  if (factories.size === maxFactories) factories.delete(factories.keys().next().value!);
  factories.set(source, factory);
  return factory;
}

/** The value of `node`, its statements appended to the kernel; undefined when some node needs mathjs. */
function valueOf(node: MathNode, kernel: Kernel): Value | undefined {
  const n = node as unknown as { type: string; value: number; name: string; fn: string | { name: string }; args: MathNode[]; content: MathNode };
  switch (n.type) {
    case 'ConstantNode':
      return { constant: n.value };
    case 'SymbolNode': {
      const d = kernel.variables.get(n.name);
      if (d === undefined) return { constant: math[n.name as 'pi'] };
      kernel.used.add(d);
      return { local: `v${d}` };
    }
    case 'ParenthesisNode':
      return valueOf(n.content, kernel);
    case 'OperatorNode':
    case 'FunctionNode': {
      const name = typeof n.fn === 'string' ? n.fn : n.fn.name;
      const args: Value[] = [];
      for (const arg of n.args) {
        const value = valueOf(arg, kernel);
        if (!value) return undefined;
        args.push(value);
      }
      // The same dispatch as compileTarget's closure tree, so each name means the same operation.
      if (name === 'unaryPlus' && args.length === 1) return args[0];
      if (name === 'unaryMinus' && args.length === 1) return apply((v) => -v, args, kernel, (a) => `-${a}`);
      const f1 = Object.hasOwn(plainFunctions.unary, name) ? plainFunctions.unary[name]! : undefined;
      if (f1 && args.length === 1) return apply(f1, args, kernel);
      if (name === 'pow' && args.length === 2 && 'constant' in args[1]! && args[1].constant === 2) {
        // x^2 as x*x, as compileTargetColumns: V8's Math.pow(x, 2) is fdlibm's pow, whose "y is 2"
        // case returns x*x (its test holds the two to the same bits on random doubles).
        return apply(plainFunctions.unary.square!, [args[0]!], kernel);
      }
      const f2 = Object.hasOwn(plainFunctions.binary, name) ? plainFunctions.binary[name]! : undefined;
      if (f2 && args.length === 2) return apply(f2, args, kernel);
      if (f2 && (name === 'min' || name === 'max') && args.length > 2) {
        // Left to right, as compileTarget's reduce: min(a, b, c) = min(min(a, b), c).
        return args.slice(1).reduce<Value | undefined>((m, v) => m && apply(f2, [m, v], kernel), args[0]!);
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * `f` of `args`: folded now when they are all constant, else one statement of the loop body in
 * `source` (for unary minus, which has no function in the registry), or the operator when `f` is
 * the registry's arithmetic, or `Math.<name>(…)` when `f` is that built-in (V8 then compiles its
 * own code for it in place), or else a call of `f` itself (the registry's `exp`, or any
 * function `Math` no longer holds since the registry took it), which V8 inlines.
 */
function apply(f: Plain, args: readonly Value[], kernel: Kernel, source?: Source): Value {
  if (args.every((a) => 'constant' in a)) return { constant: f(...args.map((a) => (a as { constant: number }).constant)) };
  source ??= sourceOf(f, kernel);
  const name = `s${kernel.body.length}`;
  kernel.body.push(`const ${name} = ${source(...args.map((a) => local(a, kernel)))};`);
  return { local: name };
}

/** How the source writes the registry's `f`: its operator, its name on `Math`, or a local bound to it. */
function sourceOf(f: Plain, kernel: Kernel): Source {
  const entry = [...Object.entries(plainFunctions.unary), ...Object.entries(plainFunctions.binary)].find(([, g]) => g === f);
  if (entry && Object.hasOwn(operators, entry[0])) return operators[entry[0]]!;
  const builtin = Object.getOwnPropertyNames(Math).find((name) => /^[a-z]\w*$/.test(name) && (Math as unknown as Record<string, unknown>)[name] === f);
  if (builtin !== undefined) return (...locals) => `Math.${builtin}(${locals.join(', ')})`;
  let j = kernel.functions.indexOf(f);
  if (j < 0) j = kernel.functions.push(f) - 1;
  return (...locals) => `f${j}(${locals.join(', ')})`;
}

/** The local holding `value`: a constant gets one, set once before the loop. */
function local(value: Value, kernel: Kernel): string {
  return 'local' in value ? value.local : `c${kernel.constants.push(value.constant) - 1}`;
}
