import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import asc from 'assemblyscript/asc';

/**
 * Runs the calling script again under `node --no-liftoff` (with the same arguments) and exits
 * with its status, unless this process already runs so: the loops are then timed as the
 * optimizing compiler builds them, from the first call. Set at run time instead, with
 * setFlagsFromString, the f64 divide once read 4.5–6.8 ns against 1.2, for a reason not found.
 *
 * @example
 * rerunWithoutLiftoff(import.meta.url); // first line of a script that times wasm loops
 */
export function rerunWithoutLiftoff(scriptUrl: string): void {
  if (process.execArgv.includes('--no-liftoff')) return;
  const { status } = spawnSync(process.execPath, ['--no-liftoff', ...process.execArgv, fileURLToPath(scriptUrl), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(status ?? 1);
}

/**
 * AssemblyScript source of an exported loop `name(n, seed)` applying `op(x)` to each of 8
 * independent chains of `type` vectors, n times, so that an instruction's throughput is timed
 * rather than its latency; `m` (1.0000001) is in scope for `op`.
 *
 * @example
 * chainLoop('fma64', 'f64x2', 'f64', (x) => `f64x2.relaxed_madd(${x}, m, m)`);
 */
export const chainLoop = (name: string, type: 'f64x2' | 'f32x4', scalar: 'f64' | 'f32', op: (x: string) => string): string => `
export function ${name}(n: i32, seed: ${scalar}): ${scalar} {
  const m = ${type}.splat(<${scalar}>1.0000001);
  let a = ${type}.splat(seed), b = ${type}.splat(seed + 0.1), c = ${type}.splat(seed + 0.2), d = ${type}.splat(seed + 0.3);
  let e = ${type}.splat(seed + 0.4), f = ${type}.splat(seed + 0.5), g = ${type}.splat(seed + 0.6), h = ${type}.splat(seed + 0.7);
  for (let i = 0; i < n; i++) {
    a = ${op('a')}; b = ${op('b')}; c = ${op('c')}; d = ${op('d')}; e = ${op('e')}; f = ${op('f')}; g = ${op('g')}; h = ${op('h')};
  }
  return ${type}.extract_lane(${type}.add(${type}.add(${type}.add(a, b), ${type}.add(c, d)), ${type}.add(${type}.add(e, f), ${type}.add(g, h))), 0);
}`;

/**
 * Compiles {@link chainLoop} sources (relaxed SIMD on) into one module, which can also be sent to
 * a worker thread.
 *
 * @example
 * const module = await chainLoopsModule([chainLoop('fma64', 'f64x2', 'f64', (x) => `f64x2.relaxed_madd(${x}, m, m)`)]);
 */
export async function chainLoopsModule(sources: readonly string[]): Promise<WebAssembly.Module> {
  const { binary, stderr } = await asc.compileString(sources.join('\n'), { optimizeLevel: 3, runtime: 'stub', enable: ['simd', 'relaxed-simd'] });
  if (!binary) throw new Error(`asc failed: ${stderr.toString()}`);
  // Node 20 validates relaxed SIMD only behind this flag (as src/engine/wasm/loadWasmModule.ts sets it).
  setFlagsFromString('--experimental-wasm-relaxed-simd');
  return new WebAssembly.Module(binary as Uint8Array<ArrayBuffer>);
}

/**
 * Compiles {@link chainLoop} sources (relaxed SIMD on) into one instance and returns its loops.
 *
 * @example
 * const { fma64 } = await compileChainLoops([chainLoop('fma64', 'f64x2', 'f64', (x) => `f64x2.relaxed_madd(${x}, m, m)`)]);
 */
export async function compileChainLoops(sources: readonly string[]): Promise<Record<string, (n: number, seed: number) => number>> {
  const { exports } = new WebAssembly.Instance(await chainLoopsModule(sources));
  return exports as Record<string, (n: number, seed: number) => number>;
}
