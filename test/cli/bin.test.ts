import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fromSources } from '../helpers/fromSources.js';

const run = promisify(execFile);

/** The CLI's process entry from the sources in a child process (tsx loader, real exit codes and pipes; the built bin: test/package). */
async function rxprop(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [...fromSources, 'src/cli/main.ts', ...args], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('the rxprop process (src/cli/main.ts)', () => {
  it('runs a scenario with a piped stdout: exit 0, only JSON lines on stdout', async () => {
    const out = mkdtempSync(join(tmpdir(), 'rxprop-bin-'));
    const { code, stdout, stderr } = await rxprop(['run', 'scenarios/seed-animate', '--steps', '3', '--engine', 'mathjs', '--out', out]);
    expect(code).toBe(0);
    expect(stdout.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { step: number }).step)).toEqual([1, 2, 3]);
    expect(stderr).toContain('wrote 7 files');
    expect(readdirSync(out)).toHaveLength(8); // the six pictures and series, model.json, checkpoint/
  });

  it('exits 2 on a bad scenario, with the message and no stack trace', async () => {
    const bad = await rxprop(['validate', 'test/scenario/bad/box-size-mismatch.yaml']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('box-size-mismatch.yaml:9:8: sampler.box: has 3 intervals but network.layers[0] is 2');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('stops like a SIGPIPE when stdout\'s reader goes away (rxprop run … | head): files written, exit 141, no stack trace', async () => {
    const out = mkdtempSync(join(tmpdir(), 'rxprop-bin-'));
    const child = spawn(process.execPath, [...fromSources, 'src/cli/main.ts', 'run', 'scenarios/seed-animate', '--steps', '10000000', '--engine', 'mathjs', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exit = new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? 128 + constants.signals[signal!])));
    // As `head -1` does: read the first line, then close the pipe.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    expect(await exit).toBe(141);
    expect(stderr).not.toMatch(/\n\s+at |EPIPE/);
    expect(stderr).toContain('wrote 7 files');
    expect(readdirSync(out).sort()).toEqual(['checkpoint', 'cost.png', 'costs.csv', 'metrics.jsonl', 'model.json', 'prediction.png', 'target.png', 'training.gif']);
  });
});
