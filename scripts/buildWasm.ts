// `npm run build:wasm`: compiles assembly/ with the AssemblyScript compiler into build/wasm/, one
// module per target of assembly/asconfig.json (relaxed SIMD or plain SIMD, shared memory or not),
// and records the source hash in build/wasm/manifest.json. `npm ci` runs it through `prepare`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';
import { assemblyDir, wasmSourceHash } from './wasmSourceHash.js';

const targets = ['simd', 'relaxed', 'simd-shared', 'relaxed-shared'] as const;
const outDir = fileURLToPath(new URL('../build/wasm/', import.meta.url));

mkdirSync(outDir, { recursive: true });
for (const target of targets) {
  const started = performance.now();
  const { error } = await asc.main(['--config', `${assemblyDir}asconfig.json`, '--target', target], { stdout: process.stdout, stderr: process.stderr });
  if (error) {
    console.error(`build:wasm: target "${target}" failed: ${error.message}`);
    process.exit(1);
  }
  console.log(`build:wasm: ${target} (${Math.round(performance.now() - started)} ms)`);
}
writeFileSync(`${outDir}manifest.json`, `${JSON.stringify({ sourceHash: wasmSourceHash(), assemblyscript: asc.version, targets }, null, 2)}\n`);
