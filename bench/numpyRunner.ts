import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchConfig } from './benchConfigs.js';
import type { Runner, SkippedRunner } from './Runner.js';
import { execFromHelper } from './execFromHelper.js';

/** Where the numpy reference lives: `../shared/reference/` next to the repository (as in CI). */
export const defaultNumpyScript = fileURLToPath(new URL('../../shared/reference/seed_numpy.py', import.meta.url));

/**
 * The numpy oracle's Adam (`train_numpy.py time --opt adam`, beside `seed_numpy.py`): same network,
 * batches and initialisation as the seed's timing, Adam's update instead of SGD's.
 *
 * @example
 * const numpyAdam = await numpyAdamRunner(config, defaultNumpyScript.replace('seed_numpy', 'train_numpy'));
 */
export async function numpyAdamRunner(config: BenchConfig, script: string): Promise<Runner | SkippedRunner> {
  const label = 'numpy f64 adam (oracle)';
  if (!existsSync(script)) return { label, kind: 'numpy', skipped: `${script} not found` };
  const args = (steps: number): string[] => [
    script, 'time', '--sizes', config.layers.join(','), '--batch', String(config.batch), '--acts', config.layers.slice(1).map(() => config.activation).join(','),
    '--opt', 'adam', '--lr', String(config.eta), '--steps', String(steps), '--init', '0.1',
  ];
  try {
    await execFromHelper('python3', args(2));
  } catch (error) {
    return { label, kind: 'numpy', skipped: `python3 with numpy is not available (${(error as Error).message.split('\n')[0]})` };
  }
  return {
    label,
    kind: 'numpy',
    engine: 'numpy+adam',
    detail: 'train_numpy.py',
    async measure(steps) {
      const { stdout: line } = await execFromHelper('python3', args(steps));
      const us = /us_per_step=([\d.]+)/.exec(line)?.[1];
      if (us === undefined) throw new Error(`unexpected output from train_numpy.py: ${line}`);
      return Number(us);
    },
    dispose() {},
  };
}

/**
 * The numpy reference (`seed_numpy.py time`) as a runner: each measurement is one python process
 * timing `steps` steps after its own warm-up, sampling included (as in the seed).
 *
 * @example
 * const numpy = await numpyRunner(config, defaultNumpyScript);
 */
export async function numpyRunner(config: BenchConfig, script: string): Promise<Runner | SkippedRunner> {
  const label = 'numpy f64 (seed code)';
  if (!existsSync(script)) return { label, kind: 'numpy', skipped: `${script} not found` };
  const args = (steps: number): string[] => [
    script, 'time', '--sizes', config.layers.join(','), '--batch', String(config.batch), '--act', config.activation,
    '--eta', String(config.eta), '--steps', String(steps), '--init', '0.1',
  ];
  try {
    await execFromHelper('python3', args(2));
  } catch (error) {
    return { label, kind: 'numpy', skipped: `python3 with numpy is not available (${(error as Error).message.split('\n')[0]})` };
  }
  const { stdout } = await execFromHelper('python3', ['-c', 'import numpy; print(numpy.__version__)']);
  return {
    label,
    kind: 'numpy',
    detail: `numpy ${stdout.trim()}`,
    async measure(steps) {
      const { stdout: line } = await execFromHelper('python3', args(steps));
      const us = /us_per_step=([\d.]+)/.exec(line)?.[1];
      if (us === undefined) throw new Error(`unexpected output from seed_numpy.py: ${line}`);
      return Number(us);
    },
    dispose() {},
  };
}
