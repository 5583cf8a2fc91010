import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository's `assembly/` folder (kernel sources and their asconfig). */
export const assemblyDir = fileURLToPath(new URL('../assembly/', import.meta.url));

/**
 * SHA-256 over the kernel sources and their build configuration, in file-name order. The build
 * writes it next to the .wasm files, and a test compares it with the tree so a stale build fails.
 *
 * @example
 * wasmSourceHash(); // 'c0ffee…'
 */
export function wasmSourceHash(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(assemblyDir).filter((f) => f.endsWith('.ts') || f.endsWith('.json')).sort()) {
    hash.update(file).update('\0').update(readFileSync(assemblyDir + file)).update('\0');
  }
  return hash.digest('hex');
}
