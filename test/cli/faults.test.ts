import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { lockName } from '../../src/cli/OutputFolder.js';
import { fromSources } from '../helpers/fromSources.js';

// The fault suite: the CLI's process entry (src/cli/main.ts, as bin.test.ts runs it) in a child process, stopped by signals at random points, killed
// with -9 while it writes, on a full disk (a file size limit: `ulimit -f`) and in a read-only
// folder. Each ends with complete files or none, no temporary files, and the documented exit code.
// Random points are printed in assertion messages, so a failure can be replayed.

const files = ['checkpoint', 'cost.png', 'costs.csv', 'metrics.jsonl', 'model.json', 'prediction.png', 'target.png', 'training.gif'];
const tmp = (): string => mkdtempSync(join(tmpdir(), 'rxprop-fault-'));

interface Child {
  readonly process: ChildProcess;
  /** Resolves with the exit code, or 128 + the signal's number when a signal killed it (as a shell reports it). */
  readonly exit: Promise<number>;
  /** Resolves once stdout has carried `n` lines. */
  lines(n: number): Promise<void>;
  stderr(): string;
}

/** `rxprop <args>` in a child process; `fileSizeKiB` runs it under `ulimit -f`, `uid` as another user. */
function rxprop(args: string[], options: { fileSizeKiB?: number; uid?: number } = {}): Child {
  const entry = [process.execPath, ...fromSources, 'src/cli/main.ts', ...args];
  const command = options.fileSizeKiB === undefined ? entry : ['bash', '-c', `ulimit -f ${options.fileSizeKiB}; exec "$0" "$@"`, ...entry];
  const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], ...(options.uid !== undefined ? { uid: options.uid, gid: options.uid } : {}) });
  let out = '';
  let err = '';
  const waiting: { n: number; resolve: () => void }[] = [];
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    const count = out.split('\n').length - 1;
    for (const w of waiting.filter((w) => count >= w.n)) w.resolve();
  });
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? 128 + constants.signals[signal!])));
  return {
    process: child,
    exit,
    lines: (n) => new Promise<void>((resolve, reject) => {
      if (out.split('\n').length - 1 >= n) return resolve();
      waiting.push({ n, resolve });
      void exit.then(() => reject(new Error(`exited before ${n} lines: ${err}`)));
    }),
    stderr: () => err,
  };
}

