import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { captureCli } from './captureCli.js';
import { at, scenarioVariant, writeScenario } from '../scenario/scenarioVariant.js';

describe('rxprop validate', () => {
  it('goes on to the next file after one fails, even on a 2000-term target that used to overflow the stack', async () => {
    const terms = Array.from({ length: 2000 }, (_, i) => `${i}*x^2`).join(' + ');
    const long = scenarioVariant('scenarios/seed-fit.yaml', (s) => (at(s, 'sampler').target = terms));
    const { code, stdout, stderr } = await captureCli(['validate', long, 'scenarios/seed-fit', 'test/scenario/bad/negative-eta.yaml', 'scenarios/seed-animate']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/variant\.yaml:\d+:\d+: sampler\.target: is \d+ characters long; a target has at most 1000/);
    expect(stderr).toContain('training.optimizer.eta: expected a learning rate > 0');
    expect(stdout).toContain('ok scenarios/seed-fit:');
    expect(stdout).toContain('ok scenarios/seed-animate:');
    expect(stderr).not.toContain('Maximum call stack');
  });

  it('20,000 unknown keys: the first 20 problems and a count of the rest, fast', async () => {
    const text = `${readFileSync('scenarios/seed-fit.yaml', 'utf8')}${Array.from({ length: 20_000 }, (_, i) => `k${i}: ${i}`).join('\n')}\n`;
    const path = writeScenario(text);
    const started = performance.now();
    const { code, stderr } = await captureCli(['validate', path]);
    const seconds = (performance.now() - started) / 1000;
    expect(code).toBe(2);
    expect(stderr).toContain('has 20000 problems');
    expect(stderr.match(/unknown key "k\d+"/g)).toHaveLength(20);
    expect(stderr).toContain('… and 19980 more problems');
    expect(stderr.split('\n').length).toBeLessThan(100);
    expect(seconds).toBeLessThan(5); // 26 s before; about 1 s here, alone
  });
});
