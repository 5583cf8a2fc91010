// Where a process run from the sources can load rxprop's mathjs factories as the package ships them.
// src/mathjsFactories.ts re-exports them from mathjs's entry, whose import builds the ~600-function
// default instance: about 2.5 s of CPU and 27 MB of heap in a tsx process (44.5 against 18.1 MB
// after importing src/index.ts; out of reach for the built package, which loads the bundle that
// scripts/bundleMathjs.ts makes of just those factories). The tests (vitest.config.ts) and the
// benches and the tests' child processes (scripts/shippedMathjs.ts) use the bundle when it is at
// least as new as the source.
import { statSync } from 'node:fs';

/** The module whose imports the bundle replaces. */
export const mathjsFactoriesSource = new URL('../src/mathjsFactories.ts', import.meta.url);

/** The global flag scripts/shippedMathjs.ts sets when it redirected the factories before the process's modules loaded. */
export const mathjsBundled = Symbol.for('rxprop.mathjsBundled');

/** The bundle `npm run build` makes of it (and `npm ci` runs the build). */
export const mathjsFactoriesBundle = new URL('../dist/mathjsFactories.js', import.meta.url);

/**
 * The bundle, or undefined when it is missing or older than the source: then the caller keeps
 * mathjs's entry, so an edit of the factory list is never hidden by a stale bundle.
 *
 * @example
 * const bundle = freshMathjsBundle(); // URL of dist/mathjsFactories.js, or undefined
 */
export function freshMathjsBundle(bundle = mathjsFactoriesBundle, source = mathjsFactoriesSource): URL | undefined {
  const built = statSync(bundle, { throwIfNoEntry: false })?.mtimeMs;
  const edited = statSync(source, { throwIfNoEntry: false })?.mtimeMs;
  return built !== undefined && edited !== undefined && built >= edited ? bundle : undefined;
}
