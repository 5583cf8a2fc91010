// No Node imports: the browser dashboard places its maps' points and ticks with this function too.
import type { Rect } from './Context2D.js';
import type { Field } from './drawHeatmap.js';

/**
 * The pixel of input-plane point (x, y) in a picture of `field` whose cells are `cell` pixels
 * and fill `image`: grid point (i, j) at the centre of its cell (y rising upwards). Points,
 * axis ticks and tests all place values with this one mapping.
 *
 * @example
 * const [px, py] = planePixel(field, layout, 0.25, -0.1);
 */
export function planePixel(field: Pick<Field, 'x' | 'y' | 'nx' | 'ny'>, layout: { readonly cell: number; readonly image: Rect }, x: number, y: number): [number, number] {
  const { cell, image } = layout;
  const along = (v: number, [lo, hi]: readonly [number, number], n: number) => cell * (0.5 + (n > 1 && hi !== lo ? ((v - lo) / (hi - lo)) * (n - 1) : 0));
  return [image.x + along(x, field.x, field.nx), image.y + image.height - along(y, field.y, field.ny)];
}
