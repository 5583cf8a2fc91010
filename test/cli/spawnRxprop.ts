import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { fromSources } from '../helpers/fromSources.js';

/** The real bin in a child process, as a user's shell runs it. */
export interface Child {
  readonly pid: number;
  /** The exit code (128 + the signal's number when killed by one). */
  readonly exit: Promise<number>;
  readonly stderr: () => string;
  /** Resolves once stdout has carried `n` lines (or the child ended). */
  lines(n: number): Promise<void>;
  kill(signal: NodeJS.Signals): void;
}

/**
 * Spawns `rxprop <args>` (the TypeScript sources through tsx) from the repository root.
 *
 * @example
 * const child = rxprop(['run', 'scenarios/seed-fit', '--steps', '10']);
 * expect(await child.exit).toBe(0);
 */
export function rxprop(args: string[]): Child {
  const child = spawn(process.execPath, [...fromSources, 'src/cli/main.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = 0;
  let err = '';
  const waiting: { n: number; resolve: () => void }[] = [];
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString().split('\n').length - 1;
    for (const w of waiting.filter((w) => out >= w.n)) w.resolve();
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? 128 + constants.signals[signal!])));
  return {
    pid: child.pid!,
    exit,
    stderr: () => err,
    lines: (n) =>
      new Promise<void>((resolve) => {
        if (out >= n) return resolve();
        waiting.push({ n, resolve });
        void exit.then(() => resolve());
      }),
    kill: (signal) => child.kill(signal),
  };
}
