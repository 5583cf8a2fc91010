import { InputError } from '../errors/InputError.js';
import type { Box } from '../samplers/Sampler.js';
import type { Grid } from './Snapshot.js';

/**
 * The snapshot grid over a box: `n`×`n` points on its first two dimensions (n×1 for one input),
 * the seed's 40×40 `meshgrid(linspace(-0.5, 0.5, 40), …)` when no box is known.
 *
 * @example
 * gridOver([[-1, 1], [0, 2]], 20); // { x: [-1, 1], y: [0, 2], nx: 20, ny: 20 }
 */
export function gridOver(box: Box | undefined, n = 40): Grid {
  const [x = [-0.5, 0.5], y = box ? [0, 0] : [-0.5, 0.5]] = box ?? [];
  return { x: [x[0], x[1]], y: [y[0], y[1]], nx: n, ny: box?.length === 1 ? 1 : n };
}

/**
 * The grid's points as network inputs, flat and row-major (row i ↔ y_i, column j ↔ x_j), built
 * once per snapshot stream. Input 0 runs along x and input 1 along y; further inputs are held at
 * the centre of `box` (0 without one), so a snapshot of a 3-D fit is the slice through its middle.
 *
 * @example
 * gridInputs({ x: [0, 1], y: [0, 1], nx: 2, ny: 2 }, 2); // [0,0, 1,0, 0,1, 1,1]
 */
export function gridInputs(grid: Grid, inputDim: number, box?: Box): Float64Array {
  checkGrid(grid);
  const { nx, ny } = grid;
  const at = (range: readonly [number, number], k: number, n: number) => (n === 1 ? range[0] : range[0] + (k * (range[1] - range[0])) / (n - 1));
  const points = new Float64Array(nx * ny * inputDim);
  for (let i = 0; i < ny; i++) {
    for (let j = 0; j < nx; j++) {
      const row = (i * nx + j) * inputDim;
      points[row] = at(grid.x, j, nx);
      if (inputDim > 1) points[row + 1] = at(grid.y, i, ny);
      for (let d = 2; d < inputDim; d++) {
        const range = box?.[d];
        points[row + d] = range ? (range[0] + range[1]) / 2 : 0;
      }
    }
  }
  return points;
}

/** Most points in a snapshot grid: 1024×1024, the scenario schema's largest (each snapshot predicts them all). */
const maxGridPoints = 1024 * 1024;

function checkGrid(grid: Grid): void {
  for (const key of ['nx', 'ny'] as const) {
    const n = grid[key];
    if (!(Number.isInteger(n) && n > 0)) throw new InputError(`grid.${key}`, `must be a positive integer, got ${String(n)}`, 'the seed uses 40');
  }
  // Beyond it the points' array alone failed with a RangeError naming no field.
  if (grid.nx * grid.ny > maxGridPoints) throw new InputError('grid', `has ${grid.nx}×${grid.ny} points; at most ${maxGridPoints} (1024×1024)`, 'use fewer points, e.g. nx: 200, ny: 200');
  for (const key of ['x', 'y'] as const) {
    const r = grid[key];
    if (!(Array.isArray(r) && r.length === 2 && r.every(Number.isFinite))) {
      throw new InputError(`grid.${key}`, `must be [from, to] with finite numbers, got ${JSON.stringify(r)}`, 'e.g. [-0.5, 0.5]');
    }
  }
}
