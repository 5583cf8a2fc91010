#!/usr/bin/env node
import { runCli } from './runCli.js';

// The process entry of `rxprop` (package.json's bin is its bundled build, dist/bin/rxprop.js): real streams, Ctrl-C
// stops a run gracefully (its files are still written), a second Ctrl-C exits at once.
const controller = new AbortController();
process.once('SIGINT', () => {
  controller.abort();
  process.once('SIGINT', () => process.exit(130));
});
process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), signal: controller.signal });
