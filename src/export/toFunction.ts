import { InputError } from '../errors/InputError.js';
import type { NetworkJSON } from '../network/Network.js';
import { activationSources } from './activationSources.js';
import { exportedNetwork } from './exportedNetwork.js';

/**
 * A network's forward pass as standalone JavaScript source: one function declaration,
 * `function predict(input)`, with no imports and the parameters written in (every double as its
 * shortest round-tripping decimal, so nothing is rounded). It takes one sample (an array of
 * `layers[0]` numbers) and returns an array of `layers[L]` outputs, computing each unit as
 * f(Σ_i y_i·W_ik + b_k) in plain doubles — what `predict` computes, up to the engines' summation
 * order (≤ 1e-12 apart, tested on every activation and engine). Paste it into a page, a worker or
 * a file; it needs nothing but `Math`.
 *
 * Takes a `Network` or its `toJSON()` form (e.g. a saved `model.json`).
 *
 * @example
 * const source = toFunction(net);
 * const predict = new Function(`${source}\nreturn predict;`)();
 * predict([0.1, 0.2]); // [0.137…], as net.predict([[0.1, 0.2]])
 */
export function toFunction(network: NetworkJSON | { toJSON(): NetworkJSON }): string {
  const { layers, activations, weights, biases } = exportedNetwork(network);
  const L = layers.length - 1;
  const fs = activations.map((name, j) => {
    if (!Object.hasOwn(activationSources, name)) throw new InputError(`activations[${j}]`, `"${name}" has no JavaScript source to export`, `use one of: ${Object.keys(activationSources).join(', ')}`);
    return `(z) => ${activationSources[name]}`;
  });
  const number = (v: number, field: string): string => {
    if (!Number.isFinite(v)) throw new InputError(field, `must be a finite number, got ${v}`, 'export a network that has not diverged');
    // String(-0) is "0": keep the sign, so the function's bits match the network's.
    return Object.is(v, -0) ? '-0' : String(v);
  };
  const W = weights.map((w, j) => {
    const [n, m] = [layers[j]!, layers[j + 1]!];
    if (w.length !== n || w.some((row) => row.length !== m)) throw new InputError(`weights[${j}]`, `must be ${n}×${m}`);
    return `[${w.flatMap((row, i) => row.map((v, k) => number(v, `weights[${j}][${i}][${k}]`))).join(', ')}]`;
  });
  const b = biases.map((bj, j) => {
    if (bj.length !== layers[j + 1]) throw new InputError(`biases[${j}]`, `must have ${layers[j + 1]} values`);
    return `[${bj.map((v, k) => number(v, `biases[${j}][${k}]`)).join(', ')}]`;
  });
  return `function predict(input) {
  'use strict';
  // A fully connected network exported by rxprop: layers [${layers.join(', ')}], activations [${activations.join(', ')}].
  // Weights row-major, [n_in][n_out] per layer; y_{j+1} = f_j(y_j · W_j + b_j).
  const sizes = [${layers.join(', ')}];
  const W = [
    ${W.join(',\n    ')},
  ];
  const b = [
    ${b.join(',\n    ')},
  ];
  const f = [${fs.join(', ')}];
  if (input == null || input.length !== sizes[0]) {
    throw new RangeError('predict: expected an array of ' + sizes[0] + ' inputs, got ' + (input == null ? input : input.length));
  }
  let y = Array.from(input, Number);
  for (let j = 0; j < ${L}; j++) {
    const n = sizes[j];
    const m = sizes[j + 1];
    const w = W[j];
    const next = new Array(m);
    for (let k = 0; k < m; k++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += y[i] * w[i * m + k];
      next[k] = f[j](s + b[j][k]);
    }
    y = next;
  }
  return y;
}
`;
}
