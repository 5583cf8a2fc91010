import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { scenarioJsonSchema } from '../../src/scenario/scenarioJsonSchema.js';
import { captureCli } from '../cli/captureCli.js';

const schemaFile = 'scenarios/rxprop-scenario.schema.json';
const files = readdirSync('scenarios').filter((f) => /\.(ya?ml|json)$/.test(f) && !f.endsWith('.schema.json')).sort();

describe('scenarios/', () => {
  it('holds the seed\'s three experiments and at least two more', () => {
    expect(files).toEqual(expect.arrayContaining(['seed-single-batch.yaml', 'seed-fit.yaml', 'seed-animate.yaml']));
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it('publishes the current JSON Schema (regenerate: rxprop schema > scenarios/rxprop-scenario.schema.json)', () => {
    expect(JSON.parse(readFileSync(schemaFile, 'utf8'))).toEqual(scenarioJsonSchema());
  });

  it.each(files)('%s points editors at the schema, documents itself, validates and runs a few steps', async (file) => {
    const text = readFileSync(`scenarios/${file}`, 'utf8');
    expect(text).toMatch(file.endsWith('.json') ? /"\$schema": "\.\/rxprop-scenario\.schema\.json"/ : /^# yaml-language-server: \$schema=\.\/rxprop-scenario\.schema\.json/);
    if (!file.endsWith('.json')) expect(text.split('\n').filter((l) => l.startsWith('#')).length).toBeGreaterThan(5);
    const { scenario } = await loadScenario(`scenarios/${file}`);
    expect(`${scenario.name}.yaml`).toBe(file.replace(/\.json$/, '.yaml'));
    const out = mkdtempSync(join(tmpdir(), `rxprop-${scenario.name}-`));
    // mathjs is quickest to start for the small nets; the MNIST ones classify 2000 test digits at
    // the end, seconds on mathjs, so they run on the default engine.
    const engine = file.startsWith('mnist') ? 'wasm' : 'mathjs';
    const { code, stdout, stderr } = await captureCli(['run', `scenarios/${file}`, '--steps', '4', '--engine', engine, '--out', out]);
    expect(stderr).toContain('wrote');
    expect(code).toBe(0);
    for (const line of stdout.trim().split('\n').filter(Boolean)) expect(JSON.parse(line)).toHaveProperty('cost');
    expect(readdirSync(out)).toEqual(expect.arrayContaining(['costs.csv', 'cost.png']));
    expect(readFileSync(join(out, 'costs.csv'), 'utf8').trim().split('\n')).toHaveLength(5);
  });
});

describe('data-file samplers', () => {
  it('replays recorded batches (a numpy trace), ending with them; the trace lies outside the scenario\'s folder, so only when allowed', async () => {
    const out = mkdtempSync(join(tmpdir(), 'rxprop-replay-'));
    const trace = JSON.parse(readFileSync('test/fixtures/trace-relu-2-50-1.json', 'utf8')) as { batches: unknown[] };
    const refused = await captureCli(['run', 'test/scenario/good/replay-numpy-trace.yaml', '--engine', 'mathjs', '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('sampler.file: "../../fixtures/trace-relu-2-50-1.json" is outside the scenario\'s folder');
    const { code } = await captureCli(['run', 'test/scenario/good/replay-numpy-trace.yaml', '--engine', 'mathjs', '--out', out, '--allow-outside-data']);
    expect(code).toBe(0);
    expect(readFileSync(join(out, 'costs.csv'), 'utf8').trim().split('\n')).toHaveLength(trace.batches.length + 1);
  });

  it('trains on a CSV data set for its epochs (60 rows, batches of 20, 2 epochs: 6 steps)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'rxprop-dataset-'));
    const { code, stdout } = await captureCli(['run', 'test/scenario/good/xor-dataset.yaml', '--engine', 'mathjs', '--out', out]);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(6);
    // No target expression: no target.png, but the prediction over the data's box.
    expect(readdirSync(out).sort()).toEqual(['checkpoint', 'cost.png', 'costs.csv', 'metrics.jsonl', 'model.json', 'prediction.png', 'training.gif']);
  });
});
