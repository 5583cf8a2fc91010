// `npm run bench` and `bench:mnist` load this with --import, after tsx: the benches run rxprop from
// its sources, but with mathjs loaded as the built package loads it (scripts/mathjsBundle.ts).
// Users of the package never hold mathjs's default instance; a bench that did would hold 27 MB
// more heap for every major GC to mark, and spend about 2.5 s of CPU building it.
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
