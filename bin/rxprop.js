#!/usr/bin/env node
// rxprop ships TypeScript sources; Node 20 cannot run them natively (type stripping arrived in
// Node 22.6), so the bin registers tsx's ESM loader in-process and imports the CLI entry.
// One process, no build step, and the stack the tests run is the stack users run.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
