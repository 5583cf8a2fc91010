import type { Network } from '../../src/network/Network.js';
import type { Grid } from '../../src/operators/Snapshot.js';

/** An RGB triple of 0–255 integers. */
export type RGB = [number, number, number];

/** What the network says at one grid point, from `predict`: its class and how sure it is. */
export interface CellTruth {
  readonly i: number;
  readonly j: number;
  readonly x: number;
  readonly y: number;
  readonly class: number;
  readonly confidence: number;
}

/**
 * The class and confidence at every grid point of a softmax classifier, computed here from
 * `predict`'s logits (softmax by hand: top probability minus the runner-up's), not by the code
 * that draws the pictures.
 *
 * @example
 * const cells = regionTruth(net, { x: [-1, 1], y: [-1, 1], nx: 40, ny: 40 });
 */
export function regionTruth(net: Network, grid: Grid): CellTruth[] {
  const points: [number, number, number, number][] = [];
  for (let i = 0; i < grid.ny; i++) {
    for (let j = 0; j < grid.nx; j++) points.push([i, j, grid.x[0] + (j * (grid.x[1] - grid.x[0])) / (grid.nx - 1), grid.y[0] + (i * (grid.y[1] - grid.y[0])) / (grid.ny - 1)]);
  }
  const logits = net.predict(points.map(([, , x, y]) => [x, y])).toArray() as number[][];
  return points.map(([i, j, x, y], r) => {
    const z = logits[r]!;
    const top = Math.max(...z);
    const p = z.map((v) => Math.exp(v - top));
    const sum = p.reduce((a, b) => a + b, 0);
    const sorted = p.map((v) => v / sum).sort((a, b) => b - a);
    return { i, j, x, y, class: z.indexOf(top), confidence: sorted[0]! - sorted[1]! };
  });
}

/**
 * A dot's outline, seen in four directions: the darkest pixel about `r` from (px, py) (±1 pixel
 * each way, since a centre between pixels spreads the ring over two) to the right, left, below
 * and above.
 *
 * @example
 * for (const rgb of ring(pixel, 100, 80, 3.5)) expect(rgb[0]).toBeLessThan(100);
 */
export function ring(pixel: (x: number, y: number) => RGB, px: number, py: number, r: number): RGB[] {
  const near = [-1, 0, 1];
  const darkest = (at: (along: number, across: number) => RGB): RGB =>
    near.flatMap((a) => near.map((b) => at(r + a, b))).reduce((best, c) => (c[0] + c[1] + c[2] < best[0] + best[1] + best[2] ? c : best));
  return [darkest((d, e) => pixel(px + d, py + e)), darkest((d, e) => pixel(px - d, py + e)), darkest((d, e) => pixel(px + e, py + d)), darkest((d, e) => pixel(px + e, py - d))];
}
