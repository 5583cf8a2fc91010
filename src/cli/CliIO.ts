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
  /**
   * Aborted on Ctrl-C, SIGTERM or SIGHUP, or when stdout's reader goes away ('SIGPIPE'; the
   * signal's name as the reason): a run stops, still writes its files, and exits with
   * {@link interruptedExitCode}.
   */
  readonly signal?: AbortSignal;
}

/** Exit codes: 0 success, 1 the run failed, 2 the user asked for something invalid. */
export const exitCode = { ok: 0, failure: 1, usage: 2 } as const;

/** The shell's convention, 128 + the signal's number: an interrupted run must not look finished. */
const signalExitCodes: Readonly<Record<string, number>> = { SIGHUP: 129, SIGINT: 130, SIGPIPE: 141, SIGTERM: 143 };

/**
 * The exit code of a run stopped by `signal`: 130 for Ctrl-C (and an abort without a signal
 * name), 143 for SIGTERM, 129 for SIGHUP, 141 for SIGPIPE (stdout's reader went away).
 *
 * @example
 * controller.abort('SIGTERM');
 * interruptedExitCode(controller.signal); // 143
 */
export function interruptedExitCode(signal: AbortSignal | undefined): number {
  const reason: unknown = signal?.reason;
  return (typeof reason === 'string' ? signalExitCodes[reason] : undefined) ?? signalExitCodes['SIGINT']!;
}
