/**
 * Measures how late `setTimeout(0)` callbacks fire while `work` runs: a chain of timers, each
 * recording (fired − set − 1 ms), Node's minimum timeout being 1 ms.
 *
 * @example
 * const lag = await eventLoopLag(() => lastValueFrom(training$)); // { max, p99, samples }
 */
export async function eventLoopLag(work: () => Promise<unknown>): Promise<{ max: number; p99: number; samples: number }> {
  const lags: number[] = [];
  let running = true;
  const tick = (): void => {
    const set = performance.now();
    setTimeout(() => {
      lags.push(Math.max(0, performance.now() - set - 1));
      if (running) tick();
    }, 0);
  };
  tick();
  try {
    await work();
  } finally {
    running = false;
  }
  const sorted = [...lags].sort((a, b) => a - b);
  return { max: sorted.at(-1) ?? 0, p99: sorted[Math.floor(0.99 * (sorted.length - 1))] ?? 0, samples: sorted.length };
}
