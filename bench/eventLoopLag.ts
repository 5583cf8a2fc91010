/** Lag statistics in milliseconds. */
export interface LagStats {
  readonly max: number;
  readonly p99: number;
}

/**
 * Measures how late `setTimeout(0)` callbacks fire while `work` runs: a chain of timers, each
 * recording (fired − set − 1 ms), Node's minimum timeout being 1 ms.
 *
 * Two clocks: `wall` is what a user sees, and includes the time the OS gives the CPU to other
 * processes; `cpu` counts only this process's CPU time (`process.cpuUsage`) between setting and
 * firing, at most the wall lag, i.e. how long our own work held the timer back, whatever else the
 * machine is doing.
 *
 * @example
 * const { wall, cpu } = await eventLoopLag(() => lastValueFrom(training$));
 */
export async function eventLoopLag(work: () => Promise<unknown>): Promise<{ wall: LagStats; cpu: LagStats; samples: number }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  let running = true;
  const cpuMs = (): number => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  const tick = (): void => {
    const [setWall, setCpu] = [performance.now(), cpuMs()];
    setTimeout(() => {
      const wallLag = Math.max(0, performance.now() - setWall - 1);
      wall.push(wallLag);
      // Process CPU time also counts V8's helper threads (parallel GC, compilation), which can run
      // beside the main thread: our own work cannot have held the timer back longer than it waited.
      cpu.push(Math.min(wallLag, Math.max(0, cpuMs() - setCpu - 1)));
      if (running) tick();
    }, 0);
  };
  tick();
  try {
    await work();
  } finally {
    running = false;
  }
  return { wall: stats(wall), cpu: stats(cpu), samples: wall.length };
}

function stats(lags: number[]): LagStats {
  const sorted = [...lags].sort((a, b) => a - b);
  return { max: sorted.at(-1) ?? 0, p99: sorted[Math.floor(0.99 * (sorted.length - 1))] ?? 0 };
}
