import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * Builds the dashboard into `dist/web` (served by `serve`); `npm run build:web`, run by
 * `npm ci` through `prepare`. Relative asset URLs, so the dashboard works under any path prefix.
 *
 * @example
 * // npx vite build --config src/web/vite.config.ts
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  build: { outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)), emptyOutDir: true },
});
