import { InputError } from '../errors/InputError.js';
import type { Network, NetworkJSON } from '../network/Network.js';

/**
 * Loads a saved network's state into `network`: parameters, loss, regularization and the
 * optimizer with its state and step count, so training goes on exactly where the saved one
 * stopped. The architecture must be the same; errors name `field`.
 *
 * @example
 * restoreNetwork(net, checkpoint.network);
 */
export function restoreNetwork(network: Network, json: NetworkJSON, field = 'network'): void {
  const layers = JSON.stringify(json.layers);
  const activations = JSON.stringify(json.activations);
  if (layers !== JSON.stringify(network.layers) || activations !== JSON.stringify(network.activations.map((a) => a.name))) {
    throw new InputError(field, `is a network with layers ${layers} and activations ${activations}, but this run's has ${JSON.stringify(network.layers)} and ${JSON.stringify(network.activations.map((a) => a.name))}`, 'resume with the network the checkpoint was made with');
  }
  network.setParameters(json);
  if (json.loss !== undefined && json.loss !== network.loss.name) network.setLoss(json.loss);
  if (json.regularization !== undefined) network.setRegularization(json.regularization);
  // The saved optimizer with its state and step count (a JSON form restores both).
  if (json.optimizer !== undefined) network.setOptimizer(json.optimizer);
}
