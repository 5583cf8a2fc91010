// Part of `npm run build:lib`, after tsc: replaces dist/mathjsFactories.js (a re-export of the
// mathjs factories rxprop uses) with a bundle of exactly those factories, so that loading rxprop
// does not load all of mathjs (whose entry builds its ~600-function default instance on import:
// ~0.9 s of CPU against ~20 ms for the bundle). mathjs stays a dependency: its types are rxprop's.
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { mathjsFactoriesBundle, mathjsFactoriesSource } from './mathjsBundle.js';

const root = fileURLToPath(new URL('..', import.meta.url));
await build({
  configFile: false,
  root,
  logLevel: 'warn',
  build: {
    // Where tests and benches look for it (scripts/mathjsBundle.ts).
    lib: { entry: fileURLToPath(mathjsFactoriesSource), formats: ['es'], fileName: () => basename(fileURLToPath(mathjsFactoriesBundle)) },
    outDir: dirname(fileURLToPath(mathjsFactoriesBundle)),
    emptyOutDir: false,
    copyPublicDir: false,
    minify: false,
    target: 'es2022',
  },
});
