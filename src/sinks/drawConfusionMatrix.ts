// No Node imports: the browser dashboard draws its confusion matrix with this function too.
import { font, ink, type Context2D, type Rect } from './Context2D.js';
import type { ConfusionMatrix } from './confusionMatrix.js';
import { formatPercent } from './ticks.js';

const margin = { left: 58, right: 12, top: 58, bottom: 12 };

/**
 * Draws a confusion matrix in `rect`: one square per (true, predicted) pair, rows the true
 * class, columns the predicted one, each with its count. Right answers (the diagonal) are blue,
 * by the share of their row they hold; mistakes are red, by their count against the largest
 * mistake, so the few confusions that matter stand out among hundreds of right answers. Empty
 * cells stay white. The title gives the accuracy.
 *
 * @example
 * drawConfusionMatrix(ctx, confusionMatrix(actual, predicted, 10), { x: 0, y: 0, width: 480, height: 500 });
 */
export function drawConfusionMatrix(ctx: Context2D, matrix: ConfusionMatrix, rect: Rect, title = 'Confusion matrix, test set'): ConfusionMatrixLayout {
  const n = matrix.classes;
  const cell = Math.max(1, Math.floor(Math.min((rect.width - margin.left - margin.right) / n, (rect.height - margin.top - margin.bottom) / n)));
  const x0 = rect.x + margin.left;
  const y0 = rect.y + margin.top;
  let worst = 0;
  const rows = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    for (let p = 0; p < n; p++) {
      const c = matrix.counts[t * n + p]!;
      rows[t]! += c;
      if (t !== p && c > worst) worst = c;
    }
  }
  ctx.font = font(Math.max(8, Math.min(12, Math.floor(cell / 3))));
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (let t = 0; t < n; t++) {
    for (let p = 0; p < n; p++) {
      const c = matrix.counts[t * n + p]!;
      const strength = c === 0 ? 0 : t === p ? c / rows[t]! : 0.15 + (0.85 * c) / worst;
      const x = x0 + p * cell;
      const y = y0 + t * cell;
      ctx.fillStyle = c === 0 ? '#fff' : cellColour(t === p, strength);
      ctx.fillRect(x, y, cell, cell);
      if (c > 0) {
        ctx.fillStyle = strength > 0.55 ? '#fff' : ink.text;
        ctx.fillText(String(c), x + cell / 2, y + cell / 2);
      }
    }
  }
  ctx.strokeStyle = ink.axis;
  ctx.lineWidth = 1;
  ctx.strokeRect(x0 + 0.5, y0 + 0.5, n * cell - 1, n * cell - 1);

  ctx.fillStyle = ink.axis;
  ctx.font = font(11);
  for (let k = 0; k < n; k++) {
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText(String(k), x0 + (k + 0.5) * cell, y0 - 3);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    ctx.fillText(String(k), x0 - 5, y0 + (k + 0.5) * cell);
  }
  ctx.fillStyle = ink.text;
  ctx.font = font(12);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText('predicted', x0 + (n * cell) / 2, y0 - 17);
  ctx.save();
  ctx.translate(rect.x + 14, y0 + (n * cell) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  ctx.fillText('true', 0, 0);
  ctx.restore();
  ctx.font = font(14, 'bold');
  ctx.textBaseline = 'top';
  ctx.fillText(`${title}: ${formatPercent(matrix.total ? matrix.right / matrix.total : 0)} of ${matrix.total} right`, rect.x + rect.width / 2, rect.y + 6);
  return { x: x0, y: y0, cell };
}

/** Where the cells went: cell (t, p) covers [x + p·cell, y + t·cell] to one cell further. */
export interface ConfusionMatrixLayout {
  readonly x: number;
  readonly y: number;
  readonly cell: number;
}

/** White to blue (right answers) or white to red (mistakes), by `strength` in [0, 1]. */
function cellColour(right: boolean, strength: number): string {
  const [r, g, b] = right ? [0x1f, 0x5f, 0xa8] : [0xc0, 0x39, 0x2b];
  const mix = (c: number): number => Math.round(255 + (c - 255) * strength);
  return `rgb(${mix(r)}, ${mix(g)}, ${mix(b)})`;
}
