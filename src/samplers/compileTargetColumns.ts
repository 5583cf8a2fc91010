import type { MathNode } from 'mathjs';
import { math } from '../math.js';
import { parseTarget } from './parseTarget.js';
import { plainFunctions } from './plainFunctions.js';

/**
 * A target compiled over whole columns: evaluates rows `[0, n)` of the row-major points `x`
 * (`inputDim` values per row, `n` ≤ the compiled capacity) and writes row i's value to
 * `out[offset + i * stride]`. Values may be NaN or ±Infinity; the caller checks them.
 */
export type ColumnTarget = (x: Float64Array, n: number, out: Float64Array, offset: number, stride: number) => void;

/** One loop over a column per function: a literal each, so every call site in them stays monomorphic. */
type UnaryLoop = (a: Float64Array, o: Float64Array, n: number) => void;
type BinaryLoop = (a: Float64Array, b: Float64Array, o: Float64Array, n: number) => void;

const unaryLoops: Readonly<Record<string, UnaryLoop>> = {
  unaryMinus: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = -a[i]!; },
  exp: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.exp(a[i]!); },
  expm1: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.expm1(a[i]!); },
  log: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.log(a[i]!); },
  log1p: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.log1p(a[i]!); },
  log2: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.log2(a[i]!); },
  log10: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.log10(a[i]!); },
  sqrt: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.sqrt(a[i]!); },
  cbrt: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.cbrt(a[i]!); },
  abs: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.abs(a[i]!); },
  sign: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.sign(a[i]!); },
  square: (a, o, n) => { for (let i = 0; i < n; i++) { const v = a[i]!; o[i] = v * v; } },
  cube: (a, o, n) => { for (let i = 0; i < n; i++) { const v = a[i]!; o[i] = v * v * v; } },
  sin: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.sin(a[i]!); },
  cos: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.cos(a[i]!); },
  tan: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.tan(a[i]!); },
  asin: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.asin(a[i]!); },
  acos: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.acos(a[i]!); },
  atan: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.atan(a[i]!); },
  sinh: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.sinh(a[i]!); },
  cosh: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.cosh(a[i]!); },
  tanh: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.tanh(a[i]!); },
};
const binaryLoops: Readonly<Record<string, BinaryLoop>> = {
  add: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = a[i]! + b[i]!; },
  subtract: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = a[i]! - b[i]!; },
  multiply: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = a[i]! * b[i]!; },
  divide: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = a[i]! / b[i]!; },
  pow: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.pow(a[i]!, b[i]!); },
  atan2: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.atan2(a[i]!, b[i]!); },
  min: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.min(a[i]!, b[i]!); },
  max: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.max(a[i]!, b[i]!); },
};

/** A node's column, and whether it holds the same values for every batch (then it is filled once). */
interface Column {
  readonly values: Float64Array;
  readonly constant: boolean;
}

/** The program being built: the steps to run per batch, in post-order, and the column per variable. */
interface Program {
  readonly capacity: number;
  readonly steps: ((n: number) => void)[];
  readonly inputs: Map<number, Float64Array>;
  readonly variables: ReadonlyMap<string, number>;
}

/**
 * Compiles a target expression (the language of `compileTarget`) once into a function over whole
 * columns of up to `capacity` points: one preallocated Float64Array per node of the syntax tree
 * and one tight loop per node, run in post-order; constant subtrees are evaluated once at compile
 * time. The same doubles as `compileTarget`, bit for bit (the same operations in the same order at
 * each point; tested on random expressions), at a fraction of the cost: no closure call per node
 * and point. It builds no code from strings (no `eval`, no `new Function`), so it runs under a
 * strict browser Content-Security-Policy, and it reaches only the whitelisted functions: it is
 * how `fromFunction` evaluates where {@link compileBatchKernel}'s generated loop is forbidden.
 *
 * Returns undefined when some node needs mathjs (comparisons, `?:`, `round`, `mod`, `erf`, …):
 * the caller then evaluates the whole expression point by point through `compileTarget`. A parse
 * error or a name outside the language is the same {@link InputError} as `compileTarget`'s.
 *
 * @example
 * const f = compileTargetColumns('exp(-5*(x^2+y^2))*abs(x+y)', 2, 100)!;
 * const t = new Float64Array(100);
 * f(points, 100, t, 0, 1); // points: 100 rows of (x, y), row-major
 */
