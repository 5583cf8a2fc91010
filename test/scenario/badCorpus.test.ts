import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { captureCli } from '../cli/captureCli.js';
import { at, scenarioVariant, type ScenarioData } from './scenarioVariant.js';

// A generated bad-input corpus: every shipped scenario, mutated one field at a time (wrong types,
// out-of-range numbers, unknown keys, bad expressions, bad paths, sizes beyond memory), run through
// the CLI in-process. Each must exit 2 with a message naming the field, and no stack trace.

const shipped = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).sort();

/**
 * A mutation: what it does, the change, the field the message must name (given the phase's
 * sampler and training paths), and to which scenarios it applies (default: all).
 */
type Mutation = readonly [label: string, mutate: (s: ScenarioData, sampler: string, training: string) => void, field: (sampler: string, training: string) => string, applies?: Applies];
type Applies = (s: ScenarioData, sampler: string) => boolean;

/** Samplers with a box and a target expression. */
const expressionSampler: Applies = (s, sampler) => ['function', 'fixed'].includes(at(s, sampler)['type'] as string);
/** Networks with 2 inputs (pictures over the input plane). */
const planar: Applies = (s) => (at(s, 'network')['layers'] as number[])[0] === 2;
/** Replaces the whole sampler section. */
const sampler = (value: ScenarioData) => (s: ScenarioData, path: string) => {
  const [, parent, key] = /^(?:(.*)\.)?(\w+)$/.exec(path)!;
  (parent === undefined ? s : at(s, parent))[key!] = value;
};

const set = (path: string, key: string, value: unknown) => (s: ScenarioData, sampler: string, training: string) => {
  at(s, path.replace('$sampler', sampler).replace('$training', training))[key] = value;
};
const field = (path: string) => (sampler: string, training: string) => path.replace('$sampler', sampler).replace('$training', training);
const target = (expression: string): Mutation => [`target ${JSON.stringify(expression.length > 40 ? `${expression.slice(0, 37)}…` : expression)}`, set('$sampler', 'target', expression), field('$sampler.target'), expressionSampler];

const mutations: readonly Mutation[] = [
  ['name a number', (s) => (s['name'] = 42), field('name')],
  ['name ".."', (s) => (s['name'] = '..'), field('name')],
  ['name with a slash', (s) => (s['name'] = 'a/b'), field('name')],
  ['name of 5000 characters', (s) => (s['name'] = 'n'.repeat(5000)), field('name')],
  ['seed fractional', (s) => (s['seed'] = 1.5), field('seed')],
  ['seed a word', (s) => (s['seed'] = 'abc'), field('seed')],
  ['engine unknown', (s) => (s['engine'] = 'cuda'), field('engine')],
  ['layers a word', set('network', 'layers', 'abc'), field('network.layers')],
  ['layers one size', set('network', 'layers', [2]), field('network.layers')],
  ['layers negative', (s) => ((at(s, 'network')['layers'] as number[])[1] = -3), field('network.layers[1]')],
  ['layers fractional', (s) => ((at(s, 'network')['layers'] as number[])[1] = 1.5), field('network.layers[1]')],
  ['layers beyond memory', (s) => ((at(s, 'network')['layers'] as number[])[1] = 1e9), field('network.layers[1]')],
  ['input layer against the box', (s) => ((at(s, 'network')['layers'] as number[])[0] = 3), field('$sampler.box'), expressionSampler],
  ['activation unknown', set('network', 'activations', 'relux'), field('network.activations')],
  ['activations miscounted', set('network', 'activations', ['relu', 'relu', 'relu', 'relu', 'relu', 'relu', 'relu']), field('network.activations')],
  ['initializer unknown', set('network', 'init', { weights: { type: 'bogus' } }), field('network.init.weights')],
  ['unknown key in network', set('network', 'dropout', 0.5), field('network.dropout')],
  ['unknown key at the top', (s) => (s['trainig'] = {}), field('trainig')],
  ['batchSize 0', set('$sampler', 'batchSize', 0), field('$sampler.batchSize')],
  ['batchSize beyond memory', set('$sampler', 'batchSize', 1_000_000_000), field('$sampler.batchSize')],
  ['batchSize a word', set('$sampler', 'batchSize', 'many'), field('$sampler.batchSize')],
  ['sampler type unknown', set('$sampler', 'type', 'magic'), field('$sampler.type')],
  ['box reversed', set('$sampler', 'box', [[1, 0], [0, 1]]), field('$sampler.box[0]'), expressionSampler],
  ['box width overflows', set('$sampler', 'box', [[-1e308, 1e308], [-0.5, 0.5]]), field('$sampler.box[0]'), expressionSampler],
  ['box a word', set('$sampler', 'box', 'wide'), field('$sampler.box'), expressionSampler],
  ['unknown key in the sampler', set('$sampler', 'jitter', 0.1), field('$sampler.jitter')],
  target('q + 1'),
  target('exp(x, y)'),
  target('hypot()'),
  target('round(x, 100)'),
  target('x!'),
  target('1/0'),
  target('sqrt(-1)'),
  target('import("fs", {})'),
  target('(x + y'),
  target(Array.from({ length: 2000 }, (_, i) => `${i}*x`).join(' + ')),
  target(`${'('.repeat(100)}x${')'.repeat(100)}`),
  ['data file outside the folder', (s, path) => sampler({ type: 'dataset', file: '../../../../../../etc/passwd', batchSize: 10 })(s, path), field('$sampler.file')],
  ['data file absolute', (s, path) => sampler({ type: 'dataset', file: '/etc/passwd', batchSize: 10 })(s, path), field('$sampler.file')],
  ['data file missing', (s, path) => sampler({ type: 'dataset', file: 'nope.csv', batchSize: 10 })(s, path), field('$sampler.file')],
  ['steps 0', set('$training', 'steps', 0), field('$training.steps')],
  ['steps negative', set('$training', 'steps', -5), field('$training.steps')],
  ['steps a word', set('$training', 'steps', 'long'), field('$training.steps')],
  ['eta negative', (s, _, training) => (at(s, `${training}.optimizer`)['eta'] = -1), field('$training.optimizer.eta')],
  ['eta a word', (s, _, training) => (at(s, `${training}.optimizer`)['eta'] = 'fast'), field('$training.optimizer.eta')],
  ['optimizer unknown', (s, _, training) => (at(s, `${training}.optimizer`)['type'] = 'adamx'), field('$training.optimizer')],
  ['until window beyond memory', set('$training', 'until', { cost: 0.01, window: 1e15 }), field('$training.until.window')],
  ['until cost negative', set('$training', 'until', { cost: -1 }), field('$training.until.cost')],
  ['grid too coarse', set('snapshots', 'grid', { nx: 1, ny: 40 }), field('snapshots.grid.nx')],
  ['grid 1024² every step', (s) => Object.assign(at(s, 'snapshots'), { everySteps: 1, grid: { nx: 1024, ny: 1024 } }), field('snapshots.grid'), planar],
  ['snapshots every 0 steps', set('snapshots', 'everySteps', 0), field('snapshots.everySteps')],
  ['metrics a word', set('outputs', 'metrics', 'yes'), field('outputs.metrics')],
  ['one animation frame', set('outputs', 'animation', { maxFrames: 1 }), field('outputs.animation')],
  ['unknown output', set('outputs', 'video', true), field('outputs.video')],
];

