import { InputError } from '../errors/InputError.js';
import type { Engine } from './Engine.js';
import { mathjsEngine } from './mathjs/mathjsEngine.js';
import { wasmEngine } from './wasm/wasmEngine.js';

/** Factories of the engines rxprop ships, by name. Async because compiled engines instantiate WebAssembly. */
const factories: Record<string, () => Promise<Engine>> = {
  mathjs: async () => mathjsEngine(),
  // f64 WebAssembly SIMD; worker threads for steps above ~5 MFLOP when memory can be shared.
  wasm: () => wasmEngine({ name: 'wasm' }),
  'wasm-f32': () => wasmEngine({ name: 'wasm-f32', precision: 'f32' }),
  'wasm-single': () => wasmEngine({ name: 'wasm-single', threads: 1 }),
  'wasm-f32-single': () => wasmEngine({ name: 'wasm-f32-single', precision: 'f32', threads: 1 }),
  'wasm-threads': () => wasmEngine({ name: 'wasm-threads', threads: 'always' }),
  'wasm-f32-threads': () => wasmEngine({ name: 'wasm-f32-threads', precision: 'f32', threads: 'always' }),
};

/** The engine {@link createEngine} makes when no name is given: f64 WebAssembly SIMD. */
export const defaultEngineName = 'wasm';

/** Names accepted by {@link createEngine}. */
export const engineNames = (): string[] => Object.keys(factories);

/**
 * Makes an engine by name (default {@link defaultEngineName}); an unknown name is an
 * {@link InputError} listing the known ones.
 *
 * @example
 * const engine = await createEngine();          // 'wasm'
 * const reference = await createEngine('mathjs');
 */
export async function createEngine(name: string = defaultEngineName, field = 'engine'): Promise<Engine> {
  const factory = Object.hasOwn(factories, name) ? factories[name] : undefined;
  if (!factory) throw new InputError(field, `unknown engine "${name}"`, `use one of: ${engineNames().join(', ')}`);
  return factory();
}
