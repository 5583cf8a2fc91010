import type { MathNode } from 'mathjs';
import { InputError } from '../errors/InputError.js';
import { math } from '../math.js';

type Compiled = (x: ArrayLike<number>) => number;

/** Functions whose mathjs result on real numbers is the same double as the plain JS one (tested). */
const plainUnary: Readonly<Record<string, (v: number) => number>> = {
  exp: Math.exp, expm1: Math.expm1, log: Math.log, log1p: Math.log1p, log2: Math.log2, log10: Math.log10,
  sqrt: Math.sqrt, cbrt: Math.cbrt, abs: Math.abs, sign: Math.sign, square: (v) => v * v, cube: (v) => v * v * v,
  sin: Math.sin, cos: Math.cos, tan: Math.tan, asin: Math.asin, acos: Math.acos, atan: Math.atan,
  sinh: Math.sinh, cosh: Math.cosh, tanh: Math.tanh,
};
const plainBinary: Readonly<Record<string, (a: number, b: number) => number>> = {
  add: (a, b) => a + b, subtract: (a, b) => a - b, multiply: (a, b) => a * b, divide: (a, b) => a / b,
  pow: Math.pow, atan2: Math.atan2, min: Math.min, max: Math.max,
};
/** Further functions a target may call; they run through mathjs (its rounding and mod rules). */
const mathjsOnly = ['hypot', 'round', 'floor', 'ceil', 'fix', 'mod', 'nthRoot', 'asinh', 'acosh', 'atanh', 'sec', 'csc', 'cot', 'erf'];
const allowedFunctions = new Set([...Object.keys(plainUnary), ...Object.keys(plainBinary), ...mathjsOnly]);
const constants = new Set(['pi', 'e', 'tau', 'phi', 'PI', 'E']);
/**
 * Bounds on a target's size: mathjs parses and evaluates recursively, so a long or deeply nested
 * expression would otherwise end in "Maximum call stack size exceeded" instead of an error
 * naming the field. Real targets are a few dozen characters and a handful of levels deep.
 *
 * @example
 * compileTarget('x'.padEnd(targetLimits.characters + 1, '+x'), 1); // throws InputError: target: is 1001 characters long…
 */
export const targetLimits = { characters: 1000, brackets: 32, depth: 64 } as const;

/**
 * Compiles a mathjs expression of the input coordinates into a fast function of a point, once.
 * Variables: `x` (1 input); `x, y` (2); `x, y, z` (3); and always `x1 … xn`. Constants `pi, e,
 * tau, phi`; arithmetic, `^`, comparisons, `a ? b : c`, and numeric functions (exp, log, sqrt, abs,
 * sin … tanh, min, max, atan2, pow, hypot, round, floor, mod, erf, …).
 *
 * Why two paths: mathjs' typed dispatch costs ~1 µs per evaluation, 100 µs per batch of 100 —
 * more than a training step on a fast engine. Plain arithmetic and the functions above therefore
 * compile to a tree of closures over plain doubles (~50× faster, bit-identical to mathjs, tested);
 * anything else runs through mathjs' own `compile().evaluate` with one reused scope. Only the
 * listed functions are reachable, so an expression from a scenario file or a web client cannot
 * call `import`, `evaluate` or other mathjs internals.
 *
 * An unknown variable or function, unsupported syntax, a parse error or an expression longer or
 * deeper than {@link targetLimits} is an {@link InputError} naming `field`. The function throws an
 * InputError when mathjs cannot evaluate the expression at a point (a wrong argument count or
 * range) or its value is not a real number there (e.g. `sqrt(x)` for x < 0 through mathjs); it
 * may return NaN or ±Infinity, which the sampler reports with the point.
 *
 * @example
 * const f = compileTarget('exp(-5*(x^2+y^2))*abs(x+y)', 2);
 * f([0.1, 0.2]); // 0.2330…
 */
export function compileTarget(expression: string, inputDim: number, field = 'target'): (x: ArrayLike<number>) => number {
  if (!(Number.isInteger(inputDim) && inputDim >= 1)) throw new InputError('inputDim', `must be a positive integer, got ${inputDim}`);
  if (typeof expression !== 'string' || expression.trim() === '') {
    throw new InputError(field, `must be a non-empty expression, got ${JSON.stringify(expression)}`, 'e.g. "exp(-5*(x^2+y^2))*abs(x+y)"');
  }
  checkSize(expression, field);
  let root: MathNode;
  try {
    root = math.parse(expression);
  } catch (err) {
    if (err instanceof RangeError) throw tooDeep(field);
    throw new InputError(field, `is not a valid expression: ${(err as Error).message}`, 'check brackets and operators');
  }
  if (depthOf(root) > targetLimits.depth) throw tooDeep(field);
  const variables = variablesFor(inputDim);
  const used = check(root, variables, field, inputDim);
  return plain(root, variables) ?? viaMathjs(root, used, variables, field);
}

/** Length and bracket nesting, checked on the text before the recursive parser sees it. */
function checkSize(expression: string, field: string): void {
  if (expression.length > targetLimits.characters) {
    throw new InputError(field, `is ${expression.length} characters long; a target has at most ${targetLimits.characters}`, 'write a shorter expression (e.g. sum a series in closed form)');
  }
  let open = 0;
  for (const c of expression) {
    if (c === '(' || c === '[' || c === '{') open++;
    else if (c === ')' || c === ']' || c === '}') open--;
    if (open > targetLimits.brackets) throw tooDeep(field);
  }
}

