import type { ConfusionMatrix } from './confusionMatrix.js';
import { drawConfusionMatrix } from './drawConfusionMatrix.js';
import { renderPng } from './renderPng.js';

/**
 * confusion.png: a confusion matrix (cells of 40 px, at least 480 px wide).
 *
 * @example
 * fs.writeFileSync('confusion.png', confusionPng(confusionMatrix(actual, predicted, 10)));
 */
export function confusionPng(matrix: ConfusionMatrix): Buffer {
  const side = 40 * matrix.classes;
  const width = Math.max(480, side + 70);
  const height = side + 70;
  return renderPng(width, height, (ctx) => drawConfusionMatrix(ctx, matrix, { x: 0, y: 0, width, height }));
}
