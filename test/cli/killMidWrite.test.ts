import { existsSync, mkdtempSync, readdirSync, readFileSync, truncateSync, watch, type FSWatcher } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureCli } from './captureCli.js';
import { rxprop, type Child } from './spawnRxprop.js';

// kill -9 in the middle of a checkpoint write, forced rather than made likely: the test watches the
// checkpoint folder (inotify, through fs.watch) and sends SIGKILL the moment the run creates its
// temporary state.json.<pid>.tmp. The kill provably landed mid-write when that temporary file
// still exists once the process is dead: a finished write renames it away. Runs are killed and
// resumed until such a kill has landed; the run resumed after it must equal the uninterrupted one:
// costs.csv, model.json and cost.png byte for byte, metrics.jsonl but for the times, every step
// once. The scenario feeds back into its training (early stopping, reduce-on-plateau with
// cooldown, two phases), so that state crosses the kills too. One variant also finds its latest
// checkpoint damaged (cut short) before the last resume, and goes on from the one before it.

const scenario = 'test/cli/fixtures/validated-plateau.yaml';
const tmp = (): string => mkdtempSync(join(tmpdir(), 'rxprop-kill-'));
const read = (dir: string, name: string): string => readFileSync(join(dir, name), 'utf8');
const withoutTimes = (text: string): string => text.replace(/"time":[0-9.e+-]+/g, '"time":_');
const temps = (dir: string): string[] => readdirSync(dir).filter((n) => n.endsWith('.tmp'));

/**
 * Runs `args` and SIGKILLs it when it creates its `nth` temporary checkpoint file; says whether the
 * kill landed while that file existed (before its rename), or that the run ended first.
 */
async function killAtTemp(args: string[], out: string, nth: number): Promise<{ child: Child; landed: boolean; ended: boolean }> {
  const folder = join(out, 'checkpoint');
  const watchers: FSWatcher[] = [];
  let child: Child | undefined;
  let seen = 0;
  let victim: string | undefined;
  // 'rename' with the file there: its creation (its writes are 'change', its rename away leaves it gone).
  const onEvent = (event: string, name: string | null): void => {
    if (victim !== undefined || child === undefined || event !== 'rename' || name !== `state.json.${child.pid}.tmp` || !existsSync(join(folder, name))) return;
    if (++seen < nth) return;
    victim = name;
    child.kill('SIGKILL');
  };
  const watchFolder = (): void => void watchers.push(watch(folder, onEvent));
  // A fresh run makes the checkpoint folder at its first save: watch for it, then in it.
  if (existsSync(folder)) watchFolder();
  else watchers.push(watch(out, (_, name) => name === 'checkpoint' && existsSync(folder) && watchers.length === 1 && watchFolder()));
  child = rxprop(args);
  const code = await child.exit;
  for (const w of watchers) w.close();
  if (victim === undefined) return { child, landed: false, ended: code === 0 };
  expect(code, child.stderr()).toBe(137);
  return { child, landed: existsSync(join(folder, victim)), ended: false };
}

/**
 * The engines killed mid-write: wasm and mathjs (damaging the latest checkpoint) by default;
 * RXPROP_KILL_ENGINES=wasm-f32,wasm-threads runs others (every second one damaged).
 */
const cases = (process.env['RXPROP_KILL_ENGINES']?.split(',') ?? ['wasm', 'mathjs']).map((engine, k) => ({ engine, damage: k % 2 === 1 }));

/** The step of the run's latest checkpoint: state.json, or previous.json after a kill between a save's two renames. */
const latestStep = (out: string): number => {
  const folder = join(out, 'checkpoint');
  return (JSON.parse(read(folder, existsSync(join(folder, 'state.json')) ? 'state.json' : 'previous.json')) as { step: number }).step;
};

/** Every parameter of a model.json, in order. */
const parameters = (dir: string): number[] => {
  const { weights, biases } = JSON.parse(read(dir, 'model.json')) as { weights: number[][][]; biases: number[][] };
  return [...weights.flat(2), ...biases.flat()];
};

