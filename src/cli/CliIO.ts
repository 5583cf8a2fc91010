/** Where the CLI writes: a stream that may be a terminal. */
export interface OutputStream {
  write(text: string): unknown;
  /** True on a terminal: progress bar and chart instead of JSON lines. */
  readonly isTTY?: boolean;
  /** Terminal width, when known. */
  readonly columns?: number;
}

/**
 * Everything the CLI touches outside itself, passed in so tests run it in-process.
 *
 * @example
 * const code = await runCli(['validate', 'scenarios/seed-fit'], { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() });
 */
export interface CliIO {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Relative scenario and output paths resolve against this. */
  readonly cwd: string;
  /** Aborted on Ctrl-C: a run stops and still writes its files. */
  readonly signal?: AbortSignal;
}

/** Exit codes: 0 success, 1 the run failed, 2 the user asked for something invalid. */
export const exitCode = { ok: 0, failure: 1, usage: 2 } as const;
