/**
 * True under Node (worker_threads, fs, v8 flags), false in browsers.
 *
 * @example
 * if (isNode) await nodeModule<typeof import('node:os')>('node:os');
 */
export const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

/**
 * Imports a Node built-in by a name bundlers do not resolve, so browser bundles of the engine do
 * not try to include it (the call only happens under Node).
 *
 * @example
 * const v8 = await nodeModule<typeof import('node:v8')>('node:v8');
 */
export function nodeModule<M>(name: string): Promise<M> {
  return import(/* @vite-ignore */ name) as Promise<M>;
}
