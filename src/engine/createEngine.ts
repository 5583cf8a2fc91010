import { InputError } from '../errors/InputError.js';
import type { Engine } from './Engine.js';
import { mathjsEngine } from './mathjs/mathjsEngine.js';

/** Factories of the engines rxprop ships, by name. Async because compiled engines instantiate WebAssembly. */
const factories: Record<string, () => Promise<Engine>> = {
  mathjs: async () => mathjsEngine(),
};

/** Names accepted by {@link createEngine}. */
export const engineNames = (): string[] => Object.keys(factories);

/**
 * Makes an engine by name; an unknown name is an {@link InputError} listing the known ones.
 *
 * @example
 * const engine = await createEngine('mathjs');
 */
export async function createEngine(name: string, field = 'engine'): Promise<Engine> {
  const factory = Object.hasOwn(factories, name) ? factories[name] : undefined;
  if (!factory) throw new InputError(field, `unknown engine "${name}"`, `use one of: ${engineNames().join(', ')}`);
  return factory();
}
