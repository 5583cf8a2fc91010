import { describe, expect, it } from 'vitest';
import { escapeControls, formatError } from '../../src/cli/formatError.js';
import { parseScenario } from '../../src/scenario/parseScenario.js';
import { captureCli } from './captureCli.js';
import { writeScenario } from '../scenario/scenarioVariant.js';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('formatError', () => {
  it('escapes control characters: an ESC sequence in a scenario never reaches the terminal', async () => {
    const text = 'name: bad\nseed: "\u001b[2J\u001b]0;pwned\u0007"\n';
    const printed = formatError(thrown(() => parseScenario(text, 'esc.yaml')));
    expect(printed).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(printed).toContain('\\x1b[2J\\x1b]0;pwned\\x07');
    const { stderr } = await captureCli(['validate', writeScenario(text)]);
    expect(stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(stderr).toContain('\\x1b[2J');
  });

  it('keeps the caret under the column when the line before it holds escaped characters', () => {
    const text = '{ name: "\u001b\u001b", seed: oops }\n';
    const lines = formatError(thrown(() => parseScenario(text, 'caret.yaml'))).split('\n');
    const frame = lines.findIndex((l) => l.includes(': seed: expected')) + 1;
    expect(lines[frame]).toContain('| { name: "\\x1b\\x1b", seed: oops }');
    expect(lines[frame + 1]!.indexOf('^')).toBe(lines[frame]!.indexOf('oops'));
    expect(escapeControls('tab\tand newline\n stay')).toBe('tab\tand newline\n stay');
    expect(escapeControls('\u009b')).toBe('\\x9b');
  });
});
