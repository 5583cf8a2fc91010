import type { Random } from '../../src/random/Random.js';

/** The names of the plain language (the ones that compile without mathjs), for random expressions. */
export const plainNames = {
  unary: ['exp', 'expm1', 'log', 'log1p', 'log2', 'log10', 'sqrt', 'cbrt', 'abs', 'sign', 'square', 'cube', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh'],
  binary: ['pow', 'atan2', 'min', 'max'],
  operators: ['+', '-', '*', '/', '^'],
  leaves: ['x', 'y', 'z', 'x1', 'x2', 'x3', 'pi', 'e', 'tau', 'phi', '0', '2', '0.5', '-3', '1e308', '1e-320'],
} as const;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random.next() * items.length)]!;

/**
 * A random expression of the plain language in three inputs, `depth` levels deep.
 *
 * @example
 * randomExpression(seededRandom(1), 4); // e.g. "min(x, (pi) / (y), ...)"
 */
export function randomExpression(random: Random, depth: number): string {
  if (depth === 0 || random.next() < 0.2) return pick(random, plainNames.leaves);
  const r = random.next();
  const sub = (): string => randomExpression(random, depth - 1);
  if (r < 0.35) return `${pick(random, plainNames.unary)}(${sub()})`;
  if (r < 0.45) return `${pick(random, plainNames.binary)}(${sub()}, ${sub()})`;
  if (r < 0.5) return `${pick(random, ['min', 'max'])}(${sub()}, ${sub()}, ${sub()}, ${sub()})`;
  if (r < 0.55) return `-(${sub()})`;
  if (r < 0.58) return `+(${sub()})`;
  return `(${sub()}) ${pick(random, plainNames.operators)} (${sub()})`;
}

/**
 * `n` random points of `dim` coordinates, row-major, across scales, signs, zeros and the edges of
 * the doubles (so NaN and ±∞ appear in targets).
 *
 * @example
 * randomPoints(seededRandom(1), 64, 3); // 192 doubles
 */
export function randomPoints(random: Random, n: number, dim: number): Float64Array {
  const special = [0, -0, 1, -1, 1e308, -1e308, 5e-324, 700, -700, 0.5];
  return Float64Array.from({ length: n * dim }, () => {
    const r = random.next();
    if (r < 0.15) return pick(random, special);
    if (r < 0.6) return random.next() - 0.5;
    return (random.next() - 0.5) * 10 ** (random.next() * 40 - 20);
  });
}