function tooDeep(field: string): InputError {
  return new InputError(field, `is nested too deeply (at most ${targetLimits.brackets} levels of brackets and ${targetLimits.depth} levels of operations)`, 'simplify the expression');
}

/** The syntax tree's depth, without recursion (the tree may be deep: that is what is checked). */
function depthOf(root: MathNode): number {
  let deepest = 0;
  const stack: [MathNode, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    if (deepest > targetLimits.depth) break;
    node.forEach((child) => stack.push([child, depth + 1]));
  }
  return deepest;
}

function variablesFor(inputDim: number): Map<string, number> {
  const names = new Map<string, number>();
  if (inputDim <= 3) ['x', 'y', 'z'].slice(0, inputDim).forEach((name, i) => names.set(name, i));
  for (let i = 0; i < inputDim; i++) names.set(`x${i + 1}`, i);
  return names;
}

/** Rejects anything outside the numeric subset; returns the variables the expression uses. */
function check(root: MathNode, variables: Map<string, number>, field: string, inputDim: number): Set<string> {
  const used = new Set<string>();
  root.traverse((node, path, parent) => {
    switch (node.type) {
      case 'ConstantNode':
        if (typeof (node as unknown as { value: unknown }).value !== 'number') throw unsupported(node, field);
        return;
      case 'SymbolNode': {
        const name = (node as unknown as { name: string }).name;
        if (parent?.type === 'FunctionNode' && path === 'fn') {
          if (!allowedFunctions.has(name)) {
            throw new InputError(field, `calls unknown function "${name}"`, `use one of: ${[...allowedFunctions].sort().join(', ')}`);
          }
        } else if (variables.has(name)) {
          used.add(name);
        } else if (!constants.has(name)) {
          throw new InputError(field, `uses unknown variable "${name}"`, `with ${inputDim} input${inputDim === 1 ? '' : 's'} the variables are ${[...variables.keys()].join(', ')}`);
        }
        return;
      }
      case 'FunctionNode':
        if ((node as unknown as { fn: MathNode }).fn.type !== 'SymbolNode') throw unsupported(node, field);
        return;
      case 'OperatorNode':
      case 'ParenthesisNode':
      case 'ConditionalNode':
        return;
      default:
        throw unsupported(node, field);
    }
  });
  return used;
}

function unsupported(node: MathNode, field: string): InputError {
  return new InputError(field, `uses unsupported syntax "${node.toString()}" (${node.type})`, 'use numbers, the input variables, operators and numeric functions');
}

/** The closure-tree fast path, or undefined when some node needs mathjs. */
function plain(node: MathNode, variables: Map<string, number>): Compiled | undefined {
  const n = node as unknown as { type: string; value: number; name: string; fn: string | { name: string }; args: MathNode[]; content: MathNode };
  switch (n.type) {
    case 'ConstantNode': {
      const v = n.value;
      return () => v;
    }
    case 'SymbolNode': {
      const i = variables.get(n.name);
      if (i !== undefined) return (x) => x[i]!;
      const v = math[n.name as 'pi'];
      return () => v;
    }
    case 'ParenthesisNode':
      return plain(n.content, variables);
    case 'OperatorNode':
    case 'FunctionNode': {
      const name = typeof n.fn === 'string' ? n.fn : n.fn.name;
      const args = n.args.map((a) => plain(a, variables));
      if (args.some((a) => a === undefined)) return undefined;
      const [a, b] = args as Compiled[];
      if (name === 'unaryMinus' && args.length === 1) return (x) => -a!(x);
      if (name === 'unaryPlus' && args.length === 1) return a;
      const f1 = Object.hasOwn(plainUnary, name) ? plainUnary[name] : undefined;
      if (f1 && args.length === 1) return (x) => f1(a!(x));
      const f2 = Object.hasOwn(plainBinary, name) ? plainBinary[name] : undefined;
      if (f2 && args.length === 2) return (x) => f2(a!(x), b!(x));
      if ((name === 'min' || name === 'max') && args.length > 2) {
        const rest = args.slice(1) as Compiled[];
        return (x) => rest.reduce((m, f) => f2!(m, f(x)), a!(x));
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function viaMathjs(root: MathNode, used: Set<string>, variables: Map<string, number>, field: string): Compiled {
  const code = root.compile();
  // One Map reused for every point: mathjs wraps a plain-object scope anew on each evaluate.
  const scope = new Map<string, number>();
  const bindings = [...used].map((name) => [name, variables.get(name)!] as const);
  return (x) => {
    for (const [name, i] of bindings) scope.set(name, x[i]!);
    let value: unknown;
    try {
      value = code.evaluate(scope);
    } catch (err) {
      // A wrong argument count or range (`exp(x, y)`, `round(x, 100)`, `(-0.5)!`) is the
      // expression's fault, found only when evaluated: report it as bad input naming the field.
      throw new InputError(field, `cannot be evaluated at (${Array.from(x, (v) => Number(v.toPrecision(6))).join(', ')}): ${(err as Error).message}`, 'check the functions\' arguments');
    }
    if (typeof value !== 'number') {
      throw new InputError(field, `is not a real number at (${Array.from(x).join(', ')}): got ${math.format(value, { precision: 6 })}`, 'make the target real on the whole box');
    }
    return value;
  };
}
