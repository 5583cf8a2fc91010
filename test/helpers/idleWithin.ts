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
export function idleWithin(timeoutMs: number, busyBelow = 0.1, windowMs = 200): Promise<number[]> {
  return windowsUntilBelow(() => {
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    return () => {
      const used = process.cpuUsage(cpu);
      return (used.user + used.system) / 1000 / (performance.now() - t0);
    };
  }, timeoutMs, busyBelow, windowMs);
}

/**
 * Reads a busy measure over consecutive windows of `windowMs` until one reads below `busyBelow`
 * or `timeoutMs` passes; returns every window's reading. `start()` begins a window and returns
 * the function that reads it (in cores busy on average since the start).
 *
 * @example
 * const readings = await windowsUntilBelow(() => { const t = process.cpuUsage(); return () => busySince(t); }, 3000, 0.1, 200);
 */
export async function windowsUntilBelow(start: () => () => number, timeoutMs: number, busyBelow: number, windowMs: number): Promise<number[]> {
  const readings: number[] = [];
  const end = performance.now() + timeoutMs;
  while (performance.now() < end) {
    const read = start();
    await sleep(windowMs);
    readings.push(read());
    if (readings.at(-1)! < busyBelow) break;
  }
  return readings;
}
