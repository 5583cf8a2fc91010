import { describe, expect, it } from 'vitest';
import { execFromHelper } from '../../bench/execFromHelper.js';

describe('execFromHelper', () => {
  it('runs a program from the helper process, not from this one, and returns its output', async () => {
    const { stdout } = await execFromHelper(process.execPath, ['-e', 'console.log(process.ppid)']);
    const parent = Number(stdout.trim());
    // The program's parent is the helper: this process never forked it.
    expect(parent).toBeGreaterThan(0);
    expect(parent).not.toBe(process.pid);
    // Several requests in flight each get their own answer.
    const outs = await Promise.all([1, 2, 3].map((k) => execFromHelper(process.execPath, ['-e', `console.log(${k})`])));
    expect(outs.map((o) => o.stdout.trim())).toEqual(['1', '2', '3']);
  }, 30_000);

  it('rejects with the failure of a program that fails or cannot start', async () => {
    await expect(execFromHelper(process.execPath, ['-e', 'process.exit(3)'])).rejects.toThrow(/Command failed/);
    await expect(execFromHelper('/nonexistent/python3', [])).rejects.toThrow(/ENOENT/);
  }, 30_000);
});
