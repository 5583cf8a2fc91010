import type { HeldOutClasses, ValidationStep } from '../operators/validation.js';
import { maxImagePixels, type EvaluationData, type MisclassifiedExample } from '../protocol/protocol.js';
import { confusionMatrix } from '../sinks/confusionMatrix.js';
import { misclassifiedRows } from '../sinks/misclassifiedRows.js';
import { round } from './encodeSnapshot.js';

/**
 * A classifier's evaluation as bounded wire data: its confusion matrix, and at most `most` of its
 * wrongly classified rows (evenly spread, as misclassified.png picks them), each with its pixels
 * as bytes in base64 when the inputs are images of `image`'s size (and at most
 * {@link maxImagePixels}). Costs one pass over the rows' classes and `most` images' pixels, at the
 * evaluation's cadence.
 *
 * @example
 * const data = encodeEvaluation(v, v.classes!, { most: 40, image: { width: 28, height: 28 } });
 */
export function encodeEvaluation(v: ValidationStep, classes: HeldOutClasses, options: { readonly most: number; readonly image?: { readonly width: number; readonly height: number } }): EvaluationData {
  const { actual, predicted, inputs, count } = classes;
  const matrix = confusionMatrix(actual, predicted, count);
  const { wrong, shown } = misclassifiedRows(actual, predicted, options.most);
  const rows = actual.length;
  const width = rows === 0 ? 0 : inputs.length / rows;
  const image = options.image && options.image.width * options.image.height === width && width <= maxImagePixels ? options.image : undefined;
  const misclassified = shown.map((index): MisclassifiedExample => {
    const example = { index, actual: actual[index]!, predicted: predicted[index]! };
    return image ? { ...example, pixels: toBase64Bytes(inputs, index * width, width) } : example;
  });
  return {
    step: v.step,
    cost: round(v.cost),
    accuracy: v.accuracy === undefined ? null : round(v.accuracy),
    classes: count,
    confusion: Array.from(matrix.counts),
    total: matrix.total,
    wrong,
    misclassified,
    ...(image ? { image: { width: image.width, height: image.height } } : {}),
  };
}

/** `n` values from `offset`, clamped to [0, 1] and scaled to bytes, in base64. */
function toBase64Bytes(values: Float64Array, offset: number, n: number): string {
  const bytes = Buffer.alloc(n);
  for (let k = 0; k < n; k++) {
    const v = values[offset + k]!;
    bytes[k] = v > 0 ? Math.round(255 * Math.min(1, v)) : 0;
  }
  return bytes.toString('base64');
}
