import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CliIO } from './CliIO.js';
import type { RunExtension } from './runExtensions.js';
import { InputError } from '../errors/InputError.js';
import type { ScenarioRun } from '../scenario/startScenario.js';
import { servedScenario } from './servedScenario.js';

/** The port `--serve` uses when given without one. */
export const defaultServePort = 8080;

/**
 * `rxprop run … --serve [port]`: serves the run while it trains (dashboard, `/api/run`,
 * `/events`, `/ws`, `/metrics`) on `--host` (default 127.0.0.1); `--keep-serving` keeps the
 * server up after the run, until Ctrl-C; `--token` (or `RXPROP_TOKEN`) lets clients stop the run;
 * `--allow-origin` lets pages of other origins connect (by default only the dashboard's own page
 * and non-browser clients may). The URL goes to stderr, so `--json` output on stdout stays clean.
 *
 * @example
 * // rxprop run scenarios/seed-fit --steps 200000 --serve 8080 --keep-serving
 * const code = await runCli(argv, io, [serveExtension]);
 */
export const serveExtension: RunExtension = {
  options(command: Command) {
    command
      .option('--serve [port]', `serve a live dashboard and metrics while training (port default ${defaultServePort}; 0 picks a free one)`, port)
      .option('--host <host>', 'interface for --serve (default 127.0.0.1, this machine only; 0.0.0.0 exposes it)')
      .option('--keep-serving', 'with --serve: keep serving after the run ends, until Ctrl-C')
      .option('--allow-origin <origin...>', 'with --serve: web pages of these origins (e.g. http://localhost:3000, or * for any) may connect too')
      .addOption(new Option('--token <token>', 'with --serve: clients that send this token may pause, resume, set the learning rate and stop the run').env('RXPROP_TOKEN'));
  },

  async attach(run: ScenarioRun, options: Readonly<Record<string, unknown>>, io: CliIO) {
    const { serve: port, host, keepServing, token, allowOrigin, quiet } = options as { serve?: number | true; host?: string; keepServing?: boolean; token?: string; allowOrigin?: string[]; quiet?: boolean };
    if (port === undefined) {
      const stray = host !== undefined ? '--host' : keepServing ? '--keep-serving' : allowOrigin !== undefined ? '--allow-origin' : undefined;
      if (stray) throw new InputError(stray, 'only works with --serve', 'add --serve [port]');
      return;
    }
    const say = (line: string): void => void (quiet ? undefined : io.stderr.write(`${line}\n`));
    // Loaded only when asked for: runs without --serve start without the HTTP stack.
    const { serve } = await import('../server/serve.js');
    // serve names its options (allowOrigin, port); the user typed flags (--allow-origin, --serve).
    const flag = (field: string): string => (field === 'port' ? '--serve' : `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
    const server = await serve(
      servedScenario(run),
      {
        port: port === true ? defaultServePort : port,
        ...(host !== undefined ? { host } : {}),
        ...(token !== undefined ? { token } : {}),
        ...(allowOrigin !== undefined ? { allowOrigin } : {}),
        log: (line) => say(`serve: ${line}`),
      },
    ).catch((error: unknown) => {
      throw error instanceof InputError ? new InputError(flag(error.field), error.problem, error.hint) : error;
    });
    say(`dashboard: ${server.url}  (metrics: ${server.url}metrics)`);

    let finishing: Promise<void> | undefined;
    const finish = (): Promise<void> =>
      (finishing ??= (async () => {
        if (keepServing && io.signal && !io.signal.aborted) {
          say(`still serving ${server.url} — Ctrl-C to stop`);
          await new Promise((resolve) => io.signal!.addEventListener('abort', resolve, { once: true }));
        }
        await server.close();
      })());
    // A failed run skips the command's finishers: close (or keep serving) on the error too.
    run.steps$.subscribe({ error: () => void finish() });
    return finish;
  },
};

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535.');
  return n;
}
