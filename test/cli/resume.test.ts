import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rxprop } from './spawnRxprop.js';

// --resume as a user meets it: the real bin in child processes, killed with -9 at random points
// while it checkpoints after every step (most of its time goes into checkpoint writes, so the
// kills are likely to land in the middle of one; killMidWrite.test.ts forces that), then resumed
// until done. The result must equal a run that was
// never stopped: costs.csv byte for byte, metrics.jsonl but for the times, model.json's
// parameters and optimizer state bit for bit. Random points are printed in assertion messages.

const scenario = 'test/cli/fixtures/three-phases.yaml';
const total = 250;
const tmp = (): string => mkdtempSync(join(tmpdir(), 'rxprop-resume-'));

const withoutTimes = (text: string): string => text.replace(/"time":[0-9.e+-]+/g, '"time":_');
const read = (dir: string, name: string): string => readFileSync(join(dir, name), 'utf8');
const model = (dir: string): unknown => {
  const { weights, biases, optimizer } = JSON.parse(read(dir, 'model.json')) as Record<string, unknown>;
  return { weights, biases, optimizer };
};

describe.concurrent('rxprop run --resume (the real bin)', { timeout: 300_000 }, () => {
  it.each(['mathjs', 'wasm', 'wasm-f32', 'wasm-threads'])('on %s, killed with -9 twice while checkpointing after every step, and resumed, equals the uninterrupted run bit for bit', async (engine) => {
    const args = ['run', scenario, '--engine', engine, '--json'];
    const whole = tmp();
    const a = rxprop([...args, '--out', whole]);
    expect(await a.exit, a.stderr()).toBe(0);

    const out = tmp();
    // stdout carries a line every 3 steps (the scenario's metrics cadence): ~83 for the whole run.
    const kills = [5 + Math.floor(Math.random() * 40), 3 + Math.floor(Math.random() * 20)];
    const context = `${engine}, kill -9 after ${kills.join(' and ')} lines`;
    for (const [i, lines] of kills.entries()) {
      const b = rxprop([...args, '--out', out, '--checkpoint-every', '1', ...(i > 0 ? ['--resume'] : [])]);
      await b.lines(lines);
      b.kill('SIGKILL');
      expect(await b.exit, `${context}: ${b.stderr()}`).toBe(137);
    }
    const c = rxprop([...args, '--out', out, '--resume']);
    expect(await c.exit, `${context}: ${c.stderr()}`).toBe(0);
    const from = Number(/resuming from step (\d+)/.exec(c.stderr())?.[1]);
    expect(from, `${context}: ${c.stderr()}`).toBeGreaterThan(0);
    expect(from, context).toBeLessThan(total);

    const costs = read(out, 'costs.csv');
    expect(costs, context).toBe(read(whole, 'costs.csv'));
    expect(costs.split('\n').slice(1, -1).map((row) => Number(row.split(',')[0])), context).toEqual(Array.from({ length: total }, (_, k) => k + 1));
    expect(withoutTimes(read(out, 'metrics.jsonl')), context).toBe(withoutTimes(read(whole, 'metrics.jsonl')));
    expect(model(out), context).toEqual(model(whole));
    expect(read(out, 'model.json'), context).toBe(read(whole, 'model.json'));
    expect(readdirSync(join(out, 'checkpoint')).filter((n) => n.endsWith('.tmp')), context).toEqual([]);
  });

  it('refuses a checkpoint of another scenario (another seed) and a folder without one: exit 2, the reason, nothing changed', async () => {
    const out = tmp();
    const a = rxprop(['run', scenario, '--engine', 'mathjs', '--quiet', '--steps', '40', '--out', out]);
    expect(await a.exit, a.stderr()).toBe(0);
    const before = read(join(out, 'checkpoint'), 'state.json');
    // Fewer steps than the checkpoint holds: a run cannot go back (it resumed and trained nothing).
    const back = rxprop(['run', scenario, '--engine', 'mathjs', '--quiet', '--steps', '10', '--out', out, '--resume']);
    expect(await back.exit).toBe(2);
    expect(back.stderr()).toBe(`error: --steps: is 10, but the checkpoint in ${out} is at step 40 (give --steps 40 or more to resume, or start afresh without --resume)\n`);
    const b = rxprop(['run', scenario, '--engine', 'mathjs', '--quiet', '--seed', '5', '--out', out, '--resume']);
    expect(await b.exit).toBe(2);
    expect(b.stderr()).toMatch(/error: checkpoint: was made by a different scenario \(hash [0-9a-f]{16}; this scenario with its seed, engine and data has [0-9a-f]{16}\)/);
    expect(b.stderr()).not.toMatch(/\n\s+at /);
    const e = rxprop(['run', scenario, '--engine', 'wasm', '--quiet', '--out', out, '--resume']);
    expect(await e.exit).toBe(2);
    expect(e.stderr()).toContain('was made by a different scenario');
    expect(read(join(out, 'checkpoint'), 'state.json')).toBe(before);
    const none = tmp();
    const c = rxprop(['run', scenario, '--engine', 'mathjs', '--quiet', '--out', none, '--resume']);
    expect(await c.exit).toBe(2);
    expect(c.stderr()).toContain(`--resume: there is no checkpoint in ${none}`);
  });

  it('writes model.json on a finished and on an interrupted run, and --resume of a finished run changes nothing', async () => {
    const out = tmp();
    const a = rxprop(['run', scenario, '--engine', 'wasm', '--json', '--out', out]);
    expect(await a.exit, a.stderr()).toBe(0);
    expect(existsSync(join(out, 'model.json'))).toBe(true);
    const costs = read(out, 'costs.csv');
    const again = rxprop(['run', scenario, '--engine', 'wasm', '--json', '--out', out, '--resume']);
    expect(await again.exit, again.stderr()).toBe(0);
    expect(again.stderr()).toContain(`resuming from step ${total}`);
    expect(read(out, 'costs.csv')).toBe(costs);

    const stopped = tmp();
    const b = rxprop(['run', scenario, '--engine', 'mathjs', '--json', '--steps', '100000', '--out', stopped]);
    await b.lines(50);
    b.kill('SIGINT');
    await b.exit;
    const json = JSON.parse(read(stopped, 'model.json')) as { layers: number[] };
    expect(json.layers).toEqual([2, 12, 1]);
    const steps = read(stopped, 'costs.csv').split('\n').length - 2;
    expect((JSON.parse(read(join(stopped, 'checkpoint'), 'state.json')) as { step: number }).step).toBe(steps);
  });

  it('a diverged run writes its last good model: the checkpoint before the divergence', async () => {
    for (const every of [[], ['--checkpoint-every', '1']]) {
      const out = tmp();
      const a = rxprop(['run', 'test/cli/fixtures/diverges.yaml', '--engine', 'mathjs', '--quiet', '--out', out, ...every]);
      expect(await a.exit, a.stderr()).toBe(1);
      const good = Number(/model.json holds the last good parameters, from step (\d+)/.exec(a.stderr())?.[1]);
      const diverged = Number(/diverged at step (\d+)/i.exec(a.stderr())?.[1]);
      expect(good, a.stderr()).toBe(every.length === 0 ? 0 : diverged - 1);
      const json = JSON.parse(read(out, 'model.json')) as { weights: number[][][]; biases: number[][] };
      expect([...json.weights.flat(2), ...json.biases.flat()].every(Number.isFinite)).toBe(true);
    }
  });
});
