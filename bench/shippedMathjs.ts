// `npm run bench` and `bench:mnist` load this with --import, after tsx: the benches run rxprop from
// its sources, but with mathjs loaded as the built package loads it (scripts/mathjsBundle.ts).
// Users of the package never hold mathjs's default instance; a bench that does pays for its
// 27 MB of heap in every major GC, which V8 runs each time the batches' buffers pass its
// external-memory limit, in whichever runner yields to the event loop.
// It must run before the bench's modules are resolved, hence --import and not an import.
import { register } from 'node:module';
import { freshMathjsBundle, mathjsFactoriesSource } from '../scripts/mathjsBundle.js';
import { mathjsBundled } from './mathjsLoad.js';

const bundle = freshMathjsBundle();
if (bundle) {
  register('./shippedMathjsHook.mjs', import.meta.url, { data: { from: mathjsFactoriesSource.href, to: bundle.href } });
  (globalThis as Record<symbol, unknown>)[mathjsBundled] = true;
} else {
  process.stderr.write('bench: dist/mathjsFactories.js is missing or older than src/mathjsFactories.ts (npm run build makes it); loading mathjs from its entry\n');
}
