import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockName, OutputFolder } from '../../src/cli/OutputFolder.js';
import { captureCli } from './captureCli.js';
import { at, scenarioVariant } from '../scenario/scenarioVariant.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'rxprop-folder-'));
const noStackTrace = /\n\s+at |node_modules|Error:/;
/** A pid that is certainly not running: above the kernel's pid_max. */
const deadPid = 4_194_305;

describe('rxprop run --out: folders that cannot hold files exit 2 at once', () => {
  it.each([
    ['/proc/x', 'cannot write in /proc/x (ENOENT)'], // Node 20's recursive mkdirSync spins here forever
    ['/proc/self/x/y', 'cannot write in /proc/self/x/y'],
    ['/sys/rxprop-x', 'cannot write in /sys/rxprop-x'],
    ['package.json/x', 'cannot write in'],
    ['package.json', 'is a file, not a folder'],
  ])('--out %s', async (out, message) => {
    const started = performance.now();
    const { code, stdout, stderr } = await captureCli(['run', 'scenarios/seed-fit', '--steps', '2', '--engine', 'mathjs', '--out', out]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`--out: `);
    expect(stderr).toContain(message);
    expect(stderr).not.toMatch(noStackTrace);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

describe('rxprop run --out: nothing is written outside the output folder', () => {
  it.each([[''], ['.'], ['..'], ['./'], ['/']])('--out %j is refused', async (out) => {
    const before = readdirSync('.').sort();
    const { code, stderr } = await captureCli(['run', 'scenarios/seed-fit', '--steps', '2', '--engine', 'mathjs', '--out', out]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--out: (is empty|.* is the working directory or a folder above it)/);
    expect(readdirSync('.').sort()).toEqual(before);
  });

  it('a symbolic link to the working directory is refused as the working directory itself', async () => {
    const link = join(tmp(), 'here');
    symlinkSync(process.cwd(), link);
    const { code, stderr } = await captureCli(['run', 'scenarios/seed-fit', '--steps', '2', '--engine', 'mathjs', '--out', link]);
    expect(code).toBe(2);
    expect(stderr).toContain(`--out: ${link} is the working directory or a folder above it`);
  });

  it('name: ".." is refused by the schema: the default folder out/<name> stays inside out/', async () => {
    const path = scenarioVariant('scenarios/seed-fit.yaml', (s) => (s['name'] = '..'));
    const { code, stderr } = await captureCli(['run', path, '--steps', '2']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/name: expected a name starting with a letter, digit, "_" or "-" .*found "\.\."/);
  });

  it('a 5000-character name is refused naming the field', async () => {
    const path = scenarioVariant('scenarios/seed-fit.yaml', (s) => (s['name'] = 'a'.repeat(5000)));
    const { code, stderr } = await captureCli(['validate', path]);
    expect(code).toBe(2);
    expect(stderr).toContain('name: expected a name of at most 100 characters');
  });
});

describe('rxprop run: the output folder is made only when the run starts, and held', () => {
  it('refused runs leave no folder: bad targets, a batch larger than the data, a short --token, a bad option', async () => {
    const root = tmp();
    const cases: string[][] = [
      ['run', scenarioVariant('scenarios/seed-fit.yaml', (s) => (at(s, 'sampler').target = '1/0')), '--out', join(root, 'a', 'b')],
      ['run', scenarioVariant('scenarios/seed-fit.yaml', (s) => (at(s, 'sampler').target = 'sqrt(-1)')), '--out', join(root, 'c')],
      ['run', 'test/scenario/good/xor-dataset.yaml', '--steps', '2', '--out', join(root, 'd')],
      ['run', 'scenarios/seed-fit', '--serve', '0', '--token', 'short', '--out', join(root, 'e')],
    ];
    writeFileSync(join(root, 'big-batch.yaml'), readFileSync('test/scenario/good/xor-dataset.yaml', 'utf8').replace(/batchSize: \d+/, 'batchSize: 1000').replace('file: data/xor.csv', `file: ${join(process.cwd(), 'test/scenario/good/data/xor.csv')}`));
    cases.push(['run', join(root, 'big-batch.yaml'), '--allow-outside-data', '--out', join(root, 'f')]);
    for (const argv of cases) {
      const { code, stderr } = await captureCli(argv);
      expect(code, `${argv.join(' ')}\n${stderr}`).toBe(argv.includes(join(root, 'd')) ? 0 : 2);
      if (argv.includes(join(root, 'd'))) continue; // the control: a good run makes its folder
      expect(stderr).not.toMatch(noStackTrace);
    }
    expect(readdirSync(root).sort()).toEqual(['big-batch.yaml', 'd']);
  });

  it('a second run into a held folder is refused; --force writes anyway; the lock is released after', async () => {
    const dir = join(tmp(), 'held');
    mkdirSync(dir);
    writeFileSync(join(dir, lockName), `${process.pid}\n`); // held by a live process (this one)
    const refused = await captureCli(['run', 'scenarios/seed-fit', '--steps', '2', '--engine', 'mathjs', '--out', dir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`--out: ${dir} is in use by another rxprop run (pid ${process.pid})`);
    expect(refused.stderr).toContain('--force');
    expect(readdirSync(dir)).toEqual([lockName]);
    const forced = await captureCli(['run', 'scenarios/seed-fit', '--steps', '2', '--engine', 'mathjs', '--out', dir, '--force']);
    expect(forced.code).toBe(0);
    expect(readdirSync(dir)).not.toContain(lockName);
    expect(readdirSync(dir)).toContain('costs.csv');
  });

  it('a stale lock (its pid is dead) is taken over; temporary files of dead runs are removed, live ones kept', async () => {
    const dir = join(tmp(), 'stale');
    mkdirSync(dir);
    writeFileSync(join(dir, lockName), `${deadPid}\n`);
    const dead = `.metrics.jsonl.${deadPid}.k3j9x1.tmp`;
    const live = `.costs.csv.${process.pid}.abc123.tmp`;
    for (const name of [dead, live, '.notes.tmp', 'keep.txt']) writeFileSync(join(dir, name), 'x'.repeat(1000));
    const { code } = await captureCli(['run', 'scenarios/seed-fit', '--steps', '2', '--engine', 'mathjs', '--out', dir]);
    expect(code).toBe(0);
    const files = readdirSync(dir);
    expect(files).not.toContain(dead);
    expect(files).not.toContain(lockName);
    expect(files).toEqual(expect.arrayContaining([live, '.notes.tmp', 'keep.txt', 'costs.csv']));
  });

  it('OutputFolder.open makes missing folders level by level and removes them when the run is refused later', () => {
    const root = tmp();
    const dir = join(root, 'a', 'b', 'c');
    const folder = OutputFolder.open(OutputFolder.resolve(relative(process.cwd(), dir), 'x', process.cwd()));
    expect(readFileSync(join(dir, lockName), 'utf8')).toBe(`${process.pid}\n`);
    folder.removeIfEmpty();
    expect(existsSync(join(root, 'a'))).toBe(false);
    expect(readdirSync(root)).toEqual([]);
  });
});
