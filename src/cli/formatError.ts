import { problemLine } from '../scenario/ScenarioError.js';
import { ScenarioError } from '../scenario/ScenarioError.js';

/**
 * An error as the CLI prints it: never a stack trace. Scenario problems come one per line,
 * compiler-style, each with the offending source line and a caret under the column, then a count
 * of those not listed. Control characters from the file (an ESC sequence in a scenario would
 * reach the terminal) are shown escaped, `\x1b`.
 *
 * @example
 * stderr.write(formatError(e));
 */
export function formatError(error: unknown): string {
  if (error instanceof ScenarioError) {
    const n = error.problems.length + error.omitted;
    const lines = [`error: ${error.field} has ${n} problem${n === 1 ? '' : 's'}`];
    for (const p of error.problems) {
      lines.push(`  ${problemLine(p)}`);
      if (p.excerpt !== undefined && p.line !== undefined) {
        const gutter = String(p.line);
        const before = escapeControls(p.excerpt.slice(0, Math.max(0, (p.column ?? 1) - 1)));
        lines.push(`    ${gutter} | ${escapeControls(p.excerpt)}`, `    ${' '.repeat(gutter.length)} | ${' '.repeat(before.length)}^`);
      }
    }
    if (error.omitted > 0) lines.push(`  … and ${error.omitted} more problem${error.omitted === 1 ? '' : 's'} (fix these first)`);
    return `${escapeControls(lines.join('\n'))}\n`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `error: ${escapeControls(message)}\n`;
}

/**
 * Text with every control character but newline and tab written as `\xNN`, so that text from a
 * file cannot move the cursor, recolour or retitle the terminal it is printed on.
 *
 * @example
 * escapeControls('a\u001b[2Jb'); // 'a\\x1b[2Jb'
 */
export function escapeControls(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
