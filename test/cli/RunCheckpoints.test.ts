import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrainingCheckpoint } from '../../src/checkpoint/TrainingCheckpoint.js';
import { RunCheckpoints } from '../../src/cli/RunCheckpoints.js';
import type { NetworkJSON } from '../../src/network/Network.js';

// The checkpoint folder as a killed or damaged disk leaves it: a torn latest checkpoint falls back
// to the one before it (saying so), two damaged ones are refused naming both files, temporary
// files of killed writes are never read and are removed, a failed write leaves no temporary file.

const tmp = (): string => mkdtempSync(join(tmpdir(), 'rxprop-checkpoints-'));
/** A pid that is certainly not running: above the kernel's pid_max. */
const deadPid = 4_194_305;
const checkpointAt = (step: number): TrainingCheckpoint => ({ format: 'rxprop-checkpoint', version: 2, step, time: step, network: { step } as unknown as NetworkJSON, position: { step } });

/** A run folder with checkpoints at steps 1 and 2, each with its own costs.csv and metrics.jsonl lines. */
function twoCheckpoints(): { dir: string; folder: string } {
  const dir = tmp();
  const checkpoints = RunCheckpoints.start(dir, undefined);
  checkpoints.tee('costs.csv', 'step,cost\n1,0.5\n');
  checkpoints.tee('metrics.jsonl', '{"step":1}\n');
  checkpoints.save(checkpointAt(1));
  checkpoints.tee('costs.csv', '2,0.25\n');
  checkpoints.tee('metrics.jsonl', '{"step":2}\n');
  checkpoints.save(checkpointAt(2));
  return { dir, folder: join(dir, 'checkpoint') };
}

describe('RunCheckpoints: damaged and killed checkpoint folders', () => {
  it('keeps the checkpoint before the latest; reads the latest', () => {
    const { dir, folder } = twoCheckpoints();
    expect(readdirSync(folder).sort()).toEqual(['costs.csv', 'metrics.jsonl', 'previous.json', 'state.json']);
    const point = RunCheckpoints.read(dir);
    expect(point.checkpoint.step).toBe(2);
    expect(point.fallback).toBeUndefined();
    expect(point.continued['costs.csv']).toBe('step,cost\n1,0.5\n2,0.25\n');
  });

  it('a latest checkpoint cut short falls back to the one before it, saying which file and why', () => {
    const { dir, folder } = twoCheckpoints();
    truncateSync(join(folder, 'state.json'), 40);
    const point = RunCheckpoints.read(dir);
    expect(point.checkpoint.step).toBe(1);
    expect(point.continued).toEqual({ 'costs.csv': 'step,cost\n1,0.5\n', 'metrics.jsonl': '{"step":1}\n', costs: [0.5], validation: [] });
    expect(point.fallback).toMatch(new RegExp(`^${join(folder, 'state.json')} is not valid JSON \\(.*\\): resuming from the checkpoint before it, ${join(folder, 'previous.json')}$`));
  });

  it('a latest checkpoint whose history was cut short, or that is not a checkpoint, falls back too', () => {
    const { dir, folder } = twoCheckpoints();
    truncateSync(join(folder, 'costs.csv'), 'step,cost\n1,0.5\n'.length);
    expect(RunCheckpoints.read(dir).fallback).toContain(`counts 23 bytes of ${join(folder, 'costs.csv')}, which holds 16`);
    writeFileSync(join(folder, 'state.json'), JSON.stringify({ ...checkpointAt(2), version: 7 }));
    expect(RunCheckpoints.read(dir).fallback).toContain(`${join(folder, 'state.json')} has checkpoint.version that is 7; this rxprop reads versions 1 and 2`);
  });

  it('two damaged checkpoints are refused, naming both files; none at all says so', () => {
    const { dir, folder } = twoCheckpoints();
    writeFileSync(join(folder, 'state.json'), '');
    writeFileSync(join(folder, 'previous.json'), '{"format":"rxprop-checkpoint"');
    expect(() => RunCheckpoints.read(dir)).toThrow(new RegExp(`^--resume: no checkpoint in ${dir} can be read: ${join(folder, 'state.json')} is not valid JSON .*; ${join(folder, 'previous.json')} is not valid JSON .*\\(the checkpoint folder is damaged: start afresh without --resume\\)$`));
    expect(() => RunCheckpoints.read(tmp())).toThrow(/^--resume: there is no checkpoint in /);
  });

  it('killed between its two renames, a save leaves the checkpoint before it, read without a warning', () => {
    const { dir, folder } = twoCheckpoints();
    rmSync(join(folder, 'state.json'));
    const point = RunCheckpoints.read(dir);
    expect([point.checkpoint.step, point.fallback]).toEqual([1, undefined]);
  });

  it('temporary files of killed writes are never read, and go at the next save and with the model', () => {
    const { dir, folder } = twoCheckpoints();
    // A complete newer checkpoint that was never renamed into place is not a checkpoint.
    writeFileSync(join(folder, `state.json.${deadPid}.tmp`), JSON.stringify({ ...checkpointAt(3), files: { 'costs.csv': 0, 'metrics.jsonl': 0 } }));
    writeFileSync(join(dir, `model.json.${deadPid}.tmp`), '{"lay');
    const ours = join(folder, `state.json.${process.pid}.tmp`);
    const point = RunCheckpoints.read(dir);
    expect(point.checkpoint.step).toBe(2);
    const resumed = RunCheckpoints.start(dir, point);
    resumed.tee('costs.csv', '3,0.125\n');
    resumed.save(checkpointAt(3));
    expect(readdirSync(folder).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(ours)).toBe(false);
    resumed.saveModel({ step: 3 } as unknown as NetworkJSON);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(readFileSync(join(folder, 'costs.csv'), 'utf8')).toBe('step,cost\n1,0.5\n2,0.25\n3,0.125\n');
  });

  it('a write that fails (here: model.json is a folder) leaves no temporary file', () => {
    const { dir } = twoCheckpoints();
    mkdirSync(join(dir, 'model.json', 'x'), { recursive: true });
    const checkpoints = RunCheckpoints.start(dir, RunCheckpoints.read(dir));
    expect(() => checkpoints.saveModel({} as NetworkJSON)).toThrow();
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
