import { exp } from './exp.js';

/**
 * The functions a target expression may call whose mathjs result on real numbers is the same
 * double as the plain JavaScript one (tested against mathjs): the registry both compiled forms of
 * a target ({@link compileTarget} point by point, {@link compileTargetColumns} column by column,
 * {@link compileBatchKernel} in one generated loop) draw on, so they cannot disagree about what a
 * name means. `exp` is {@link exp}: `Math.exp`'s bits, compiled into the caller.
 *
 * @example
 * plainFunctions.unary.exp!(0); // 1
 * plainFunctions.binary.atan2!(1, 1); // π/4
 */
export const plainFunctions: {
  readonly unary: Readonly<Record<string, (v: number) => number>>;
  readonly binary: Readonly<Record<string, (a: number, b: number) => number>>;
} = {
  unary: {
    exp, expm1: Math.expm1, log: Math.log, log1p: Math.log1p, log2: Math.log2, log10: Math.log10,
    sqrt: Math.sqrt, cbrt: Math.cbrt, abs: Math.abs, sign: Math.sign, square: (v) => v * v, cube: (v) => v * v * v,
    sin: Math.sin, cos: Math.cos, tan: Math.tan, asin: Math.asin, acos: Math.acos, atan: Math.atan,
    sinh: Math.sinh, cosh: Math.cosh, tanh: Math.tanh,
  },
  binary: {
    add: (a, b) => a + b, subtract: (a, b) => a - b, multiply: (a, b) => a * b, divide: (a, b) => a / b,
    pow: Math.pow, atan2: Math.atan2, min: Math.min, max: Math.max,
  },
};
