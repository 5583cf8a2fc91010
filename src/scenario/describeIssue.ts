import type { z } from 'zod';

/**
 * A zod issue in a scenario author's words: "expected …, found …". The schema's own `error`
 * texts (which start with "expected") are kept; zod's generic ones are rephrased by issue code.
 * `found` is the value at the issue's path in the raw file data.
 *
 * @example
 * describeIssue({ code: 'too_small', origin: 'number', minimum: 0, inclusive: false, path: ['eta'], message: '' }, -1);
 * // 'expected a number > 0, found -1'
 */
export function describeIssue(issue: z.core.$ZodIssue, found: unknown): string {
  const shown = show(found);
  if (issue.message.startsWith('expected')) return `${issue.message}, found ${shown}`;
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${article(issue.expected)}, found ${shown}`;
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const bound = small ? issue.minimum : issue.maximum;
      const op = issue.exact ? 'exactly' : small ? (issue.inclusive ? 'at least' : 'more than') : issue.inclusive ? 'at most' : 'fewer than';
      if (issue.origin === 'array') return `expected ${op} ${bound} item${bound === 1 ? '' : 's'}, found ${Array.isArray(found) ? found.length : shown}`;
      if (issue.origin === 'string') return `expected ${op} ${bound} character${bound === 1 ? '' : 's'}, found ${shown}`;
      const cmp = issue.exact ? '=' : small ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<';
      return `expected ${issue.origin === 'int' ? 'an integer' : 'a number'} ${cmp} ${bound}, found ${shown}`;
    }
    case 'invalid_value':
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(', ')}${issue.values.length > 1 ? ' (one of these)' : ''}, found ${shown}`;
    case 'invalid_union':
      if (issue.discriminator !== undefined && 'options' in issue && issue.options) {
        return `expected ${issue.discriminator} to be one of ${issue.options.map((v) => JSON.stringify(v)).join(', ')}, found ${shown}`;
      }
      return `${issue.message}, found ${shown}`;
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    default:
      return `${issue.message}, found ${shown}`;
  }
}

function article(expected: string): string {
  const word = expected === 'int' ? 'integer' : expected === 'object' ? 'mapping (key: value pairs)' : expected === 'array' ? 'list' : expected;
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

/**
 * A raw value as an error message shows it: short JSON, "nothing" for a missing field.
 *
 * @example
 * show(undefined); // 'nothing (the field is missing)'
 */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null (an empty value)';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
