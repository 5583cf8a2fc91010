import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/runCli.js';
import { until } from '../helpers/until.js';

// A learning rate set live over POST /api/control is the user's decision: in force when the run
// was stopped, it stays in force when the run is resumed (and --resume says so). A pause is not
// kept: the resumed run trains. And a run with early stopping stopped by Ctrl-C resumes from
// where it stood, not from the best parameters early stopping puts back as it ends.

const token = 'a-long-enough-token-for-the-test';
const lr = 0.0123;

/** Runs `rxprop <argv>` in-process; stdout and stderr fill as the command writes (`onStdout` sees each write). */
function rxprop(argv: string[], signal: AbortSignal, onStdout: (text: string) => void = () => {}) {
  const output = { stdout: '', stderr: '' };
  const code = runCli(argv, {
    stdout: { write: (t: string) => ((output.stdout += t), onStdout(output.stdout)), isTTY: false },
    stderr: { write: (t: string) => (output.stderr += t) },
    cwd: process.cwd(),
    signal,
  });
  return { code, output };
}

const steps = (stdout: string): { step: number; lr: number }[] => stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as { step: number; lr: number });

describe('rxprop run --resume after a learning rate set live', () => {
  it('keeps the live rate in force and says so; does not keep the pause', { timeout: 60_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'rxprop-live-'));
    const args = ['run', 'scenarios/seed-fit', '--engine', 'wasm', '--steps', '1000000', '--out', out, '--json'];
    const first = new AbortController();
    const a = rxprop([...args, '--serve', '0', '--token', token], first.signal);
    await until(() => /dashboard: (\S+)/.test(a.output.stderr), 30_000, 'the dashboard');
    const url = /dashboard: (\S+)/.exec(a.output.stderr)![1]!;
    const post = (body: unknown) => fetch(`${url}api/control`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await until(() => steps(a.output.stdout).length > 2, 30_000, 'the first steps');
    expect((await post({ action: 'lr', lr })).status).toBe(202);
    await until(() => steps(a.output.stdout).at(-1)?.lr === lr, 30_000, 'a step at the live rate');
    expect((await post({ action: 'pause' })).status).toBe(202);
    first.abort(); // Ctrl-C while paused: the run ends with its checkpoint
    expect(await a.code, a.output.stderr).toBe(130);
    const stoppedAt = (JSON.parse(readFileSync(join(out, 'checkpoint', 'state.json'), 'utf8')) as { step: number; control?: { lr: number } });
    expect(stoppedAt.control).toEqual({ lr });

    const second = new AbortController();
    const b = rxprop([...args, '--resume'], second.signal);
    await until(() => steps(b.output.stdout).length >= 3, 30_000, 'steps of the resumed run (not paused)');
    second.abort();
    expect(await b.code, b.output.stderr).toBe(130);
    expect(b.output.stderr).toContain(`resuming from step ${stoppedAt.step}`);
    expect(b.output.stderr).toContain(`the learning rate ${lr} set live during the run stays in force`);
    const resumed = steps(b.output.stdout);
    expect(resumed[0]!.step).toBeGreaterThan(stoppedAt.step);
    expect(new Set(resumed.map((s) => s.lr))).toEqual(new Set([lr]));
  });

  it('Ctrl-C during a run with early stopping and reduce-on-plateau, then --resume: equals the uninterrupted run', { timeout: 60_000 }, async () => {
    const args = ['run', 'test/cli/fixtures/validated-plateau.yaml', '--engine', 'wasm', '--json'];
    const whole = mkdtempSync(join(tmpdir(), 'rxprop-ctrl-c-'));
    expect(await rxprop([...args, '--out', whole], new AbortController().signal).code).toBe(0);
    const out = mkdtempSync(join(tmpdir(), 'rxprop-ctrl-c-'));
    const stop = new AbortController();
    // Ctrl-C as step 58 is printed: the best evaluation so far is step 45's (50's and 55's were worse).
    const a = rxprop([...args, '--out', out], stop.signal, (stdout) => steps(stdout).some((s) => s.step === 58 && 'cost' in s) && stop.abort());
    expect(await a.code, a.output.stderr).toBe(130);
    const b = rxprop([...args, '--out', out, '--resume'], new AbortController().signal);
    expect(await b.code, b.output.stderr).toBe(0);
    const from = Number(/resuming from step (\d+)/.exec(b.output.stderr)?.[1]);
    expect(from).toBe(58);
    const read = (dir: string, name: string): string => readFileSync(join(dir, name), 'utf8');
    expect(read(out, 'costs.csv')).toBe(read(whole, 'costs.csv'));
    expect(read(out, 'model.json')).toBe(read(whole, 'model.json'));
  });
});
