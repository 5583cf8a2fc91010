import type { MathNode } from 'mathjs';
import { InputError } from '../errors/InputError.js';
import { math } from '../math.js';
import { parseTarget, targetLimits } from './parseTarget.js';
import { plainFunctions } from './plainFunctions.js';

type Compiled = (x: ArrayLike<number>) => number;

export { targetLimits };

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
  const { root, variables, used } = parseTarget(expression, inputDim, field);
  return plain(root, variables) ?? viaMathjs(root, used, variables, field);
}

/** The closure-tree fast path, or undefined when some node needs mathjs. */
function plain(node: MathNode, variables: ReadonlyMap<string, number>): Compiled | undefined {
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
      const f1 = Object.hasOwn(plainFunctions.unary, name) ? plainFunctions.unary[name] : undefined;
      if (f1 && args.length === 1) return (x) => f1(a!(x));
      const f2 = Object.hasOwn(plainFunctions.binary, name) ? plainFunctions.binary[name] : undefined;
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

function viaMathjs(root: MathNode, used: ReadonlySet<string>, variables: ReadonlyMap<string, number>, field: string): Compiled {
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
    }    if (typeof value !== 'number') {
      throw new InputError(field, `is not a real number at (${Array.from(x).join(', ')}): got ${math.format(value, { precision: 6 })}`, 'make the target real on the whole box');
    }
    return value;
  };
}
