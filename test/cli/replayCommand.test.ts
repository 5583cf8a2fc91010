import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureCli } from './captureCli.js';

const fixture = (name: string) => `test/fixtures/${name}`;

describe('rxprop replay', () => {
  it('--json prints the costs and final parameters of a train_numpy.py trace, matching it', async () => {
    const file = fixture('train-rmsprop-bce-l2-2-6-6-3.json');
    const trace = JSON.parse(readFileSync(file, 'utf8'));
    const { code, stdout, stderr } = await captureCli(['replay', file, '--engine', 'mathjs', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.costs).toHaveLength(trace.costs.length);
    out.costs.forEach((c: number, k: number) => expect(c).toBeCloseTo(trace.costs[k], 12));
    expect(out.final.weights[0]).toHaveLength(2); // [n_in][n_out]
    expect(out.final.weights[0][0]).toHaveLength(6);
  });

  it('summarises the deviations of a seed_numpy.py trace, and fails when they exceed the tolerance', async () => {
    const ok = await captureCli(['replay', fixture('trace-tanh-2-20-1.json')]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/replayed 20 steps .* on wasm\ncosts: worst relative deviation .*\nfinal parameters: normwise relative deviation .*\nwithin 1e-9/);
    const tampered = JSON.parse(readFileSync(fixture('trace-tanh-2-20-1.json'), 'utf8'));
    tampered.costs[3] *= 1.001;
    const path = join(mkdtempSync(join(tmpdir(), 'rxprop-replay-')), 'trace.json');
    writeFileSync(path, JSON.stringify(tampered));
    const bad = await captureCli(['replay', path]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/worst relative deviation 9\.99e-4 \(step 4\)[\s\S]*NOT within 1e-9/);
  });

  it('reports an unreadable trace as a usage error', async () => {
    const { code, stderr } = await captureCli(['replay', 'no-such-trace.json']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/trace: cannot read no-such-trace.json/);
  });
});
