import { spawn } from 'node:child_process';
import { sleep, until } from '../helpers/until.js';
import { fromSources } from '../helpers/fromSources.js';

/** A training server in its own process ({@link startTrainingServer}). */
export interface TrainingServerProcess {
  /** The server's address, e.g. `http://127.0.0.1:40123/`. */
  readonly url: string;
  /** Everything it wrote to stderr so far. */
  readonly log: readonly string[];
  /** Ends its stdin (it closes cleanly), then kills it if it has not exited within 5 s. */
  stop(): Promise<void>;
}

/**
 * Starts `serveTraining.ts` (a seed-fit run served with `options`) in a child process, so its
 * memory, CPU time and /metrics latency are its own, apart from the test's clients. Each JSON line
 * it prints after its address goes to `onReport`.
 *
 * @example
 * const server = await startTrainingServer({ flushMs: 25 }, (r) => reports.push(r));
 */
export async function startTrainingServer<Report>(options: object, onReport: (report: Report) => void, pollMs = 50): Promise<TrainingServerProcess> {
  const child = spawn(process.execPath, [...fromSources, new URL('./serveTraining.ts', import.meta.url).pathname, JSON.stringify(options)]);
  const log: string[] = [];
  child.stderr.setEncoding('utf8').on('data', (d: string) => log.push(d));
  let url = '';
  let buffer = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    buffer += d;
    for (let k = buffer.indexOf('\n'); k >= 0; k = buffer.indexOf('\n')) {
      const line = JSON.parse(buffer.slice(0, k)) as Report & { url?: string };
      buffer = buffer.slice(k + 1);
      if (line.url) url = line.url;
      else onReport(line);
    }
  });
  await until(() => url !== '', 20_000, 'the server process to start', pollMs);
  return {
    url,
    log,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin.end();
      await Promise.race([exited, sleep(5000)]);
      child.kill();
    },
  };
}
