import { InputError } from '../errors/InputError.js';
import { problemLine } from '../scenario/ScenarioError.js';
import { ScenarioError } from '../scenario/ScenarioError.js';

/**
 * An error as the CLI prints it: never a stack trace. Scenario problems come one per line,
 * compiler-style, each with the offending source line and a caret under the column.
 *
 * @example
 * stderr.write(formatError(e));
 */
export function formatError(error: unknown): string {
  if (error instanceof ScenarioError) {
    const n = error.problems.length;
    const lines = [`error: ${error.field} has ${n} problem${n === 1 ? '' : 's'}`];
    for (const p of error.problems) {
      lines.push(`  ${problemLine(p)}`);
      if (p.excerpt !== undefined && p.line !== undefined) {
        const gutter = String(p.line);
        lines.push(`    ${gutter} | ${p.excerpt}`, `    ${' '.repeat(gutter.length)} | ${' '.repeat(Math.max(0, (p.column ?? 1) - 1))}^`);
      }
    }
    return `${lines.join('\n')}\n`;
  }
  if (error instanceof InputError) return `error: ${error.message}\n`;
  if (error instanceof Error) return `error: ${error.message}\n`;
  return `error: ${String(error)}\n`;
}
