import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { captureCli } from '../cli/captureCli.js';

const dir = 'test/scenario/bad';
const files = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();

/** Expectations: `# expect: …` lines in a YAML file, or the lines of a `.expect` file beside a JSON one. */
function expectations(file: string): { messages: string[]; exit: number } {
  const sidecar = `${dir}/${file.replace(/\.json$/, '.expect')}`;
  const lines = file.endsWith('.json') && existsSync(sidecar) ? readFileSync(sidecar, 'utf8').split('\n').map((l) => `# ${l}`) : readFileSync(`${dir}/${file}`, 'utf8').split('\n');
  const messages = lines.flatMap((l) => (l.startsWith('# expect: ') ? [l.slice('# expect: '.length)] : []));
  const exit = Number(lines.find((l) => l.startsWith('# exit: '))?.slice('# exit: '.length) ?? 2);
  return { messages, exit };
}

describe('bad scenario files', () => {
  it('are at least 25, each with an expected message', () => {
    expect(files.length).toBeGreaterThanOrEqual(25);
    for (const file of files) expect(expectations(file).messages.length, file).toBeGreaterThan(0);
  });

  it.each(files)('%s: rejected with file:line:column, field, expected and found, no stack trace', async (file) => {
    const { messages, exit } = expectations(file);
    const { code, stdout, stderr } = await captureCli(['validate', `${dir}/${file}`]);
    expect(code).toBe(exit);
    expect(stdout).toBe('');
    for (const message of messages) expect(stderr).toContain(message);
    expect(stderr).not.toMatch(/\n\s+at |Error:|node_modules/);
  });

  it('are rejected by run too, before any training, with the same messages', async () => {
    const { code, stdout, stderr } = await captureCli(['run', `${dir}/many-problems.yaml`, '--out', 'out/test-never-written']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('5 problems');
    expect(existsSync('out/test-never-written')).toBe(false);
  });
});
