import type { ActivationName } from '../engine/activations.js';

/**
 * Each activation as a JavaScript expression of `z`, for exported source code. Keyed by the
 * activation registry's names, so adding an activation without its source here fails to
 * compile; the expressions are the registry's `f`, written out (tests hold them equal).
 *
 * @example
 * activationSources.tanh; // 'Math.tanh(z)'
 */
export const activationSources: Readonly<Record<ActivationName, string>> = {
  linear: 'z',
  sigmoid: '(z < 0 ? Math.exp(z) : 1) / (1 + Math.exp(-Math.abs(z)))',
  relu: 'z < 0 ? 0 : z',
  tanh: 'Math.tanh(z)',
};
