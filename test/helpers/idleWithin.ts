import { sleep } from './until.js';

/**
 * Measures this process's CPU use in consecutive windows of `windowMs` until one reads below
 * `busyBelow` (the fraction of one core) or `timeoutMs` passes; returns every window's reading.
 * A test asks "does the process go idle?", not "is it idle in this exact window": right after
 * work stops, V8 may still finish jobs the work started (concurrent marking, sweeping, compiles),
 * and how long that takes depends on the machine's cores and load.
 *
 * @example
 * const readings = await idleWithin(3000);
 * expect(Math.min(...readings)).toBeLessThan(0.1);
 */
export async function idleWithin(timeoutMs: number, busyBelow = 0.1, windowMs = 200): Promise<number[]> {
  const readings: number[] = [];
  const end = performance.now() + timeoutMs;
  while (performance.now() < end) {
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    await sleep(windowMs);
    const used = process.cpuUsage(cpu);
    readings.push((used.user + used.system) / 1000 / (performance.now() - t0));
    if (readings.at(-1)! < busyBelow) break;
  }
  return readings;
}