export function compileTargetColumns(expression: string, inputDim: number, capacity: number, field = 'target'): ColumnTarget | undefined {
  const { root, variables } = parseTarget(expression, inputDim, field);
  const program: Program = { capacity, steps: [], inputs: new Map(), variables };
  const result = columnOf(root, program);
  if (!result) return undefined;
  const steps = program.steps;
  const inputs = [...program.inputs];
  const values = result.values;
  return (x, n, out, offset, stride) => {
    if (n > capacity) throw new RangeError(`compileTargetColumns: ${n} rows exceed the capacity ${capacity}`);
    for (const [d, column] of inputs) {
      for (let i = 0, k = d; i < n; i++, k += inputDim) column[i] = x[k]!;
    }
    for (const step of steps) step(n);
    for (let i = 0, k = offset; i < n; i++, k += stride) out[k] = values[i]!;
  };
}

function constantColumn(value: number, capacity: number): Column {
  return { values: new Float64Array(capacity).fill(value), constant: true };
}

/** The column of `node`, its loops appended to the program; undefined when some node needs mathjs. */
function columnOf(node: MathNode, program: Program): Column | undefined {
  const n = node as unknown as { type: string; value: number; name: string; fn: string | { name: string }; args: MathNode[]; content: MathNode };
  switch (n.type) {
    case 'ConstantNode':
      return constantColumn(n.value, program.capacity);
    case 'SymbolNode': {
      const d = program.variables.get(n.name);
      if (d === undefined) return constantColumn(math[n.name as 'pi'], program.capacity);
      let values = program.inputs.get(d);
      if (!values) program.inputs.set(d, (values = new Float64Array(program.capacity)));
      return { values, constant: false };
    }
    case 'ParenthesisNode':
      return columnOf(n.content, program);
    case 'OperatorNode':
    case 'FunctionNode': {
      const name = typeof n.fn === 'string' ? n.fn : n.fn.name;
      const args: Column[] = [];
      for (const arg of n.args) {
        const column = columnOf(arg, program);
        if (!column) return undefined;
        args.push(column);
      }
      // The same dispatch as compileTarget's closure tree, so each name means the same operation.
      if (name === 'unaryPlus' && args.length === 1) return args[0];
      if (args.length === 1 && (name === 'unaryMinus' || Object.hasOwn(plainFunctions.unary, name))) {
        return unary(unaryLoops[name]!, args[0]!, program);
      }
      if (name === 'pow' && args.length === 2 && args[1]!.constant && args[1]!.values[0] === 2) {
        // x^2 as x*x: V8's Math.pow(x, 2) is fdlibm's pow, whose "y is 2" case returns x*x (the
        // test holds the two to the same bits on random doubles); half the seed function's cost.
        return unary(unaryLoops.square!, args[0]!, program);
      }
      if (args.length === 2 && Object.hasOwn(plainFunctions.binary, name)) return binary(binaryLoops[name]!, args[0]!, args[1]!, program);
      if ((name === 'min' || name === 'max') && args.length > 2) {
        // Left to right, as compileTarget's reduce: min(a, b, c) = min(min(a, b), c).
        return args.slice(1).reduce((m, column) => binary(binaryLoops[name]!, m, column, program), args[0]!);
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function unary(loop: UnaryLoop, a: Column, program: Program): Column {
  const o = new Float64Array(program.capacity);
  const a_ = a.values;
  if (a.constant) {
    loop(a_, o, program.capacity);
    return { values: o, constant: true };
  }
  program.steps.push((n) => loop(a_, o, n));
  return { values: o, constant: false };
}

function binary(loop: BinaryLoop, a: Column, b: Column, program: Program): Column {
  const o = new Float64Array(program.capacity);
  const a_ = a.values;
  const b_ = b.values;
  if (a.constant && b.constant) {
    loop(a_, b_, o, program.capacity);
    return { values: o, constant: true };
  }
  program.steps.push((n) => loop(a_, b_, o, n));
  return { values: o, constant: false };
}
