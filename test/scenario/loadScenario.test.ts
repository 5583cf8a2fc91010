import { mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureCli } from '../cli/captureCli.js';
import { writeScenario } from './scenarioVariant.js';

const noStackTrace = /\n\s+at |node_modules|Error:/;
const secret = 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n';

/** A folder holding `secret.csv` (a file that is not data) and `scenario/`, whose scenario reads `file`. */
function layout(file: string): { scenario: string; root: string } {
  const root = mkdtempSync(join(tmpdir(), 'rxprop-data-'));
  writeFileSync(join(root, 'secret.csv'), secret);
  mkdirSync(join(root, 'scenario'));
  writeFileSync(join(root, 'scenario', 'ok.csv'), 'x,y,t\n0,0,0\n1,1,1\n0,1,1\n');
  const text = `name: data\nnetwork: { layers: [2, 4, 1], activations: relu }\nsampler: { type: dataset, file: ${JSON.stringify(file)}, batchSize: 2 }\ntraining: { steps: 2, optimizer: { type: sgd, eta: 0.1 } }\n`;
  return { scenario: writeScenario(text, { dir: join(root, 'scenario'), name: 'data.yaml' }), root };
}

describe('loadScenario: data files', () => {
  it.each(['../secret.csv', 'sub/../../secret.csv'])('%s: refused outside the scenario\'s folder, nothing echoed', async (file) => {
    const { scenario } = layout(file);
    const { code, stderr } = await captureCli(['validate', scenario]);
    expect(code).toBe(2);
    expect(stderr).toContain(`sampler.file: "${file}" is outside the scenario's folder`);
    expect(stderr).toContain('--allow-outside-data');
    expect(stderr).not.toContain('root:x');
  });

  it('an absolute path is refused unless allowed, never silently made relative', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rxprop-data-'));
    writeFileSync(join(root, 'abs.csv'), 'x,y,t\n0,0,0\n1,1,1\n');
    const { scenario } = layout(join(root, 'abs.csv'));
    const refused = await captureCli(['validate', scenario]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('is outside the scenario\'s folder');
    expect((await captureCli(['validate', scenario, '--allow-outside-data'])).code).toBe(0);
  });

  it('a symbolic link out of the folder is refused too', async () => {
    const { scenario, root } = layout('link.csv');
    symlinkSync(join(root, 'secret.csv'), join(root, 'scenario', 'link.csv'));
    const { code, stderr } = await captureCli(['validate', scenario]);
    expect(code).toBe(2);
    expect(stderr).toContain('"link.csv" is outside the scenario\'s folder');
  });

  it('inside the folder is fine; with --allow-outside-data a file that is not data is refused without quoting it', async () => {
    expect((await captureCli(['validate', layout('ok.csv').scenario])).code).toBe(0);
    const { scenario } = layout('../secret.csv');
    const { code, stderr } = await captureCli(['validate', scenario, '--allow-outside-data']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/sampler\.file: line 2, column 1: expected a number, found (text|an empty cell)/);
    expect(stderr).not.toMatch(/root|daemon|bash/);
    const json = layout('../secret.json');
    writeFileSync(join(json.root, 'secret.json'), secret);
    const bad = await captureCli(['validate', json.scenario, '--allow-outside-data']);
    expect(bad.stderr).toContain('sampler.file: is not valid JSON');
    expect(bad.stderr).not.toMatch(/root|daemon|bash/);
  });

  it('a data set of 125,000 rows loads and runs (no spread of its rows over the stack)', async () => {
    const { scenario, root } = layout('big.csv');
    const rows = Array.from({ length: 125_000 }, (_, i) => `${(i % 1000) / 1000},${(i % 777) / 777},${i % 2}`);
    writeFileSync(join(root, 'scenario', 'big.csv'), `x,y,t\n${rows.join('\n')}\n`);
    const out = mkdtempSync(join(tmpdir(), 'rxprop-big-'));
    const { code, stderr } = await captureCli(['run', scenario, '--engine', 'mathjs', '--out', out]);
    expect(stderr).not.toMatch(noStackTrace);
    expect(code).toBe(0);
  });

  it('a batch larger than the data set is refused at validation', async () => {
    const { scenario } = layout('ok.csv');
    writeFileSync(scenario, `name: data\nnetwork: { layers: [2, 4, 1], activations: relu }\nsampler: { type: dataset, file: ok.csv, batchSize: 50 }\ntraining: { steps: 2, optimizer: { type: sgd, eta: 0.1 } }\n`);
    const { code, stderr } = await captureCli(['validate', scenario]);
    expect(code).toBe(2);
    expect(stderr).toContain('sampler.batchSize: is 50 but the data set has 3 rows');
  });

  it('a data file over the size cap is refused before it is read', async () => {
    const { scenario, root } = layout('huge.csv');
    writeFileSync(join(root, 'scenario', 'huge.csv'), '');
    truncateSync(join(root, 'scenario', 'huge.csv'), 600 * 2 ** 20); // sparse: nothing written
    const { code, stderr } = await captureCli(['validate', scenario]);
    expect(code).toBe(2);
    expect(stderr).toContain('huge.csv is 629145600 bytes; a data file has at most 67108864');
  });
});

describe('loadScenario: the scenario file itself', () => {
  it('a 600 MB file is refused by its size, before reading', async () => {
    const path = writeScenario('');
    truncateSync(path, 600 * 2 ** 20);
    const started = performance.now();
    const { code, stderr } = await captureCli(['validate', path]);
    expect(code).toBe(2);
    expect(stderr).toContain('variant.yaml: is 629145600 bytes; a scenario file has at most 1048576');
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('an unreadable scenario exits 2 naming it (reading /proc/self/mem fails with EIO, even for root)', async () => {
    const { code, stderr } = await captureCli(['validate', '/proc/self/mem']);
    expect(code).toBe(2);
    expect(stderr).toContain('/proc/self/mem: cannot be read (EIO)');
    expect(stderr).not.toMatch(noStackTrace);
  });

  it('a folder or a device given as the scenario is named as such, not as a missing file', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'rxprop-folder-'));
    const asFolder = await captureCli(['validate', folder]);
    expect(asFolder.code).toBe(2);
    expect(asFolder.stderr).toContain(`${folder}: is a folder, not a scenario file (looked for ${folder}, ${folder}.yaml`);
    const asDevice = await captureCli(['run', '/dev/null']);
    expect(asDevice.code).toBe(2);
    expect(asDevice.stderr).toContain('/dev/null: is not a regular file, not a scenario file');
    expect(asDevice.stderr).not.toMatch(noStackTrace);
  });
});
