// Part of `npm run build:lib`, after tsc: bundles the command line (dist/cli/main.js and all it
// imports, dependencies included) into dist/bin/rxprop.js, the package's bin. Why: Node loads
// rxjs, zod and yaml as hundreds of files, which is most of the CLI's start-up (`--help` took
// ~0.3 s of CPU from the unbundled modules, ~0.13 s bundled). The bundle and its chunks sit in
// dist/bin, beside dist/cli, so the paths that modules resolve from `import.meta.url` two levels
// up (../../package.json, ../../dist/web/) still hold; the kernels' URLs, three levels up from
// dist/engine/wasm, are rewritten to two (and counted, so a change there fails the build).
// The server's packages load only with --serve (a separate chunk) and @napi-rs/canvas is native:
// those stay external. The library's entries (rxprop, rxprop/node) are not bundled.
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'vite';

const kernelUrls: Plugin = {
  name: 'rxprop-kernel-urls',
  renderChunk(code, chunk) {
    const from = 'new URL("../../../build/wasm/';
    const count = code.split(from).length - 1;
    if (count === 0) return null;
    if (count !== 4) throw new Error(`bundleCli: expected the 4 kernel URLs of loadWasmModule in ${chunk.fileName}, found ${count}`);
    return code.replaceAll(from, 'new URL("../../build/wasm/');
  },
};

const root = fileURLToPath(new URL('..', import.meta.url));
await build({
  configFile: false,
  root,
  logLevel: 'warn',
  plugins: [kernelUrls],
  ssr: { noExternal: true, external: ['@napi-rs/canvas', 'hono', '@hono/node-server', 'prom-client', 'ws'] },
  build: {
    ssr: 'dist/cli/main.js',
    outDir: 'dist/bin',
    emptyOutDir: true,
    copyPublicDir: false,
    minify: true, // half the bytes to ship and to parse at every start; the CLI prints no stack traces
    target: 'node20',
    rollupOptions: { output: { format: 'es', entryFileNames: 'rxprop.js', chunkFileNames: '[name].js' } },
  },
});
