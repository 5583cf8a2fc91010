// Another process watching a live run: prints its cost as it trains, then how it ended.
//
//   terminal 1:  npx rxprop run scenarios/seed-fit --steps 200000 --serve 8080
//   terminal 2:  npx tsx examples/printCost.ts http://127.0.0.1:8080/
//
// Prints at most one line per `everyMs` (default 500 ms), however fast the run trains.
import { auditTime } from 'rxjs';
import { connect } from '../src/client/connect.js';

const url = process.argv[2] ?? 'http://127.0.0.1:8080/';
const everyMs = Number(process.argv[3] ?? 500);
const run = connect(url);

run.steps$.pipe(auditTime(everyMs)).subscribe(({ step, cost }) => console.log(`step ${step}  cost ${cost.toPrecision(4)}`));
run.status$.subscribe({
  next: (status) => console.log(`status ${status.state}${status.error ? `: ${status.error}` : ''}`),
  error: (error: unknown) => {
    console.error(`lost the run at ${url}: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
});
