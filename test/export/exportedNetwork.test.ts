import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/createEngine.js';
import { exportedNetwork } from '../../src/export/exportedNetwork.js';
import { toFunction } from '../../src/export/toFunction.js';
import { toOnnx } from '../../src/export/toOnnx.js';
import { Network, type NetworkJSON } from '../../src/network/Network.js';
import { seededRandom } from '../../src/random/Random.js';
import { inputErrorOf } from '../helpers/inputErrorOf.js';

const net = Network.create({ layers: [2, 3, 1], activations: 'tanh' }, { engine: await createEngine('mathjs'), random: seededRandom(1) });
const json = net.toJSON();

describe('exportedNetwork', () => {
  it("reads a Network's JSON form, or the form itself", () => {
    expect(exportedNetwork(net)).toEqual(json);
    expect(exportedNetwork(json)).toBe(json);
  });

  // Each failed in toFunction and toOnnx with a TypeError on a property, or named the wrong field.
  it.each<[string, unknown, string]>([
    ['nothing', null, 'network: must be a Network or its toJSON() form, got null (pass the network, or JSON.parse of a saved model.json)'],
    ['an empty object', {}, 'layers: must list at least two positive whole layer sizes, got undefined (pass a network, or its toJSON() form)'],
    ['a layer size as text', { ...json, layers: ['2', 3, 1] }, 'layers: must list at least two positive whole layer sizes, got ["2",3,1] (pass a network, or its toJSON() form)'],
    ['no biases', { ...json, biases: undefined }, 'network: needs one activation, weight matrix and bias vector per layer above the input (2), got 2, 2, none'],
  ])('refuses %s, in toFunction and toOnnx too, naming the field', (_what, value, message) => {
    for (const f of [exportedNetwork, toFunction, toOnnx]) expect(inputErrorOf(() => f(value as NetworkJSON))?.message).toBe(message);
  });
});
