import { describe, expect, it } from 'vitest';
import { ScenarioSource } from '../../src/scenario/ScenarioSource.js';
import { captureCli } from '../cli/captureCli.js';
import { writeScenario } from './scenarioVariant.js';

describe('ScenarioSource: YAML aliases', () => {
  it('a scenario reusing one anchor 120 times is accepted (yaml\'s default cap, 100, called it an attack)', async () => {
    const text = [
      'name: anchors',
      'network: { layers: [2, 4, 1], activations: relu }',
      'phases:',
      '  - sampler: &s { type: function, target: "x + y", box: [[-0.5, 0.5], [-0.5, 0.5]], batchSize: 10 }',
      '    training: &t { steps: 1, optimizer: { type: sgd, eta: 0.01 } }',
      ...Array.from({ length: 120 }, () => '  - { sampler: *s, training: *t }'),
    ].join('\n');
    const { code, stdout, stderr } = await captureCli(['validate', writeScenario(text)]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('121 phases');
  });

  it('aliases that expand exponentially ("billion laughs") are a problem at file:line, exit 2', async () => {
    let text = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n';
    let previous = 'a';
    for (const name of 'bcdefghi') {
      text += `${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]\n`;
      previous = name;
    }
    const path = writeScenario(text);
    const started = performance.now();
    const { code, stderr } = await captureCli(['validate', path]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/variant\.yaml:2:\d+: YAML aliases expand to more than 10000 nodes/);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('ScenarioSource: duplicate keys', () => {
  it('are found in linear time: 20,000 distinct keys parse in well under the 9 s of a pairwise check', () => {
    const text = Array.from({ length: 20_000 }, (_, i) => `k${i}: ${i}`).join('\n');
    const started = performance.now();
    expect(ScenarioSource.parse(text, 'many.yaml').problems).toEqual([]);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(ScenarioSource.parse('a: 1\nb: { c: 1, c: 2 }\n', 'dup.yaml').problems).toMatchObject([{ line: 2, column: 12, message: 'YAML syntax: Map keys must be unique' }]);
  });
});
