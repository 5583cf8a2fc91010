import type { Context2D } from '../../src/sinks/Context2D.js';

/** One drawing call: its method name and arguments. */
export interface DrawCall {
  readonly method: string;
  readonly args: readonly unknown[];
}

/**
 * A Context2D that draws nothing and records every method call, for tests that ask where a
 * drawing function put a tick or a label (exact coordinates, no anti-aliasing to read through).
 *
 * @example
 * const { ctx, calls } = recordingContext();
 * drawFieldAxes(ctx, field, layout, 'Target');
 * calls.filter((c) => c.method === 'fillText');
 */
export function recordingContext(): { ctx: Context2D; calls: DrawCall[] } {
  const calls: DrawCall[] = [];
  const state: Record<string, unknown> = {};
  const ctx = new Proxy(state, {
    get: (target, key: string) =>
      key in target ? target[key] : key === 'measureText' ? (text: string) => ({ width: 6 * text.length }) : (...args: unknown[]) => void calls.push({ method: key, args }),
    set: (target, key: string, value: unknown) => ((target[key] = value), true),
  }) as unknown as Context2D;
  return { ctx, calls };
}