/** Where the first phase's sampler and training sections are. */
function phasePaths(base: string): [string, string] {
  const phases = base.includes('fixed-then-random');
  return phases ? ['phases[0].sampler', 'phases[0].training'] : ['sampler', 'training'];
}

const cases = shipped.flatMap((file) => {
  const [samplerPath, training] = phasePaths(file);
  const original = parse(readFileSync(`scenarios/${file}`, 'utf8')) as ScenarioData;
  return mutations
    .filter(([, , , applies]) => applies?.(original, samplerPath) ?? true)
    .map(([label, mutate, name]) => ({ name: `${file}: ${label}`, file, mutate: (s: ScenarioData) => mutate(s, samplerPath, training), field: name(samplerPath, training) }));
});

const noStackTrace = /\n\s+at |node_modules|Error:|\.ts:\d+/;

describe('generated bad-input corpus', () => {
  it('has at least 100 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
  });

  it.each(cases)('$name: exit 2 naming $field', async ({ file, mutate, field: name }) => {
    const dir = mkdtempSync(join(tmpdir(), 'rxprop-corpus-'));
    const path = scenarioVariant(`scenarios/${file}`, mutate, { dir });
    const { code, stdout, stderr } = await captureCli(['validate', path]);
    expect(code, stderr).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(new RegExp(`variant\\.yaml(:\\d+:\\d+)?: ${name.replace(/[.[\]]/g, '\\$&')}(?!\\w)`));
    expect(stderr).not.toMatch(noStackTrace);
  });

  it.each([
    [['--steps', '0'], '--steps'],
    [['--steps', '1e3'], '--steps'],
    [['--steps', '1000000000000'], '--steps'],
    [['--seed', 'x'], '--seed'],
    [['--engine', 'gpu'], '--engine'],
    [['--out', ''], '--out'],
    [['--out', '.'], '--out'],
    [['--out', '/proc/rxprop'], '--out'],
    [['--out', 'package.json'], '--out'],
    [['--out', 'package.json/sub'], '--out'],
    [['--serve', '0', '--token', 'short'], 'token'],
  ])('run %j: exit 2 naming %s', async (args, option) => {
    for (const file of shipped.slice(0, 2)) {
      const { code, stderr } = await captureCli(['run', `scenarios/${file}`, ...args]);
      expect(code, stderr).toBe(2);
      expect(stderr).toContain(option);
      expect(stderr).not.toMatch(noStackTrace);
    }
  });
});
