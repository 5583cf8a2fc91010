import { InputError } from '../errors/InputError.js';
import { formatPath, type ScenarioProblem } from './ScenarioProblem.js';

/**
 * Everything wrong with one scenario file, all at once. It is an {@link InputError} (bad user
 * input), so front ends print it without a stack trace; `problems` carries each problem's
 * file:line:column and field path, sorted by position.
 *
 * @example
 * try { await loadScenario('bad.yaml'); } catch (e) { if (e instanceof ScenarioError) e.problems.forEach((p) => console.log(p.line, p.message)); }
 */
export class ScenarioError extends InputError {
  readonly problems: readonly ScenarioProblem[];
  /** Further problems found but not listed (a file with thousands of them is reported by its first ones). */
  readonly omitted: number;

  constructor(file: string, problems: readonly ScenarioProblem[], options: { omitted?: number } = {}) {
    const sorted = [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    const omitted = options.omitted ?? 0;
    const total = sorted.length + omitted;
    super(file, `${total} problem${total === 1 ? '' : 's'}:\n${sorted.map(problemLine).join('\n')}${omitted > 0 ? `\n… and ${omitted} more` : ''}`);
    this.problems = sorted;
    this.omitted = omitted;
  }
}

/**
 * A problem as one compiler-style line: `file:line:column: path: message (hint)`.
 *
 * @example
 * problemLine(problem); // 'a.yaml:3:12: network.layers[1]: expected at least 1 unit, found -3'
 */
export function problemLine(p: ScenarioProblem): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}:${p.column ?? 1}`;
  const field = p.path.length > 0 ? `${formatPath(p.path)}: ` : '';
  return `${where}: ${field}${p.message}${p.hint ? ` (${p.hint})` : ''}`;
}
