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
    const { code, stdout, stderr } = await captureCli(['run', `scenarios/${file}`, '--steps', '4', '--engine', 'mathjs', '--out', out]);
    expect(stderr).toContain('wrote');
    expect(code).toBe(0);
    for (const line of stdout.trim().split('\n').filter(Boolean)) expect(JSON.parse(line)).toHaveProperty('cost');
    expect(readdirSync(out)).toEqual(expect.arrayContaining(['costs.csv', 'cost.png']));
    expect(readFileSync(join(out, 'costs.csv'), 'utf8').trim().split('\n')).toHaveLength(5);
  });
});
