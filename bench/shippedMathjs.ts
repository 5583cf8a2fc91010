// `npm run bench` and `bench:mnist` load this with --import, after tsx: the benches run rxprop from
// its sources, but with mathjs loaded as the built package loads it (scripts/shippedMathjs.ts).
// Users of the package never hold mathjs's default instance; a bench that did would hold 27 MB
// more heap for every major GC to mark, and spend about 2.5 s of CPU building it.
import '../scripts/shippedMathjs.js';
import { mathjsLoad } from './mathjsLoad.js';

if (mathjsLoad() === 'entry') {
  process.stderr.write('bench: dist/mathjsFactories.js is missing or older than src/mathjsFactories.ts (npm run build makes it); loading mathjs from its entry\n');
}
