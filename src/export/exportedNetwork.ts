import { InputError } from '../errors/InputError.js';
import type { NetworkJSON } from '../network/Network.js';

/**
 * The JSON form an exporter reads: a `Network`'s `toJSON()`, or the form itself (a saved
 * `model.json`), checked down to its lists: positive integer layer sizes, and one activation,
 * weight matrix and bias vector per layer above the input. (Shapes and values are the exporters'
 * to check, as they write them.)
 *
 * @example
 * const { layers, activations, weights, biases } = exportedNetwork(net);
 */
export function exportedNetwork(network: NetworkJSON | { toJSON(): NetworkJSON }): NetworkJSON {
  if (typeof network !== 'object' || network === null) throw new InputError('network', `must be a Network or its toJSON() form, got ${String(network)}`, 'pass the network, or JSON.parse of a saved model.json');
  const json = 'toJSON' in network && typeof network.toJSON === 'function' ? network.toJSON() : (network as NetworkJSON);
  const { layers, activations, weights, biases } = json;
  if (!Array.isArray(layers) || layers.length < 2 || !layers.every((n) => Number.isInteger(n) && n > 0)) {
    throw new InputError('layers', `must list at least two positive whole layer sizes, got ${JSON.stringify(layers)}`, 'pass a network, or its toJSON() form');
  }
  const L = layers.length - 1;
  const count = (list: unknown): string => (Array.isArray(list) ? String(list.length) : 'none');
  if (!(Array.isArray(activations) && activations.length === L && Array.isArray(weights) && weights.length === L && Array.isArray(biases) && biases.length === L)) {
    throw new InputError('network', `needs one activation, weight matrix and bias vector per layer above the input (${L}), got ${count(activations)}, ${count(weights)}, ${count(biases)}`);
  }
  return json;
}
