import * as gifencModule from 'gifenc';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/createEngine.js';
import { Batch } from '../../src/network/Batch.js';
import { Network } from '../../src/network/Network.js';
import type { Grid } from '../../src/operators/Snapshot.js';
import { snapshotter } from '../../src/operators/snapshotter.js';
import { seededRandom } from '../../src/random/Random.js';
import type { ClassMap } from '../../src/sinks/ClassMap.js';
import { classColor, regionColor } from '../../src/sinks/classPalette.js';
import { colorScale } from '../../src/sinks/colorScale.js';
import { pointRadius } from '../../src/sinks/drawDecisionRegions.js';
import { planePixel } from '../../src/sinks/planePixel.js';
import { heatmapLayout, type Field } from '../../src/sinks/drawHeatmap.js';
import type { TrainingFrame } from '../../src/sinks/drawTrainingFrame.js';
import { trainingGif } from '../../src/sinks/trainingGif.js';
import { readGif } from '../helpers/readGif.js';
import { regionTruth, ring, type CellTruth, type RGB } from './regionTruth.js';

const gifenc = (gifencModule.quantize ? gifencModule : gifencModule.default) as Required<Pick<typeof gifencModule, 'GIFEncoder'>>;
const engine = await createEngine('mathjs');
const grid: Grid = { x: [-3, 3], y: [-2, 2], nx: 40, ny: 30 };
const [width, height] = [720, 340];

describe('readGif (the test reader)', () => {
  it('reads back the indices gifenc encoded, through palette and LZW', () => {
    const palette = Array.from({ length: 256 }, (_, k) => [k, 255 - k, (k * 7) % 256]);
    const random = seededRandom(3);
    const index = Uint8Array.from({ length: 61 * 23 }, () => (random.next() < 0.7 ? 5 : Math.floor(random.next() * 256)));
    const gif = gifenc.GIFEncoder!();
    gif.writeFrame(index, 61, 23, { palette });
    gif.finish();
    const [frame] = readGif(gif.bytes());
    for (let k = 0; k < index.length; k++) expect(frame!.pixel(k % 61, Math.floor(k / 61))).toEqual(palette[index[k]!]);
  });
});