/** Every file of the run in `dir` is complete (or the folder holds none of them); no temporary or lock file is left. */
function expectCompleteOrNone(dir: string, context: string): 'complete' | 'none' {
  const names = existsSync(dir) ? readdirSync(dir) : [];
  expect(names.filter((n) => n.endsWith('.tmp') || n === lockName), context).toEqual([]);
  if (names.length === 0) return 'none';
  expect(names.sort(), context).toEqual(files);
  const rows = readFileSync(join(dir, 'costs.csv'), 'utf8').split('\n');
  expect(rows[0]).toBe('step,cost');
  expect(rows.at(-1), `${context}: costs.csv ends with a newline`).toBe('');
  rows.slice(1, -1).forEach((row, i) => {
    const [step, cost] = row.split(',').map(Number);
    expect(step, context).toBe(i + 1);
    expect(Number.isFinite(cost), context).toBe(true);
  });
  for (const line of readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n')) expect(() => JSON.parse(line) as unknown, context).not.toThrow();
  for (const png of ['cost.png', 'prediction.png', 'target.png']) expect(() => PNG.sync.read(readFileSync(join(dir, png))), `${context}: ${png}`).not.toThrow();
  const gif = readFileSync(join(dir, 'training.gif'));
  expect([gif.subarray(0, 6).toString('latin1'), gif.at(-1)], `${context}: training.gif`).toEqual(['GIF89a', 0x3b]);
  return 'complete';
}

const longRun = (out: string): string[] => ['run', 'scenarios/seed-animate', '--steps', '10000000', '--out', out];

describe.concurrent('fault suite: the rxprop process, stopped and broken', { timeout: 120_000 }, () => {
  it('SIGINT, SIGTERM and SIGHUP at random points: the files of every step so far (or none before training), exit 130, 143, 129', async () => {
    const signals = [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const;
    await Promise.all(
      signals.map(async ([signal, code]) => {
        const out = join(tmp(), 'run');
        const child = rxprop(longRun(out));
        // A random point: while the CLI loads (before its handlers exist), or after 1 to 300 logged steps.
        const lines = Math.random() < 0.25 ? 0 : 1 + Math.floor(Math.random() * 300);
        const context = `${signal} after ${lines} lines`;
        if (lines === 0) await new Promise((r) => setTimeout(r, Math.random() * 1500));
        else await child.lines(lines);
        child.process.kill(signal);
        expect(await child.exit, `${context}: ${child.stderr()}`).toBe(code);
        const state = expectCompleteOrNone(out, context);
        if (lines > 0) {
          expect(state, context).toBe('complete');
          expect(child.stderr(), context).toMatch(/interrupted after \d+ steps/);
        }
      }),
    );
  });

  it('kill -9 while the files are being written leaves each file complete or absent; the next run into the folder cleans up and succeeds', async () => {
    const out = join(tmp(), 'run');
    const child = rxprop(longRun(out));
    await child.lines(200 + Math.floor(Math.random() * 200));
    child.process.kill('SIGTERM'); // the run stops and starts writing its files…
    const delay = Math.random() * 150;
    await new Promise((r) => setTimeout(r, delay));
    child.process.kill('SIGKILL'); // …and is killed somewhere in the middle (or just after)
    const code = await child.exit;
    const context = `SIGKILL ${delay.toFixed(0)} ms after SIGTERM, exit ${code}`;
    expect([137, 143], context).toContain(code);
    for (const name of readdirSync(out).filter((n) => files.includes(n))) {
      if (name.endsWith('.csv') || name.endsWith('.jsonl')) expect(readFileSync(join(out, name), 'utf8').endsWith('\n'), `${context}: ${name}`).toBe(true);
      if (name.endsWith('.png')) expect(() => PNG.sync.read(readFileSync(join(out, name))), `${context}: ${name}`).not.toThrow();
      if (name.endsWith('.gif')) expect(readFileSync(join(out, name)).at(-1), `${context}: ${name}`).toBe(0x3b);
    }
    const again = rxprop(['run', 'scenarios/seed-animate', '--steps', '5', '--out', out]);
    expect(await again.exit, again.stderr()).toBe(0);
    expect(expectCompleteOrNone(out, `${context}, then a second run`)).toBe('complete');
  });

  it('a full disk (a 40 KiB file size limit) mid-run: exit 1, the reason, nothing written, no folder left', async () => {
    const root = tmp();
    const out = join(root, 'run');
    const child = rxprop(longRun(out), { fileSizeKiB: 40 });
    expect(await child.exit).toBe(1);
    expect(child.stderr()).toContain(`error: cannot write the run's files to ${out} (EFBIG`);
    expect(child.stderr()).toContain(`nothing was written to ${out}`);
    expect(readdirSync(root)).toEqual([]);
  });

  it('a full disk while the pictures are written: nothing renamed into place, no temporary file, exit 1', async () => {
    const out = tmp();
    // 30 steps fit (costs.csv and metrics.jsonl stay small); the animation of 30 frames does not.
    const child = rxprop(['run', 'scenarios/seed-animate', '--steps', '400', '--out', out], { fileSizeKiB: 40 });
    expect(await child.exit, child.stderr()).toBe(1);
    expect(child.stderr()).toContain('EFBIG');
    // The run's final checkpoint was saved before the pictures: kept, so --resume can finish the run.
    expect(readdirSync(out).filter((n) => n !== 'checkpoint')).toEqual([]);
  });

  it('a read-only output folder: exit 2 at once naming --out, nothing created', async () => {
    const root = tmp();
    const readOnly = join(root, 'read-only');
    mkdirSync(readOnly);
    chmodSync(root, 0o755);
    chmodSync(readOnly, 0o555);
    // root ignores permissions: run the bin as nobody then (files stay readable by everyone).
    const asRoot = process.getuid?.() === 0;
    if (asRoot) chownSync(readOnly, 0, 0);
    const uid = asRoot ? 65534 : undefined;
    for (const out of [readOnly, join(readOnly, 'sub')]) {
      const child = rxprop(['run', 'scenarios/seed-animate', '--steps', '3', '--out', out], uid === undefined ? {} : { uid });
      expect(await child.exit, child.stderr()).toBe(2);
      expect(child.stderr()).toMatch(new RegExp(`error: --out: cannot write in ${out} \\((EACCES|EROFS|EPERM)\\)`));
      expect(readdirSync(readOnly)).toEqual([]);
    }
  });
});
