import type { z } from 'zod';
import { checkScenario, type FieldProblem } from './checkScenario.js';
import { describeIssue } from './describeIssue.js';
import { InputError } from '../errors/InputError.js';
import { ScenarioError } from './ScenarioError.js';
import { scenarioJsonSchema } from './scenarioJsonSchema.js';
import type { ScenarioProblem } from './ScenarioProblem.js';
import { scenarioSchema, type Scenario } from './scenarioSchema.js';
import { ScenarioSource } from './ScenarioSource.js';
import { closestName } from '../errors/unknownName.js';
import { keysAt } from './keysAt.js';

/**
 * Parses and validates a scenario's text (YAML or JSON): syntax, schema and cross-field checks,
 * every problem at once with its line:column. Throws a {@link ScenarioError} listing them all.
 * Data files named by samplers are checked by `loadScenario`, which reads the file system.
 *
 * @example
 * const { scenario } = parseScenario(fs.readFileSync('seed-fit.yaml', 'utf8'), 'seed-fit.yaml');
 */
export function parseScenario(text: string, file: string): { scenario: Scenario; source: ScenarioSource } {
  if (typeof text !== 'string') throw new InputError('text', `must be the scenario file's text (a string), got ${typeof text}`, "parseScenario(fs.readFileSync('seed-fit.yaml', 'utf8'), 'seed-fit.yaml')");
  const source = ScenarioSource.parse(text, file);
  if (source.problems.length > 0) throw new ScenarioError(file, source.problems.map((p) => withExcerpt(source, p)));
  const result = scenarioSchema.safeParse(source.data);
  // Problems are positioned (a walk of the syntax tree each) only up to the cap: a file with
  // 20,000 unknown keys is reported in milliseconds, its first problems and a count of the rest.
  const pending: (() => ScenarioProblem)[] = [];
  if (!result.success) for (const issue of result.error.issues) pending.push(...issueProblems(source, issue));
  for (const p of checkScenario(source.data)) pending.push(() => locate(source, p));
  if (pending.length > 0 || !result.success) {
    throw new ScenarioError(file, dedupe(pending.slice(0, maxProblems).map((p) => p())), { omitted: Math.max(0, pending.length - maxProblems) });
  }
  return { scenario: result.data, source };
}

/**
 * Problems reported in full per file; the rest are counted ({@link ScenarioError.omitted}).
 *
 * @example
 * error.problems.length <= maxProblems; // true
 */
export const maxProblems = 20;

/**
 * Gives a field problem its file position (and the source line for a code frame).
 *
 * @example
 * locate(source, { path: ['sampler', 'file'], message: 'no such file' });
 */
export function locate(source: ScenarioSource, problem: FieldProblem, options: { key?: boolean } = {}): ScenarioProblem {
  const { line, column } = source.locate(problem.path, options);
  return withExcerpt(source, { file: source.file, line, column, ...problem });
}

function withExcerpt(source: ScenarioSource, p: ScenarioProblem): ScenarioProblem {
  return p.line === undefined ? p : { ...p, excerpt: source.lineText(p.line) };
}

let jsonSchema: Record<string, unknown> | undefined;

/** The problems of one zod issue, each positioned only when called. */
function issueProblems(source: ScenarioSource, issue: z.core.$ZodIssue): (() => ScenarioProblem)[] {
  if (issue.code === 'unrecognized_keys') {
    // One problem per unknown key, pointing at the key itself, with a "did you mean" hint.
    return issue.keys.map((key) => () => {
      const known = keysAt((jsonSchema ??= scenarioJsonSchema()), issue.path);
      const suggestion = closestName(key, known);
      const hint = suggestion ? `did you mean "${suggestion}"?` : `known keys here: ${known.join(', ')}`;
      return locate(source, { path: [...issue.path, key], message: `unknown key "${key}"`, hint }, { key: true });
    });
  }
  return [() => locate(source, { path: issue.path, message: describeIssue(issue, valueAt(source.data, issue.path)) })];
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** A cross-field check can restate what the schema said about the same field: keep the first. */
function dedupe(problems: ScenarioProblem[]): ScenarioProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.line}:${p.column}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
