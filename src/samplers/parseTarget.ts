import type { MathNode } from 'mathjs';
import { InputError } from '../errors/InputError.js';
import { math } from '../math.js';
import { plainFunctions } from './plainFunctions.js';

/** A target expression parsed and checked: its tree, the variable → coordinate map, the variables it uses. */
export interface ParsedTarget {
  readonly root: MathNode;
  readonly variables: ReadonlyMap<string, number>;
  readonly used: ReadonlySet<string>;
}

/** Further functions a target may call; they run through mathjs (its rounding and mod rules). */
const mathjsOnly = ['hypot', 'round', 'floor', 'ceil', 'fix', 'mod', 'nthRoot', 'asinh', 'acosh', 'atanh', 'sec', 'csc', 'cot', 'erf'];
const allowedFunctions = new Set([...Object.keys(plainFunctions.unary), ...Object.keys(plainFunctions.binary), ...mathjsOnly]);
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
 * Parses a target expression and rejects anything outside the numeric subset (see
 * `compileTarget` for the language): only the whitelisted functions, the input variables and the
 * constants are reachable, so an expression from a scenario file or a web client cannot call
 * `import`, `evaluate` or other mathjs internals. A parse error, unknown name, unsupported
 * syntax or an expression beyond {@link targetLimits} is an {@link InputError} naming `field`.
 *
 * @example
 * const { used } = parseTarget('exp(-5*(x^2+y^2))*abs(x+y)', 2, 'target'); // used: x, y
 */
export function parseTarget(expression: string, inputDim: number, field: string): ParsedTarget {
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
  return { root, variables, used: check(root, variables, field, inputDim) };
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
