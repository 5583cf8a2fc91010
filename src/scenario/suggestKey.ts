/**
 * The known key closest to a misspelt one (edit distance ≤ 2, or a case-only difference), for
 * "did you mean …?" hints.
 *
 * @example
 * suggestKey('batchsize', ['batchSize', 'box']); // 'batchSize'
 */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const d = candidate.toLowerCase() === key.toLowerCase() ? 0 : distance(key, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

/**
 * Property names a JSON Schema allows at `path` (the union over `oneOf`/`anyOf` branches).
 *
 * @example
 * keysAt(scenarioJsonSchema(), ['network']); // ['layers', 'activations', 'init']
 */
export function keysAt(schema: unknown, path: readonly PropertyKey[]): string[] {
  let nodes: unknown[] = [schema];
  for (const segment of path) {
    nodes = expand(nodes).flatMap((node) => {
      const n = node as Record<string, unknown>;
      if (typeof segment === 'number') return n['items'] !== undefined && typeof n['items'] === 'object' ? [n['items']] : [];
      const props = n['properties'] as Record<string, unknown> | undefined;
      return props?.[String(segment)] !== undefined ? [props[String(segment)]] : [];
    });
  }
  return [...new Set(expand(nodes).flatMap((node) => Object.keys(((node as Record<string, unknown>)['properties'] as object | undefined) ?? {})))];
}

function expand(nodes: unknown[]): unknown[] {
  return nodes.flatMap((node) => {
    if (typeof node !== 'object' || node === null) return [];
    const n = node as Record<string, unknown>;
    const branches = [...((n['oneOf'] as unknown[] | undefined) ?? []), ...((n['anyOf'] as unknown[] | undefined) ?? [])];
    return [node, ...expand(branches)];
  });
}

function distance(a: string, b: string): number {
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
