import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/createEngine.js';
import { Network } from '../../src/network/Network.js';
import type { Grid } from '../../src/operators/Snapshot.js';
import { snapshotter } from '../../src/operators/snapshotter.js';
import { seededRandom } from '../../src/random/Random.js';
import type { ClassMap } from '../../src/sinks/ClassMap.js';
import { classColor, classPalette, regionColor } from '../../src/sinks/classPalette.js';
import { decisionRegionsPng } from '../../src/sinks/decisionRegionsPng.js';
import { pointRadius } from '../../src/sinks/drawDecisionRegions.js';
import { planePixel } from '../../src/sinks/planePixel.js';
import { heatmapCanvasSize, heatmapLayout, type Field } from '../../src/sinks/drawHeatmap.js';
import { regionTruth, ring, type RGB } from './regionTruth.js';

const engine = await createEngine('mathjs');
const grid: Grid = { x: [-3, 3], y: [-2, 2], nx: 40, ny: 30 };
// An untrained three-class softmax net: on this box its random logits give three regions.
const net = Network.create({ layers: [2, 12, 3], activations: ['tanh', 'linear'], loss: 'softmax-ce', init: { weights: { type: 'uniform', scale: 2 }, biases: { type: 'uniform', scale: 1 } } }, { engine, random: seededRandom(11) });
const shot = snapshotter(net, { grid })({ step: 7, cost: 1, time: 0 });
const values = Float64Array.from((shot.prediction.toArray() as number[][]).flat());
const confidence = Float64Array.from((shot.confidence!.toArray() as number[][]).flat());
const field: Field = { values, nx: grid.nx, ny: grid.ny, x: grid.x, y: grid.y };
// Training points on grid points (cell centres) and between them, test points on grid points;
// their classes are made up (any class may sit on any region).
const at = (i: number, j: number): [number, number] => [grid.x[0] + (j * (grid.x[1] - grid.x[0])) / (grid.nx - 1), grid.y[0] + (i * (grid.y[1] - grid.y[0])) / (grid.ny - 1)];
const train = { xy: [...at(3, 5), 0, 0, 1.5, 1, -1.2, 0.7, 2.1, -1.3], classes: [0, 1, 2, 1, 0] };
const test = { xy: [...at(9, 17), ...at(25, 33)], classes: [2, 0] };
const map: ClassMap = { names: ['class 0', 'class 1', 'class 2'], read: { kind: 'index' }, train, test };
const png = PNG.sync.read(decisionRegionsPng(field, { map, confidence }, 'Prediction at step 7'));
const layout = heatmapLayout(field, { x: 0, y: 0, width: png.width, height: png.height });

function pixel(x: number, y: number): RGB {
  const k = (Math.floor(y) * png.width + Math.floor(x)) * 4;
  return [png.data[k]!, png.data[k + 1]!, png.data[k + 2]!];
}

