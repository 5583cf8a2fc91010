// No Node imports: the server picks the examples it sends with this, and the drawing shows them.

/**
 * The rows predicted wrong, and at most `most` of them to show: all when they fit, else an evenly
 * spaced selection across them (held-out sets are often grouped by class, so the first ones
 * would all be one class).
 *
 * @example
 * misclassifiedRows(Int32Array.of(0, 1, 2, 3), Int32Array.of(1, 1, 0, 0), 2); // { wrong: 3, shown: [0, 2] }
 */
export function misclassifiedRows(actual: ArrayLike<number>, predicted: ArrayLike<number>, most: number): { wrong: number; shown: number[] } {
  const wrong: number[] = [];
  for (let i = 0; i < actual.length; i++) if (actual[i] !== predicted[i]) wrong.push(i);
  const capacity = Math.max(0, Math.floor(most));
  const shown = wrong.length <= capacity ? wrong : Array.from({ length: capacity }, (_, k) => wrong[Math.floor((k * wrong.length) / capacity)]!);
  return { wrong: wrong.length, shown };
}
