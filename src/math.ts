import type { FactoryFunctionMap, MathJsInstance } from 'mathjs';
import * as factories from './mathjsFactories.js';

/**
 * The part of mathjs that {@link math} holds: matrices and their shapes, `format`, and what target
 * expressions need (`parse`, the operators, the elementary functions, `pi`, `e`, `tau`, `phi`).
 */
export type RxpropMath = Pick<
  MathJsInstance,
  'matrix' | 'isMatrix' | 'zeros' | 'reshape' | 'flatten' | 'transpose' | 'map' | 'sum' | 'add' | 'subtract' | 'multiply' | 'dotMultiply' | 'format' | 'parse' | 'pi' | 'e' | 'tau' | 'phi'
>;

/**
 * rxprop's own mathjs instance for the public data model (batches, weights, snapshots are
 * matrices of this instance) and for target expressions. Made with `create(factories, …)` from
 * only the functions rxprop uses (so it loads fast and bundles small) and without touching any
 * global mathjs config. For the rest of mathjs, make your own instance: its matrices work here.
 *
 * @example
 * const m = math.matrix([[1, 2], [3, 4]]);
 */
export const math: RxpropMath = factories.create(dependencies(), { matrix: 'Matrix', number: 'number' });

function dependencies(): FactoryFunctionMap {
  const { create: _, ...all } = factories;
  return all as FactoryFunctionMap;
}
