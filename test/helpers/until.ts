/**
 * Waits `ms` milliseconds.
 *
 * @example
 * await sleep(50);
 */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Resolves once `check()` holds (it may be async), polling every `everyMs`; rejects naming `what`
 * after `timeoutMs`. Tests wait on conditions with it, not on fixed sleeps.
 *
 * @example
 * await until(() => server.clients === 2, 2000, 'both clients');
 */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string, everyMs = 10): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}
