import { runCli } from '../../src/cli/runCli.js';
import type { RunExtension } from '../../src/cli/runExtensions.js';

/** The result of running the CLI in-process with captured output. */
export interface Captured {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `rxprop <argv>` in-process from the repository root, capturing stdout and stderr.
 *
 * @example
 * const { code, stderr } = await captureCli(['validate', 'scenarios/seed-fit']);
 */
export async function captureCli(argv: string[], options: { tty?: boolean; signal?: AbortSignal; extensions?: RunExtension[] } = {}): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    argv,
    {
      stdout: { write: (t: string) => (stdout += t), isTTY: options.tty ?? false, columns: 100 },
      stderr: { write: (t: string) => (stderr += t) },
      cwd: process.cwd(),
      ...(options.signal ? { signal: options.signal } : {}),
    },
    options.extensions,
  );
  return { code, stdout, stderr };
}
