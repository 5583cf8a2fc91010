import { drawMisclassified, misclassifiedLayout, type LabeledImages } from './drawMisclassified.js';
import { renderPng } from './renderPng.js';

/**
 * misclassified.png: up to 40 wrongly classified images (8 per row, 3 px per image pixel), each
 * with its true and predicted class; the picture is as tall as its rows.
 *
 * @example
 * fs.writeFileSync('misclassified.png', misclassifiedPng({ images: test.x, width: 28, height: 28, actual, predicted }));
 */
export function misclassifiedPng(set: LabeledImages): Buffer {
  let wrong = 0;
  for (let i = 0; i < set.actual.length; i++) if (set.actual[i] !== set.predicted[i]) wrong++;
  const columns = 8;
  const probe = misclassifiedLayout({ x: 0, y: 0, width: 0, height: 0 }, set, { columns });
  const rows = Math.max(1, Math.min(5, Math.ceil(wrong / columns)));
  const width = columns * (probe.tileWidth + 10) + 10;
  const height = 34 + rows * (probe.tileHeight + 10) + 10;
  return renderPng(width, height, (ctx) => drawMisclassified(ctx, set, { x: 0, y: 0, width, height }, { columns }));
}