describe.concurrent('kill -9 in the middle of a checkpoint write (forced), then --resume', { timeout: 240_000 }, () => {
  it.for(cases)('on $engine (latest checkpoint damaged before the last resume: $damage): equals the uninterrupted run bit for bit', async ({ engine, damage }, { annotate }) => {
    const args = ['run', scenario, '--engine', engine, '--quiet'];
    const whole = tmp();
    const a = rxprop([...args, '--out', whole]);
    expect(await a.exit, a.stderr()).toBe(0);
    const total = read(whole, 'costs.csv').split('\n').length - 2;

    let out = tmp();
    const history: string[] = [];
    let landed = 0;
    for (let attempt = 0, fresh = true; landed === 0; attempt++) {
      expect(attempt, `no kill landed mid-write in 8 attempts: ${history.join(', ')}`).toBeLessThan(8);
      // Killed anywhere in what is left of the run, but the first run after its 3rd write (it must
      // leave a checkpoint to resume from) and every run at least 3 writes before its end.
      const done = fresh ? 0 : latestStep(out);
      const nth = 3 + Math.floor(Math.random() * (total - done - 6));
      const run = await killAtTemp([...args, '--out', out, '--checkpoint-every', '1', ...(fresh ? [] : ['--resume'])], out, nth);
      history.push(`${run.ended ? `ended before temporary state.json no. ${nth} was seen` : `killed as temporary state.json no. ${nth} (as seen) appeared`}${run.landed ? ' (mid-write)' : ''}`);
      // A temporary file created and renamed away before fs.watch's event is handled is not seen,
      // so a run can end before the nth one is: that run is complete, so start over in a new folder.
      fresh = run.ended;
      if (run.ended) out = tmp();
      // A kill between a save's two renames leaves previous.json alone (the product resumes from it):
      // the damaged variant needs a state.json to cut short, so it goes on to another kill.
      if (run.landed && (!damage || existsSync(join(out, 'checkpoint', 'state.json')))) landed++;
    }
    const context = `${engine}: ${history.join(', ')}`;
    // The torn write's temporary file is there, and is no checkpoint.
    expect(temps(join(out, 'checkpoint')), context).toHaveLength(1);
    if (damage) truncateSync(join(out, 'checkpoint', 'state.json'), 100);

    const c = rxprop([...args, '--out', out, '--resume']);
    expect(await c.exit, `${context}: ${c.stderr()}`).toBe(0);
    const from = Number(/resuming from step (\d+)/.exec(c.stderr())?.[1]);
    expect(from, `${context}: ${c.stderr()}`).toBeGreaterThan(0);
    if (damage) expect(c.stderr(), context).toMatch(/warning: \S+state\.json is not valid JSON .*: resuming from the checkpoint before it, \S+previous\.json/);
    else expect(c.stderr(), context).not.toContain('warning');

    const costs = read(out, 'costs.csv');
    const [mine, theirs] = [parameters(out), parameters(whole)];
    const delta = Math.max(...mine.map((p, k) => Math.abs(p - theirs[k]!)));
    const lines = read(whole, 'metrics.jsonl').split('\n').length - 1;
    await annotate(`${context}; resumed from step ${from} of ${total}: ${total} steps in costs.csv and ${lines} metrics.jsonl lines equal, ${mine.length} parameters with max |Δ| ${delta}`);
    expect(delta, context).toBe(0);
    expect(costs.split('\n').slice(1, -1).map((row) => Number(row.split(',')[0])), context).toEqual(Array.from({ length: total }, (_, k) => k + 1));
    expect(costs, context).toBe(read(whole, 'costs.csv'));
    expect(withoutTimes(read(out, 'metrics.jsonl')), context).toBe(withoutTimes(read(whole, 'metrics.jsonl')));
    expect(read(out, 'model.json'), context).toBe(read(whole, 'model.json'));
    expect(readFileSync(join(out, 'cost.png')).equals(readFileSync(join(whole, 'cost.png'))), context).toBe(true);
    expect([...temps(out), ...temps(join(out, 'checkpoint'))], context).toEqual([]);

    // The early-stopped run's final checkpoint holds its stop: resumed again, it trains nothing.
    const again = await captureCli([...args, '--out', out, '--resume']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`resuming from step ${total}`);
    expect(read(out, 'costs.csv'), context).toBe(costs);
    expect(read(out, 'model.json'), context).toBe(read(whole, 'model.json'));
  });
});
