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
