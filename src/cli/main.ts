#!/usr/bin/env node
import { runCli } from './runCli.js';

// The process entry of `rxprop` (package.json's bin is its bundled build, dist/bin/rxprop.js):
// real streams. Ctrl-C, SIGTERM and SIGHUP stop a run gracefully (its files are still written;
// exit 130, 143, 129); the same signal again exits at once.
const controller = new AbortController();
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
  process.once(signal, () => {
    controller.abort(signal);
    process.once(signal, () => process.exit(code));
  });
}
// A reader that went away (`rxprop run … --json | head`) closes the pipe: the next write fails
// with EPIPE, which unhandled is a crash with a stack trace and no files. Like a SIGPIPE, it stops
// the run gracefully instead (its files are still written; exit 141); nothing more reaches the pipe.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => controller.abort('SIGPIPE'));
process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), signal: controller.signal });
