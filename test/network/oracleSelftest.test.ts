import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The numpy oracle checks its own gradients by finite differences (`train_numpy.py selftest`):
// run it, so a change to the oracle that breaks it fails here. It lives beside the repository, at
// ../shared/reference/ from the repository root (in CI); a git worktree one level deeper finds it
// one directory further up. Under CI=true a missing oracle, python3 or numpy fails the test.
const repo = fileURLToPath(new URL('../../', import.meta.url));
const candidates = ['../shared/reference/train_numpy.py', '../../shared/reference/train_numpy.py'].map((p) => fileURLToPath(new URL(p, `file://${repo}`)));
const script = candidates.find((p) => existsSync(p));
const python = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
const available = script !== undefined && python.status === 0;
const ci = process.env['CI'] === 'true';
const missing = script === undefined ? `the oracle (looked for ${candidates.join(', ')})` : `python3 with numpy (${python.error?.message ?? python.stderr.trim()})`;

describe('the numpy oracle', () => {
  it.skipIf(!available && !ci)(`passes its own finite-difference selftest${available ? '' : ` — skipped outside CI: no ${missing}`}`, () => {
    if (!available) throw new Error(`CI needs ${missing}`);
    const run = spawnSync('python3', [script!, 'selftest'], { encoding: 'utf8', timeout: 120_000 });
    expect(run.stdout).toMatch(/worst relative gradient error/);
    expect(run.status, run.stdout + run.stderr).toBe(0);
  });
});