describe('decisionRegionsPng', () => {
  it("has the heatmap's size and layout", () => {
    expect({ width: png.width, height: png.height }).toEqual(heatmapCanvasSize(field, 8));
    expect(layout.cell).toBe(8);
  });

  it('colours each grid cell by the class predict() gives there, faded by its confidence', () => {
    const truth = regionTruth(net, grid);
    expect(new Set(truth.map((t) => t.class)).size).toBe(3); // the picture has three regions to tell apart
    const dots = [...train.xy, ...test.xy];
    let checked = 0;
    for (const t of truth) {
      const [px, py] = planePixel(field, layout, t.x, t.y);
      // Cells under a dot show the dot; every other cell's centre shows the region.
      if (dots.some((_, k) => k % 2 === 0 && Math.hypot(planePixel(field, layout, dots[k]!, dots[k + 1]!)[0] - px, planePixel(field, layout, dots[k]!, dots[k + 1]!)[1] - py) < 8)) continue;
      expect(pixel(px, py), `cell (${t.i}, ${t.j})`).toEqual(regionColor(t.class, t.confidence));
      checked++;
    }
    expect(checked).toBeGreaterThan(1150);
    // The shades differ: sure cells are stronger than cells near a boundary.
    const sorted = [...truth].sort((a, b) => a.confidence - b.confidence);
    const [unsure, sure] = [sorted[0]!, sorted.at(-1)!];
    expect(sure.confidence - unsure.confidence).toBeGreaterThan(0.5);
    expect(regionColor(sure.class, sure.confidence)).not.toEqual(regionColor(sure.class, unsure.confidence));
  });

  it('draws each training point at its input-plane position: filled in its class colour, with a dark outline', () => {
    for (let p = 0; p < train.classes.length; p++) {
      const [px, py] = planePixel(field, layout, train.xy[2 * p]!, train.xy[2 * p + 1]!);
      const color = classColor(train.classes[p]!);
      expect(pixel(px - 0.5, py - 0.5), `point ${p}`).toEqual(color);
      for (const rgb of ring(pixel, px, py, pointRadius(layout.cell))) expect(brightness(rgb), `outline of point ${p}`).toBeLessThan(brightness(color) - 40);
    }
    // The first point is grid point (3, 5): the centre of its cell, 3 up from the bottom and 5 right.
    expect(planePixel(field, layout, ...at(3, 5))).toEqual([layout.image.x + 5 * 8 + 4, layout.image.y + layout.image.height - 3 * 8 - 4].map((v) => expect.closeTo(v, 9)));
  });

  it('draws test points hollow: white inside a ring of their class colour', () => {
    for (let p = 0; p < test.classes.length; p++) {
      const [px, py] = planePixel(field, layout, test.xy[2 * p]!, test.xy[2 * p + 1]!);
      expect(pixel(px - 0.5, py - 0.5)).toEqual([255, 255, 255]);
      const color = classColor(test.classes[p]!);
      for (const rgb of ring(pixel, px, py, pointRadius(layout.cell))) expect(distance(rgb, color)).toBeLessThan(60);
    }
  });

  it('names every class beside a swatch of its colour in the legend, and the two kinds of points', () => {
    const legend = { x: layout.bar.x, y: layout.bar.y };
    for (let k = 0; k < 3; k++) {
      const y = legend.y + 8 + 16 * k;
      expect(pixel(legend.x + 5, y), `swatch ${k}`).toEqual(classPalette[k]);
      // The name: dark text pixels right of the swatch.
      const text = Array.from({ length: 50 }, (_, dx) => Array.from({ length: 9 }, (_, dy) => pixel(legend.x + 16 + dx, y - 4 + dy))).flat();
      expect(text.filter((rgb) => brightness(rgb) < 300).length, `name ${k}`).toBeGreaterThan(15);
    }
    // "training" (a filled dot) and "test" (a hollow one) after a gap.
    expect(brightness(pixel(legend.x + 5, legend.y + 8 + 16 * 3 + 8))).toBeLessThan(400);
    expect(pixel(legend.x + 5, legend.y + 8 + 16 * 4 + 8)).toEqual([255, 255, 255]);
  });

  it('gives ten classes (the digits) ten clearly different colours, in the legend and the regions', () => {
    // Column j predicts class j, surely: ten vertical bands, and a legend of ten swatches.
    const digits: Field = { values: Float64Array.from({ length: 10 * 30 }, (_, k) => k % 10), nx: 10, ny: 30, x: [0, 9], y: [0, 29] };
    const names = Array.from({ length: 10 }, (_, k) => String(k));
    const image = PNG.sync.read(decisionRegionsPng(digits, { map: { names, read: { kind: 'index' }, train: { xy: [], classes: [] } } }, 'Digits'));
    const at = heatmapLayout(digits, { x: 0, y: 0, width: image.width, height: image.height });
    const read = (x: number, y: number): RGB => {
      const i = (Math.floor(y) * image.width + Math.floor(x)) * 4;
      return [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!];
    };
    const swatches = names.map((_, k) => read(at.bar.x + 5, at.bar.y + 8 + 16 * k));
    const bands = names.map((_, k) => read(...planePixel(digits, at, k, 1)));
    swatches.forEach((rgb, k) => expect(rgb, `swatch ${k}`).toEqual(classColor(k)));
    bands.forEach((rgb, k) => expect(rgb, `band ${k}`).toEqual(regionColor(k, 1)));
    for (const colours of [swatches, bands]) {
      for (let a = 0; a < 10; a++) for (let b = a + 1; b < 10; b++) expect(distance(colours[a]!, colours[b]!), `classes ${a} and ${b}`).toBeGreaterThan(colours === swatches ? 50 : 30);
    }
  });

  it('reads a raw output against a threshold (squared error on ±1 labels): the sign is the class, |value| the confidence', () => {
    const raw = Float64Array.from({ length: 4 * 3 }, (_, k) => -1.2 + (k * 2.4) / 11);
    const small: Field = { values: raw, nx: 4, ny: 3, x: [0, 1], y: [0, 1] };
    const twoClasses: ClassMap = { names: ['−1', '+1'], read: { kind: 'threshold', at: 0, span: 1, below: 0, above: 1 }, train: { xy: [], classes: [] } };
    const image = PNG.sync.read(decisionRegionsPng(small, { map: twoClasses }, 'Prediction'));
    const at = heatmapLayout(small, { x: 0, y: 0, width: image.width, height: image.height });
    for (let k = 0; k < raw.length; k++) {
      const [px, py] = planePixel(small, at, (k % 4) / 3, Math.floor(k / 4) / 2);
      const i = (Math.floor(py) * image.width + Math.floor(px)) * 4;
      expect([image.data[i], image.data[i + 1], image.data[i + 2]], `cell ${k}`).toEqual(regionColor(raw[k]! > 0 ? 1 : 0, Math.min(1, Math.abs(raw[k]!))));
    }
  });
});

const brightness = (rgb: readonly number[]): number => rgb[0]! + rgb[1]! + rgb[2]!;
const distance = (a: RGB, b: readonly number[]): number => Math.hypot(a[0] - b[0]!, a[1] - b[1]!, a[2] - b[2]!);
