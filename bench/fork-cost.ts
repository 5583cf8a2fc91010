// What starting a child process costs the process that starts it: the seed net's engine-only
// step (a fresh sampled batch each step, as the bench's row) in four quarters of 4000 steps right
// after (a) spawning python from this process, (b) the same python spawned by a helper process
// (bench/execFromHelper.ts), (c) sleeping, with the minor page faults this process took meanwhile.
// fork write-protects the parent's pages, so each page it writes next faults once; where faults
// are dear (this host: ~15 µs) that is a slow second for whatever runs next.
// Usage: npx tsx bench/fork-cost.ts [--rounds 4]
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { benchConfigs } from './benchConfigs.js';
import { execFromHelper, startExecHelper } from './execFromHelper.js';
import { rxpropRunners } from './rxpropRunners.js';
import type { Runner } from './Runner.js';

const opts = new Command().option('--rounds <n>', 'rounds of the three', '4').parse().opts<{ rounds: string }>();
const execHere = promisify(execFile);
const python = ['-c', 'import numpy, time; time.sleep(0.3)'];
startExecHelper();
const config = benchConfigs.find((c) => c.id === 'seed')!;
const [engineOnly] = (await rxpropRunners(config, 'wasm-single')) as Runner[];
await engineOnly!.measure(20000);
const before: Record<string, () => Promise<unknown>> = {
  'spawned here': () => execHere('python3', python),
  'by the helper': () => execFromHelper('python3', python),
  'slept 0.4 s': () => new Promise((resolve) => setTimeout(resolve, 400)),
};
for (let round = 0; round < Number(opts.rounds); round++) {
  for (const [label, wait] of Object.entries(before)) {
    await wait();
    const faults = process.resourceUsage().minorPageFault;
    const quarters: string[] = [];
    for (let q = 0; q < 4; q++) quarters.push((await engineOnly!.measure(4000)).toFixed(1));
    console.log(`${label.padEnd(14)} then µs/step by quarter: ${quarters.join(' ')}   minor page faults meanwhile: ${process.resourceUsage().minorPageFault - faults}`);
  }
}
process.exit(0);
