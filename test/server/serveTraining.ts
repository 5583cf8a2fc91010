// A separate server process for the load test: trains the seed's example and serves it, so the
// test measures the server's own memory and /metrics latency apart from its 100 clients.
// Prints {"url"} once, then {"heapUsed","rss","step","time","cpu"} every `reportMs` (default 200) ms,
// time in ms on this process's clock, cpu the process's CPU time in ms; closes cleanly when stdin ends.
import { serve, type ServeOptions } from '../../src/server/serve.js';
import { liveTraining } from './liveTraining.js';

const options = JSON.parse(process.argv[2] ?? '{}') as ServeOptions & { snapshotEveryMs?: number; reportMs?: number };
const { run, served } = await liveTraining(100_000_000, options.snapshotEveryMs);
const server = await serve(served, { ...options, log: (line) => process.stderr.write(`${line}\n`) });
let step = 0;
run.steps$.subscribe((s) => (step = s.step));
run.connect();
const print = (data: object): void => void process.stdout.write(`${JSON.stringify(data)}\n`);
print({ url: server.url });
const timer = setInterval(() => {
  const { heapUsed, rss } = process.memoryUsage();
  const { user, system } = process.cpuUsage();
  print({ heapUsed, rss, step, time: performance.now(), cpu: (user + system) / 1000 });
}, options.reportMs ?? 200);
process.stdin.resume();
process.stdin.on('end', () => {
  clearInterval(timer);
  run.connect().unsubscribe();
  void server.close().then(() => process.exit(0));
});
