import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { runCli } from '../../src/cli/runCli.js';
import { parsePrometheus } from '../server/parsePrometheus.js';

/** The first message a WebSocket opened from a page of `origin` gets, or the HTTP status that refused it. */
function firstMessage(url: string, origin: string): Promise<{ type: string } | number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace('http', 'ws')}ws`, { origin });
    socket.once('message', (data) => {
      resolve(JSON.parse(String(data)) as { type: string });
      socket.close();
    });
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.once('error', reject);
  });
}

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
    const { code, output } = rxprop(['run', 'scenarios/seed-fit', '--steps', '600', '--out', out, '--serve', '0', '--keep-serving', '--token', 'a-long-enough-token', '--allow-origin', 'http://localhost:3000'], controller.signal);
    let url = '';
    for (let k = 0; k < 500 && !url; k++) {
      url = /dashboard: (\S+)/.exec(output.stderr)?.[1] ?? '';
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    for (let k = 0; k < 500 && !output.stderr.includes('still serving'); k++) await new Promise((r) => setTimeout(r, 20));

    // The run is over; the server still answers, with the scenario's name, data and target.
    const summary = await (await fetch(`${url}api/run`)).json();
    expect(summary).toMatchObject({ name: 'seed-fit', status: { state: 'completed' }, step: 600, controls: ['stop', 'pause', 'resume', 'lr'] });
    expect(summary.scenario.network.layers).toEqual([2, 100, 1]);
    expect(summary.target.values).toHaveLength(40 * 40);
    const metrics = parsePrometheus(await (await fetch(`${url}metrics`)).text());
    expect(metrics.get('rxprop_train_steps_total{scenario="seed-fit"}')).toBe(600);
    expect(output.stdout.trim().split('\n').every((line) => line.startsWith('{'))).toBe(true); // JSON lines stay clean

    // Pages of the allowed origin and of the dashboard's own may connect; others may not.
    expect(await firstMessage(url, 'http://localhost:3000')).toMatchObject({ type: 'history' });
    expect(await firstMessage(url, url.slice(0, -1))).toMatchObject({ type: 'history' });
    expect(await firstMessage(url, 'http://evil.example')).toBe(403);

    controller.abort(); // Ctrl-C
    expect(await code).toBe(0);
    await expect(fetch(url)).rejects.toThrow();
    await rm(out, { recursive: true });
  });

  it("serves a classifier's classes and points once in /api/run, and its snapshots' confidence", async () => {
    const out = await mkdtemp(join(tmpdir(), 'rxprop-serve-'));
    const controller = new AbortController();
    const { code, output } = rxprop(['run', 'scenarios/spiral-validated', '--steps', '60', '--out', out, '--serve', '0', '--keep-serving'], controller.signal);
    for (let k = 0; k < 500 && !output.stderr.includes('still serving'); k++) await new Promise((r) => setTimeout(r, 20));
    const url = /dashboard: (\S+)/.exec(output.stderr)?.[1] ?? '';
    const summary = await (await fetch(`${url}api/run`)).json();
    expect(summary.classes).toMatchObject({ names: ['−1', '+1'], read: { kind: 'index' } });
    expect(summary.classes.train.classes).toHaveLength(250); // the Playground's training split
    expect(summary.classes.test.xy).toHaveLength(2 * 250); // and the test split it validates on
    const history = (await firstMessage(url, url.slice(0, -1))) as { type: string; snapshot: { step: number; confidence: number[] } };
    expect(history.snapshot.step).toBe(60);
    expect(history.snapshot.confidence).toHaveLength(40 * 40);
    controller.abort();
    expect(await code).toBe(0);
    await rm(out, { recursive: true });
  });

  it('refuses serve options without --serve, a bad port and a bad origin', async () => {
    const stray = rxprop(['run', 'scenarios/seed-fit', '--steps', '1', '--keep-serving']);
    expect(await stray.code).toBe(2);
    expect(stray.output.stderr).toMatch(/--keep-serving: only works with --serve/);
    const bad = rxprop(['run', 'scenarios/seed-fit', '--serve', '99999']);
    expect(await bad.code).toBe(2);
    expect(bad.output.stderr).toMatch(/expected a port number/);
    const strayOrigin = rxprop(['run', 'scenarios/seed-fit', '--steps', '1', '--allow-origin', 'http://localhost:3000']);
    expect(await strayOrigin.code).toBe(2);
    expect(strayOrigin.output.stderr).toMatch(/--allow-origin: only works with --serve/);
    const badOrigin = rxprop(['run', 'scenarios/seed-fit', '--steps', '1', '--serve', '0', '--allow-origin', 'localhost:3000/app']);
    expect(await badOrigin.code).toBe(2);
    expect(badOrigin.output.stderr).toMatch(/--allow-origin: "localhost:3000\/app" is not an origin \(give scheme, host and port only/);
  });

  it('names --serve (the flag the user typed, not serve\'s option "port") when the port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const address = taken.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const out = await mkdtemp(join(tmpdir(), 'rxprop-serve-'));
      const busy = rxprop(['run', 'scenarios/seed-fit', '--steps', '1', '--out', out, '--serve', String(port)]);
      expect(await busy.code).toBe(2);
      expect(busy.output.stderr).toBe(`error: --serve: port ${port} on 127.0.0.1 is already in use (pick another port, or 0 for any free one)\n`);
      await rm(out, { recursive: true, force: true });
    } finally {
      taken.close();
    }
  });
});
