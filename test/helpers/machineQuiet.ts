import { readFileSync } from 'node:fs';
import { windowsUntilBelow } from './idleWithin.js';

/**
 * Waits until the whole machine is nearly idle: its busy time, over windows of `windowMs`, reads
 * below `busyBelow` cores, or `timeoutMs` passes; returns every window's reading. For tests that
 * take a throughput baseline: the suite's earlier files may leave processes that still run for a
 * while (a server shutting down, V8 finishing compiles, npm's children), and a baseline taken
 * beside them swung by 25% on a two-core host. Reads Linux's /proc/stat; elsewhere returns [] at once.
 *
 * @example
 * await machineQuiet(); // then start the server and measure
 */
export async function machineQuiet(timeoutMs = 20_000, busyBelow = 0.2, windowMs = 500): Promise<number[]> {
  if (!ticks()) return [];
  return windowsUntilBelow(() => {
    const before = ticks()!;
    return () => {
      const after = ticks()!;
      const total = after.total - before.total;
      return total > 0 ? ((after.busy - before.busy) / total) * after.cores : 0;
    };
  }, timeoutMs, busyBelow, windowMs);
}

/** All cores' time in clock ticks since boot, and how much of it was busy (not idle, not waiting on I/O). */
function ticks(): { total: number; busy: number; cores: number } | undefined {
  let stat: string;
  try {
    stat = readFileSync('/proc/stat', 'utf8');
  } catch {
    return undefined;
  }
  const lines = stat.split('\n');
  // "cpu  user nice system idle iowait irq softirq steal guest guest_nice": guest time is already in user.
  const fields = lines[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = fields[3]! + fields[4]!;
  return { total, busy: total - idle, cores: lines.filter((l) => /^cpu\d/.test(l)).length };
}