describe('trainingGif of a classifier', () => {
  // A three-class net, shot untrained and again after some training: the regions move.
  const net = Network.create({ layers: [2, 12, 3], activations: ['tanh', 'linear'], loss: 'softmax-ce', init: { weights: { type: 'uniform', scale: 2 }, biases: { type: 'uniform', scale: 1 } } }, { engine, random: seededRandom(11) });
  const shoot = snapshotter(net, { grid });
  const train = { xy: [-2, -1, 0.3, 0.2, 1.7, 1.1, -0.4, -1.6], classes: [0, 1, 2, 1] };
  const map: ClassMap = { names: ['a', 'b', 'c'], read: { kind: 'index' }, train };
  const states: { frame: TrainingFrame; truth: CellTruth[] }[] = [];
  for (const step of [1, 60]) {
    if (step > 1) for (let k = 0; k < step; k++) net.trainBatch(Batch.of([[-2, -1], [0.3, 0.2], [1.7, 1.1]], [[1, 0, 0], [0, 1, 0], [0, 0, 1]]), 0.2);
    const s = shoot({ step, cost: 1, time: 0 });
    const flat = (m: typeof s.prediction) => Float64Array.from((m.toArray() as number[][]).flat());
    const prediction: Field = { values: flat(s.prediction), nx: grid.nx, ny: grid.ny, x: grid.x, y: grid.y };
    states.push({ frame: { step, costs: Float64Array.of(1, 0.5), prediction, regions: { map, confidence: flat(s.confidence!) } }, truth: regionTruth(net, grid) });
  }
  const frames = readGif(trainingGif(states.map((s) => s.frame), { scale: colorScale([[0, 1]]), chart: { steps: 60, yRange: [0, 1] } }));
  const layout = heatmapLayout(states[0]!.frame.prediction, { x: width / 2, y: 0, width: width / 2, height });

  it('draws every frame’s regions in the colour of the class predict() gave then, its shades exact in the palette', () => {
    expect(frames).toHaveLength(2);
    expect(states[0]!.truth.filter((t, k) => t.class !== states[1]!.truth[k]!.class).length).toBeGreaterThan(20); // the frames differ
    states.forEach(({ truth }, f) => {
      let checked = 0;
      for (const t of truth) {
        const [px, py] = planePixel(states[0]!.frame.prediction, layout, t.x, t.y);
        if (train.classes.some((_, p) => Math.hypot(planePixel(states[0]!.frame.prediction, layout, train.xy[2 * p]!, train.xy[2 * p + 1]!)[0] - px, planePixel(states[0]!.frame.prediction, layout, train.xy[2 * p]!, train.xy[2 * p + 1]!)[1] - py) < 7)) continue;
        expect(frames[f]!.pixel(Math.floor(px), Math.floor(py)), `frame ${f}, cell (${t.i}, ${t.j})`).toEqual(regionColor(t.class, t.confidence));
        checked++;
      }
      expect(checked).toBeGreaterThan(1150);
    });
  });

  it('draws the training points in their class colour with a dark outline on every frame', () => {
    for (const frame of frames) {
      for (let p = 0; p < train.classes.length; p++) {
        const [px, py] = planePixel(states[0]!.frame.prediction, layout, train.xy[2 * p]!, train.xy[2 * p + 1]!);
        const pixel = (x: number, y: number): RGB => frame.pixel(Math.floor(x), Math.floor(y));
        const color = classColor(train.classes[p]!);
        expect(distance(pixel(px - 0.5, py - 0.5), color), `point ${p}`).toBeLessThan(12);
        for (const rgb of ring(pixel, px, py, pointRadius(layout.cell))) expect(rgb[0] + rgb[1] + rgb[2], `outline of point ${p}`).toBeLessThan(color[0] + color[1] + color[2] - 40);
      }
    }
  });

  it('has the legend on every frame', () => {
    for (const frame of frames) for (let k = 0; k < 3; k++) expect(frame.pixel(layout.bar.x + 5, layout.bar.y + 8 + 16 * k)).toEqual(classColor(k));
  });
});

describe('trainingGif of a classifier with many classes', () => {
  it('keeps the first 20 classes’ shades exact and still encodes 30 classes (more shades than a GIF palette holds)', () => {
    // Column j predicts class j; the confidence rises by row, so every class shows its shades.
    const [nx, ny] = [30, 24];
    const prediction: Field = { values: Float64Array.from({ length: nx * ny }, (_, k) => k % nx), nx, ny, x: [0, nx - 1], y: [0, ny - 1] };
    const confidence = Float64Array.from({ length: nx * ny }, (_, k) => Math.floor(k / nx) / (ny - 1));
    const map: ClassMap = { names: Array.from({ length: nx }, (_, k) => `class ${k}`), read: { kind: 'index' }, train: { xy: [], classes: [] } };
    const [frame] = readGif(trainingGif([{ step: 1, costs: [1], prediction, regions: { map, confidence, points: false } }], { scale: colorScale([[0, 1]]), chart: { steps: 1, yRange: [0, 1] } }));
    const layout = heatmapLayout(prediction, { x: width / 2, y: 0, width: width / 2, height });
    for (let j = 0; j < 20; j++) {
      for (const i of [0, 12, ny - 1]) {
        const [px, py] = planePixel(prediction, layout, j, i);
        expect(frame!.pixel(Math.floor(px), Math.floor(py)), `class ${j}, row ${i}`).toEqual(regionColor(j, confidence[i * nx]!));
      }
    }
  });
});

const distance = (a: RGB, b: readonly number[]): number => Math.hypot(a[0] - b[0]!, a[1] - b[1]!, a[2] - b[2]!);
