import type { Batch } from '../network/Batch.js';
import type { Network } from '../network/Network.js';

/** Each sample's true and predicted class, and the share predicted right. */
export interface Classified {
  /** Outputs of the network: the number of classes. */
  readonly classes: number;
  /** The index of the largest target of each row (one-hot targets: the class). */
  readonly actual: Int32Array;
  /** The index of the largest output of each row (logits or probabilities alike). */
  readonly predicted: Int32Array;
  readonly accuracy: number;
}

/**
 * Classifies a held-out batch with a network of several outputs: one forward pass
 * (`predictInto`, no training state touched), then the index of each row's largest output
 * against the index of its largest target. The same for softmax cross-entropy's logits and for
 * squared error on one-hot targets.
 *
 * @example
 * const { accuracy, actual, predicted } = classify(net, mnistSplit(digits).test);
 */
export function classify(network: Pick<Network, 'predictInto' | 'layers' | 'depth'>, batch: Batch): Classified {
  const classes = network.layers[network.depth]!;
  const outputs = network.predictInto(batch.x, batch.size);
  const actual = argmaxRows(batch.t, batch.size, classes);
  const predicted = argmaxRows(outputs, batch.size, classes);
  let right = 0;
  for (let i = 0; i < batch.size; i++) if (actual[i] === predicted[i]) right++;
  return { classes, actual, predicted, accuracy: batch.size === 0 ? 0 : right / batch.size };
}

function argmaxRows(values: Float64Array, rows: number, width: number): Int32Array {
  const out = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let k = 1; k < width; k++) if (values[i * width + k]! > values[i * width + best]!) best = k;
    out[i] = best;
  }
  return out;
}
