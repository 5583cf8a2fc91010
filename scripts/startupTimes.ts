// `npx tsx scripts/startupTimes.ts [runs]`: how fast the built CLI (dist/, `npm run build`)
// starts, in fresh processes of this Node: `rxprop --help`, and `rxprop run scenarios/seed-fit`
// until its first logged step reaches stdout (step 20 of seed-fit: an upper bound on the first
// training step). Prints the median and the range of `runs` runs (default 7), wall clock.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.argv[2] ?? 7);

/** Milliseconds from spawning `node dist/bin/rxprop.js …args` to its first stdout bytes (then it is killed) or its exit. */
function timeTo(args: string[], untilFirstOutput: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['dist/bin/rxprop.js', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] });
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      resolve(performance.now() - started);
    };
    child.stdout.once('data', () => {
      if (!untilFirstOutput) return;
      finish();
      child.kill();
    });
    child.stdout.resume();
    child.once('exit', finish);
    child.once('error', reject);
  });
}

async function measure(label: string, args: string[], untilFirstOutput: boolean): Promise<void> {
  const times: number[] = [];
  for (let k = 0; k < runs; k++) times.push(await timeTo(args, untilFirstOutput));
  times.sort((a, b) => a - b);
  const ms = (t: number): string => `${Math.round(t)} ms`;
  console.log(`${label}: median ${ms(times[times.length >> 1]!)} (${ms(times[0]!)}–${ms(times.at(-1)!)}, ${runs} runs)`);
}

const out = mkdtempSync(join(tmpdir(), 'rxprop-startup-'));
await measure('rxprop --version', ['--version'], false);
await measure('rxprop --help', ['--help'], false);
await measure('rxprop run scenarios/seed-fit, first logged step (step 20)', ['run', 'scenarios/seed-fit', '--json', '--out', out], true);
rmSync(out, { recursive: true, force: true });
