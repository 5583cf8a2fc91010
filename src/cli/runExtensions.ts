import type { Command } from 'commander';
import type { ScenarioRun } from '../scenario/startScenario.js';
import { serveExtension } from './serveExtension.js';
import type { CliIO } from './CliIO.js';

/**
 * A plug-in for `rxprop run`: adds options and watches the run (e.g. `--serve` starts a
 * dashboard server on the run's streams). Keeps the run command closed to edits: a new feature
 * is one object in {@link runExtensions}.
 *
 * @example
 * const logEvery100: RunExtension = {
 *   options: (cmd) => cmd.option('--every-100', 'print every 100th step'),
 *   attach: (run, opts, io) => { const s = run.steps$.subscribe((x) => { if (opts['every100'] && x.step % 100 === 0) io.stderr.write(`${x.step}\n`); }); return async () => s.unsubscribe(); },
 * };
 */
export interface RunExtension {
  /** Declares the extension's options on the `run` command. */
  options(command: Command): void;
  /**
   * Called with the parsed options once the run is built and before it starts, so it can
   * subscribe to `run.steps$` / `run.snapshots$`. May return a function awaited after the run
   * ended and its files were written (e.g. keep serving until Ctrl-C, then close).
   */
  attach(run: ScenarioRun, options: Readonly<Record<string, unknown>>, io: CliIO): void | (() => Promise<void>) | Promise<void | (() => Promise<void>)>;
}

/** The extensions `rxprop run` loads: `--serve` (the live dashboard and metrics server). */
export const runExtensions: RunExtension[] = [serveExtension];
