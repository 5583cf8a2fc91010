import { InputError } from '../errors/InputError.js';
import type { Batch } from '../network/Batch.js';

/** The largest finite f32. */
const F32_MAX = 3.4028234663852886e38;

/**
 * Why a step on an f32 engine went non-finite when its batch holds a value an f32 cannot: such a
 * value is finite as a double (so the batch passed its checks) but ±∞ in the engine, and the
 * divergence it causes is the data's fault, not the learning rate's. The InputError names the
 * first such value; undefined on an f64 engine or for a batch within range. Called only once a
 * step has diverged, so the hot path never scans its batches.
 *
 * @example
 * beyondF32('f32', Batch.of([[1e39, 0]], [[0]]))?.field; // 'inputs[0][0]'
 */
export function beyondF32(precision: 'f64' | 'f32', batch: Batch): InputError | undefined {
  if (precision !== 'f32') return undefined;
  for (const [field, data, width] of [['inputs', batch.x, batch.inputDim], ['targets', batch.t, batch.targetDim]] as const) {
    for (let k = 0; k < data.length; k++) {
      if (Math.abs(data[k]!) > F32_MAX) {
        return new InputError(`${field}[${Math.floor(k / width)}][${k % width}]`, `is ${data[k]}, beyond the range of the f32 engine (±3.4e38)`, 'scale the data, or train on an f64 engine');
      }
    }
  }
  return undefined;
}
