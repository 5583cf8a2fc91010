import { InputError } from './InputError.js';

/**
 * The error for a name missing from a registry (an optimizer, a loss): lists the known names and,
 * when one is within two edits (or differs only in case), asks "did you mean …?".
 *
 * @example
 * unknownName('optimizer.type', 'optimizer', 'adma', ['sgd', 'adam']).message;
 * // 'optimizer.type: unknown optimizer "adma" (did you mean "adam"? known: sgd, adam)'
 */
export function unknownName(field: string, what: string, name: string, known: readonly string[]): InputError {
  const close = closestName(name, known);
  const list = `known: ${known.join(', ')}`;
  return new InputError(field, `unknown ${what} ${JSON.stringify(name)}`, close === undefined ? `use one of the ${list.slice(7)}` : `did you mean "${close}"? ${list}`);
}

/**
 * The known name closest to a misspelt one (edit distance ≤ 2 ignoring case, or a case-only
 * difference), for "did you mean …?" hints; undefined when none is that close.
 *
 * @example
 * closestName('batchsize', ['batchSize', 'box']); // 'batchSize'
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const d = candidate.toLowerCase() === name.toLowerCase() ? 0 : editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
