import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { EpochResult, MnistRunner } from './MnistRecipe.js';

/**
 * The numpy reference: `shared/reference/mnist_numpy.py` in the nearest folder above the
 * repository that has one (next to the repository, or next to the folder of its worktrees).
 */
export const defaultMnistNumpyScript = ['../../', '../../../'].map((up) => fileURLToPath(new URL(`${up}shared/reference/mnist_numpy.py`, import.meta.url))).find(existsSync) ?? fileURLToPath(new URL('../../shared/reference/mnist_numpy.py', import.meta.url));

/**
 * The numpy reference as a runner: one python3 process running the script on the installed
 * `mnist` package's digits, its JSON line per epoch passed on as it arrives. Skipped (with the
 * reason) when the script, python3 or numpy is missing.
 *
 * @example
 * const numpy = mnistNumpy(defaultMnistNumpyScript);
 */
export function mnistNumpy(script: string): MnistRunner {
  return {
    label: 'numpy (reference)',
    async run(recipe, onEpoch) {
      if (!existsSync(script)) return { skipped: `${script} not found` };
      const digits = join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits');
      const args = [script, '--digits', digits, '--sizes', recipe.sizes.join(','), '--epochs', String(recipe.epochs), '--batch', String(recipe.batch), '--lr', String(recipe.lr), '--seed', String(recipe.seed)];
      const version = await python(['-c', 'import numpy; print(numpy.__version__)']).catch((e: Error) => e);
      if (version instanceof Error) return { skipped: `python3 with numpy is not available (${version.message})` };
      await new Promise<void>((resolve, reject) => {
        const child = spawn('python3', args, { stdio: ['ignore', 'pipe', 'pipe'] });
        let errors = '';
        child.stderr.on('data', (d: Buffer) => (errors += d.toString()));
        // The child's processor time at each epoch line (Linux /proc): epochs after the first are
        // differences; the first epoch (whose reading also holds loading the JSON files) is
        // counted as the mean of the others.
        const readings: number[] = [];
        createInterface({ input: child.stdout }).on('line', (line) => {
          const result = JSON.parse(line) as EpochResult;
          const cpu = child.pid === undefined ? undefined : processCpu(child.pid);
          if (cpu !== undefined) readings.push(cpu);
          const k = readings.length;
          const perEpoch = k >= 2 && cpu !== undefined ? (readings[k - 1]! - readings[0]!) / (k - 1) : undefined;
          onEpoch(perEpoch === undefined ? result : { ...result, cpuSeconds: perEpoch * k });
        });
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`mnist_numpy.py exited with ${code}: ${errors.trim().split('\n').at(-1)}`))));
      });
      return { detail: `f64, numpy ${version.trim()}` };
    },
  };
}

/** User and system time of a process in seconds, from /proc/<pid>/stat; undefined off Linux. */
function processCpu(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command name.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

function python(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`python3 exited with ${code}`))));
  });
}
