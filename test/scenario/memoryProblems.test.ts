import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryProblems } from '../../src/scenario/memoryProblems.js';
import { captureCli } from '../cli/captureCli.js';
import { at, scenarioVariant, type ScenarioData } from './scenarioVariant.js';

const seedFit = 'scenarios/seed-fit.yaml';

describe('memoryProblems: what the engine cannot hold is refused at validation, naming the field', () => {
  it.each<[string, (s: ScenarioData) => void, string]>([
    ['batchSize: 1000000000', (s) => (at(s, 'sampler').batchSize = 1_000_000_000), 'sampler.batchSize: needs about'],
    ['layers: [2, 1e9, 1]', (s) => (at(s, 'network').layers = [2, 1e9, 1]), 'network.layers[1]: needs about'],
    ['a 1024×1024 grid every step', (s) => Object.assign(at(s, 'snapshots'), { everySteps: 1, grid: { nx: 1024, ny: 1024 } }), 'snapshots.grid: needs about'],
    ['until.window: 1e15', (s) => (at(s, 'training').until = { cost: 0.001, window: 1e15 }), 'training.until.window: needs about'],
    ['a cost curve of 10¹⁵ steps', (s) => (at(s, 'training').steps = 1e15), 'training.steps: needs about'],
  ])('%s', async (_, mutate, message) => {
    const path = scenarioVariant(seedFit, mutate);
    const { code, stderr } = await captureCli(['validate', path]);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toMatch(/at most (256 MiB|1 GiB) is available/);
  });

  it('run refuses before allocating anything: exit 2 at once, memory flat, no output folder', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'rxprop-mem-')), 'never');
    const path = scenarioVariant(seedFit, (s) => (at(s, 'sampler').batchSize = 1_000_000_000));
    const before = process.memoryUsage().rss;
    const started = performance.now();
    const { code, stderr } = await captureCli(['run', path, '--out', out]);
    expect(code).toBe(2);
    expect(stderr).toContain('sampler.batchSize');
    expect(performance.now() - started).toBeLessThan(5000);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 2 ** 20);
    expect(existsSync(out)).toBe(false);
  });

  it('accepts what the engine holds: every shipped scenario, and a full MNIST-sized batch', () => {
    expect(memoryProblems({ network: { layers: [784, 256, 10], activations: 'relu' }, sampler: { type: 'dataset', file: 'x.csv', batchSize: 10_000 }, training: { steps: 1000, optimizer: { type: 'sgd', eta: 0.1 } } })).toEqual([]);
    expect(memoryProblems({ network: { layers: [2, 100, 1], activations: 'relu' }, sampler: { type: 'function', target: 'x', box: [[0, 1], [0, 1]], batchSize: 100 }, training: { steps: 100_000, optimizer: { type: 'sgd', eta: 0.1 } }, snapshots: { everySteps: 1, grid: { nx: 200, ny: 200 } } })).toEqual([]);
  });

  it('phases are charged each at their own path', () => {
    const problems = memoryProblems({
      network: { layers: [2, 10, 1], activations: 'relu' },
      phases: [
        { sampler: { type: 'function', target: 'x', box: [[0, 1], [0, 1]], batchSize: 10 }, training: { steps: 10, optimizer: { type: 'sgd', eta: 0.1 } } },
        { sampler: { type: 'function', target: 'x', box: [[0, 1], [0, 1]], batchSize: 100_000_000 }, training: { steps: 10, optimizer: { type: 'sgd', eta: 0.1 } } },
      ],
    });
    expect(problems.map((p) => p.path)).toEqual([['phases', 1, 'sampler', 'batchSize']]);
  });
});
