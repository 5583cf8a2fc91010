// No Node imports: the browser dashboard draws misclassified digits with this function too.
import { font, ink, type Context2D, type Rect } from './Context2D.js';
import { misclassifiedRows } from './misclassifiedRows.js';

/** Grey images to show with their labels: `images` holds them row after row, width×height values in [0, 1] each. */
export interface LabeledImages {
  readonly images: ArrayLike<number>;
  readonly width: number;
  readonly height: number;
  readonly actual: ArrayLike<number>;
  readonly predicted: ArrayLike<number>;
}

/** How to lay out {@link drawMisclassified}. */
export interface MisclassifiedOptions {
  /** Screen pixels per image pixel (default 3: an MNIST digit becomes 84 px). */
  readonly scale?: number;
  /** Images per row (default: as many as fit). */
  readonly columns?: number;
  readonly title?: string;
  /**
   * When `set` holds a selection of an evaluation's rows (the dashboard's, sent by the server):
   * that evaluation's counts, for the title.
   */
  readonly counts?: { readonly wrong: number; readonly total: number };
}

const gap = 10;
const labelHeight = 18;
const top = 34;

/**
 * The size of one tile (image and its label) and how many tiles fit in `rect`.
 *
 * @example
 * misclassifiedLayout({ x: 0, y: 0, width: 760, height: 600 }, { width: 28, height: 28 }).capacity; // 40
 */
export function misclassifiedLayout(rect: Rect, image: { readonly width: number; readonly height: number }, options: MisclassifiedOptions = {}): { tileWidth: number; tileHeight: number; columns: number; rows: number; capacity: number } {
  const scale = options.scale ?? 3;
  const tileWidth = image.width * scale;
  const tileHeight = image.height * scale + labelHeight;
  const columns = options.columns ?? Math.max(1, Math.floor((rect.width - gap) / (tileWidth + gap)));
  const rows = Math.max(0, Math.floor((rect.height - top - gap) / (tileHeight + gap)));
  return { tileWidth, tileHeight, columns, rows, capacity: columns * rows };
}

/**
 * Draws the images whose prediction is wrong as a grid of dark-on-white pictures, each labelled
 * `true → predicted` below it (the wrong prediction in red). When more are wrong than fit, it
 * shows an evenly spaced selection across them (test sets are often grouped by class, so the
 * first ones would all be one class). Returns the indices drawn, in order.
 *
 * @example
 * drawMisclassified(ctx, { images: test.x, width: 28, height: 28, actual, predicted }, { x: 0, y: 0, width: 760, height: 600 });
 */
export function drawMisclassified(ctx: Context2D, set: LabeledImages, rect: Rect, options: MisclassifiedOptions = {}): number[] {
  const { width, height } = set;
  const scale = options.scale ?? 3;
  const { tileWidth, tileHeight, columns, capacity } = misclassifiedLayout(rect, set, options);
  const { wrong: wrongHere, shown } = misclassifiedRows(set.actual, set.predicted, capacity);
  const wrong = options.counts?.wrong ?? wrongHere;
  const total = options.counts?.total ?? set.actual.length;

  ctx.fillStyle = ink.text;
  ctx.font = font(14, 'bold');
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const some = shown.length < wrong ? `, ${shown.length} shown` : '';
  ctx.fillText(`${options.title ?? 'Misclassified test digits'}: ${wrong} of ${total}${some} (true → predicted)`, rect.x + rect.width / 2, rect.y + 8);

  const pixels = width * height;
  const left = rect.x + Math.floor((rect.width - (columns * (tileWidth + gap) - gap)) / 2);
  shown.forEach((index, k) => {
    const x = left + (k % columns) * (tileWidth + gap);
    const y = rect.y + top + Math.floor(k / columns) * (tileHeight + gap);
    ctx.strokeStyle = ink.grid;
    ctx.strokeRect(x - 0.5, y - 0.5, tileWidth + 1, height * scale + 1);
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        const v = set.images[index * pixels + r * width + c]!;
        if (!(v > 0.02)) continue; // background stays white
        const level = Math.round(255 * (1 - Math.min(1, v)));
        ctx.fillStyle = `rgb(${level}, ${level}, ${level})`;
        ctx.fillRect(x + c * scale, y + r * scale, scale, scale);
      }
    }
    const label = `${set.actual[index]} → `;
    const guess = String(set.predicted[index]);
    ctx.font = font(12);
    ctx.textBaseline = 'top';
    ctx.textAlign = 'left';
    const start = x + (tileWidth - ctx.measureText(label + guess).width) / 2;
    ctx.fillStyle = ink.text;
    ctx.fillText(label, start, y + height * scale + 3);
    ctx.fillStyle = ink.wrong;
    ctx.font = font(12, 'bold');
    ctx.fillText(guess, start + ctx.measureText(label).width, y + height * scale + 3);
  });
  if (wrong === 0) {
    ctx.fillStyle = ink.axis;
    ctx.font = font(12);
    ctx.fillText('none: every test image is classified right', rect.x + rect.width / 2, rect.y + top + 10);
  }
  return shown;
}
