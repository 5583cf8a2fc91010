import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fromSources } from '../helpers/fromSources.js';

// The README's stream example is examples/seedFit.ts verbatim, and it runs as printed.
const example = readFileSync(new URL('../../examples/seedFit.ts', import.meta.url), 'utf8');

describe('README example: the seed\'s 2-D fit with both streams', () => {
  it('is in the README word for word', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(example.trim());
  });

  it('runs: costs every 500 steps, 40×40 snapshots, a final cost in the numpy band', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [...fromSources, 'examples/seedFit.ts'], { cwd: new URL('../..', import.meta.url) });
    const costs = [...stdout.matchAll(/^step (\d+): cost ([\d.]+)$/gm)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(costs.map(([s]) => s)).toEqual([500, 1000, 1500, 2000]);
    expect(costs.at(-1)![1]).toBeLessThan(0.009);
    expect(stdout).toMatch(/^snapshot at step 2000: prediction 40×40/m);
  }, 60_000);
});
