import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { colorScale } from '../../src/sinks/colorScale.js';
import { heatmapCanvasSize, heatmapLayout, type Field } from '../../src/sinks/drawHeatmap.js';
import { heatmapPng } from '../../src/sinks/heatmapPng.js';
import { viridis } from '../../src/sinks/viridis.js';

const nx = 40;
const ny = 40;
const field = (f: (x: number, y: number) => number): Field => {
  const values = new Float64Array(nx * ny);
  for (let i = 0; i < ny; i++) for (let j = 0; j < nx; j++) values[i * nx + j] = f(-0.5 + j / (nx - 1), -0.5 + i / (ny - 1));
  return { values, nx, ny, x: [-0.5, 0.5], y: [-0.5, 0.5] };
};
const target = field((x, y) => Math.exp(-5 * (x * x + y * y)) * Math.abs(x + y));
const prediction = field((x, y) => 0.05 + 0.2 * (x + 0.5) * (y + 0.5));

function pixel(png: PNG, x: number, y: number): [number, number, number] {
  const k = (Math.round(y) * png.width + Math.round(x)) * 4;
  return [png.data[k]!, png.data[k + 1]!, png.data[k + 2]!];
}

/** Centre pixel of grid cell (row i from the bottom, column j). */
function cellPixel(png: PNG, i: number, j: number, f: Pick<Field, 'nx' | 'ny'> = { nx, ny }): [number, number, number] {
  const { image, cell } = heatmapLayout(f, { x: 0, y: 0, width: png.width, height: png.height });
  return pixel(png, image.x + j * cell + cell / 2, image.y + (f.ny - 1 - i) * cell + cell / 2);
}

function argExtreme(values: ArrayLike<number>, sign: 1 | -1): number {
  let best = 0;
  for (let k = 1; k < values.length; k++) if (sign * values[k]! > sign * values[best]!) best = k;
  return best;
}

describe('heatmapPng', () => {
  const scale = colorScale([target.values, prediction.values]);
  const targetPng = PNG.sync.read(heatmapPng(target, scale, 'Target'));
  const predictionPng = PNG.sync.read(heatmapPng(prediction, scale, 'Prediction'));

  it('scales the 40×40 grid up by whole 8-pixel cells, plus axes and colour bar', () => {
    expect({ width: targetPng.width, height: targetPng.height }).toEqual(heatmapCanvasSize({ nx, ny }, 8));
    const { cell } = heatmapLayout({ nx, ny }, { x: 0, y: 0, width: targetPng.width, height: targetPng.height });
    expect(cell).toBe(8);
    // Crisp: every pixel of a cell has the cell's colour (nearest-neighbour, no smoothing).
    const { image } = heatmapLayout({ nx, ny }, { x: 0, y: 0, width: targetPng.width, height: targetPng.height });
    for (let dy = 0; dy < 8; dy++) for (let dx = 0; dx < 8; dx++) expect(pixel(targetPng, image.x + 80 + dx, image.y + 80 + dy)).toEqual(pixel(targetPng, image.x + 80, image.y + 80));
  });

  it('draws each cell in viridis of its value on the shared scale, y rising upwards', () => {
    for (const [i, j] of [[0, 0], [0, 39], [39, 0], [20, 13], [31, 30]] as const) {
      expect(cellPixel(targetPng, i, j)).toEqual(viridis(scale.unit(target.values[i * nx + j]!)));
      expect(cellPixel(predictionPng, i, j)).toEqual(viridis(scale.unit(prediction.values[i * nx + j]!)));
    }
    // The prediction rises towards the top right corner (x, y = 0.5): brighter there than at the bottom left.
    expect(cellPixel(predictionPng, 39, 39)[1]).toBeGreaterThan(cellPixel(predictionPng, 0, 0)[1]);
  });

  it('ends the colour bar where the data ends, identically in both pictures', () => {
    const { bar } = heatmapLayout({ nx, ny }, { x: 0, y: 0, width: targetPng.width, height: targetPng.height });
    const mid = bar.x + bar.width / 2;
    const top = pixel(targetPng, mid, bar.y);
    const bottom = pixel(targetPng, mid, bar.y + bar.height - 1);
    expect(top).toEqual(viridis(1));
    expect(bottom).toEqual(viridis(0));
    expect(pixel(targetPng, mid, bar.y - 2)).toEqual([255, 255, 255]);
    expect(pixel(predictionPng, mid, bar.y)).toEqual(top);
    expect(pixel(predictionPng, mid, bar.y + bar.height - 1)).toEqual(bottom);
    // The shared maximum is the target's peak, the shared minimum the target's zero diagonal.
    const peak = argExtreme(target.values, 1);
    const low = argExtreme([...Array.from(target.values), ...Array.from(prediction.values)], -1);
    expect(cellPixel(targetPng, Math.floor(peak / nx), peak % nx)).toEqual(top);
    expect(low).toBeLessThan(nx * ny);
    expect(cellPixel(targetPng, Math.floor(low / nx), low % nx)).toEqual(bottom);
  });

  it('marks each axis tick at the centre of the cell of its value, not at a cell edge', () => {
    const { image, cell } = heatmapLayout({ nx, ny }, { x: 0, y: 0, width: targetPng.width, height: targetPng.height });
    const axis = [0x55, 0x55, 0x55];
    const white = [255, 255, 255];
    // x = −0.5, 0 and 0.5 are grid columns 0, 19.5 (between two cells) and 39; the same rows of y.
    const xTick = (j: number) => pixel(targetPng, image.x + cell * (j + 0.5), image.y + image.height + 2);
    const yTick = (i: number) => pixel(targetPng, image.x - 2, image.y + image.height - cell * (i + 0.5));
    for (const k of [0, 19.5, 39]) {
      expect(xTick(k), `x tick at column ${k}`).toEqual(axis);
      expect(yTick(k), `y tick at row ${k}`).toEqual(axis);
    }
    // Half a cell off, where the picture's edges are, there is no tick.
    for (const edge of [image.x, image.x + image.width]) expect(pixel(targetPng, edge, image.y + image.height + 2)).toEqual(white);
    for (const edge of [image.y, image.y + image.height - 1]) expect(pixel(targetPng, image.x - 2, edge)).toEqual(white);
  });

  it('keeps cells whole for other grid sizes', () => {
    const small: Field = { values: [0, 1, 2, 3, 4, 5], nx: 3, ny: 2, x: [0, 1], y: [0, 1] };
    const png = PNG.sync.read(heatmapPng(small, colorScale([small.values]), 'small'));
    const { cell } = heatmapLayout(small, { x: 0, y: 0, width: png.width, height: png.height });
    expect(cell).toBe(106);
    expect(cellPixel(png, 1, 2, small)).toEqual(viridis(1));
    expect(cellPixel(png, 0, 0, small)).toEqual(viridis(0));
  });
});
