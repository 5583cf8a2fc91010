import type { TrainingRun } from '../operators/trainingRun.js';

/**
 * Connects a training run and waits for its end: resolves when its steps complete, rejects with
 * its error (e.g. a DivergenceError). Aborting `signal` stops training within one step and
 * resolves with `interrupted: true`, so what was done can still be written.
 *
 * @example
 * const { interrupted } = await runToEnd(run, controller.signal);
 */
export function runToEnd(run: TrainingRun, signal?: AbortSignal): Promise<{ interrupted: boolean }> {
  return new Promise((resolve, reject) => {
    let interrupted = false;
    const onAbort = (): void => {
      interrupted = true;
      connection.unsubscribe();
    };
    run.steps$.subscribe({
      error: (e: unknown) => {
        signal?.removeEventListener('abort', onAbort);
        reject(e);
      },
      complete: () => {
        signal?.removeEventListener('abort', onAbort);
        resolve({ interrupted });
      },
    });
    const connection = run.connect();
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}
