/**
 * One thing wrong with a scenario: where (file, line:column, field path) and what (message, hint).
 * Lines and columns count from 1, like editors and compilers.
 *
 * @example
 * const p: ScenarioProblem = { file: 'a.yaml', line: 3, column: 12, path: ['network', 'layers', 1], message: 'expected at least 1 unit, found -3' };
 */
export interface ScenarioProblem {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  /** Field path inside the scenario, e.g. ['network', 'layers', 1]; empty for the whole file. */
  readonly path: readonly PropertyKey[];
  /** What was expected and what was found. */
  readonly message: string;
  /** How to fix it, when there is something better to say than the message. */
  readonly hint?: string;
  /** The source line at `line`, for a code frame. */
  readonly excerpt?: string;
}

/**
 * A field path in the form users write it: `network.layers[1]`, `phases[0].sampler.box`.
 *
 * @example
 * formatPath(['phases', 0, 'sampler']); // 'phases[0].sampler'
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}
