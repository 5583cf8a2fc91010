import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/runCli.js';
import { parsePrometheus } from '../server/parsePrometheus.js';

/** Runs `rxprop <argv>` in-process; `stderr` fills as the command writes. */
function rxprop(argv: string[], signal?: AbortSignal) {
  const output = { stdout: '', stderr: '' };
  const code = runCli(argv, {
    stdout: { write: (t: string) => (output.stdout += t), isTTY: false },
    stderr: { write: (t: string) => (output.stderr += t) },
    cwd: process.cwd(),
    ...(signal ? { signal } : {}),
  });
  return { code, output };
}

describe('rxprop run --serve', () => {
  it('serves the scenario while it trains and, with --keep-serving, after it, until Ctrl-C', async () => {
    const out = await mkdtemp(join(tmpdir(), 'rxprop-serve-'));
    const controller = new AbortController();
    const { code, output } = rxprop(['run', 'scenarios/seed-fit', '--steps', '600', '--out', out, '--serve', '0', '--keep-serving', '--token', 'a-long-enough-token'], controller.signal);
    let url = '';
    for (let k = 0; k < 500 && !url; k++) {
      url = /dashboard: (\S+)/.exec(output.stderr)?.[1] ?? '';
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    for (let k = 0; k < 500 && !output.stderr.includes('still serving'); k++) await new Promise((r) => setTimeout(r, 20));

    // The run is over; the server still answers, with the scenario's name, data and target.
    const summary = await (await fetch(`${url}api/run`)).json();
    expect(summary).toMatchObject({ name: 'seed-fit', status: { state: 'completed' }, step: 600, controls: ['stop'] });
    expect(summary.scenario.network.layers).toEqual([2, 100, 1]);
    expect(summary.target.values).toHaveLength(40 * 40);
    const metrics = parsePrometheus(await (await fetch(`${url}metrics`)).text());
    expect(metrics.get('rxprop_train_steps_total{scenario="seed-fit"}')).toBe(600);
    expect(output.stdout.trim().split('\n').every((line) => line.startsWith('{'))).toBe(true); // JSON lines stay clean

    controller.abort(); // Ctrl-C
    expect(await code).toBe(0);
    await expect(fetch(url)).rejects.toThrow();
    await rm(out, { recursive: true });
  });

  it('refuses serve options without --serve, and a bad port', async () => {
    const stray = rxprop(['run', 'scenarios/seed-fit', '--steps', '1', '--keep-serving']);
    expect(await stray.code).toBe(2);
    expect(stray.output.stderr).toMatch(/--keep-serving: only works with --serve/);
    const bad = rxprop(['run', 'scenarios/seed-fit', '--serve', '99999']);
    expect(await bad.code).toBe(2);
    expect(bad.output.stderr).toMatch(/expected a port number/);
  });
});
