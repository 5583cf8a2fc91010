// Processes that run rxprop from its sources load this with --import, after tsx: the benches
// (bench/shippedMathjs.ts) and the tests' child processes (test/helpers/fromSources.ts). While the
// package's bundle of rxprop's mathjs factories is fresh (scripts/mathjsBundle.ts), it resolves
// src/mathjsFactories.ts to that bundle, so the process loads mathjs as the built package does,
// not mathjs's entry with its ~600-function default instance: about 2.5 s of CPU less per
// process, and 27 MB less heap for every major GC to mark. It must run before the process's own
// modules are resolved, hence --import and not an import.
import { register } from 'node:module';
import { freshMathjsBundle, mathjsBundled, mathjsFactoriesSource } from './mathjsBundle.js';

const bundle = freshMathjsBundle();
if (bundle) {
  register('./shippedMathjsHook.mjs', import.meta.url, { data: { from: mathjsFactoriesSource.href, to: bundle.href } });
  (globalThis as Record<symbol, unknown>)[mathjsBundled] = true;
}
