import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/createEngine.js';
import { Network, type NetworkJSON } from '../../src/network/Network.js';
import type { Grid } from '../../src/operators/Snapshot.js';
import { classColor, regionColor } from '../../src/sinks/classPalette.js';
import { planePixel } from '../../src/sinks/planePixel.js';
import { heatmapLayout } from '../../src/sinks/drawHeatmap.js';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { startScenario } from '../../src/scenario/startScenario.js';
import { readGif } from '../helpers/readGif.js';
import { regionTruth } from '../sinks/regionTruth.js';
import { captureCli } from './captureCli.js';

const engine = await createEngine('mathjs');

/** Runs a scenario for `steps` steps into a fresh folder; returns the folder and the saved model. */
async function run(scenario: string, steps: number): Promise<{ dir: string; net: Network }> {
  const dir = mkdtempSync(join(tmpdir(), 'rxprop-regions-'));
  const { code, stderr } = await captureCli(['run', scenario, '--steps', String(steps), '--out', dir, '--quiet']);
  expect(code, stderr).toBe(0);
  return { dir, net: Network.fromJSON(JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as NetworkJSON, { engine }) };
}

/** The training points the run draws (the same seeds as `rxprop run`). */
async function trainingPoints(scenario: string): Promise<readonly number[]> {
  return (await startScenario(await loadScenario(scenario), { engine: 'mathjs' })).classes!.train.xy;
}

/** Whether pixel (px, py) is at least `gap` pixels from every point. */
const clear = (grid: Grid, layout: ReturnType<typeof heatmapLayout>, xy: readonly number[], gap: number) => (px: number, py: number) =>
  Array.from({ length: xy.length / 2 }, (_, p) => planePixel(grid, layout, xy[2 * p]!, xy[2 * p + 1]!)).every(([dx, dy]) => Math.hypot(dx - px, dy - py) >= gap);

describe('rxprop run: a classifier’s pictures are decision regions', () => {
  it('prediction.png and the last frame of training.gif colour each cell by the class of the saved model (softmax-ce), with its points and target', async () => {
    const { dir, net } = await run('scenarios/three-class-rings', 300);
    const grid: Grid = { x: [-1, 1], y: [-1, 1], nx: 40, ny: 40 };
    const png = PNG.sync.read(readFileSync(join(dir, 'prediction.png')));
    const layout = heatmapLayout(grid, { x: 0, y: 0, width: png.width, height: png.height });
    const pixel = (x: number, y: number) => {
      const k = (Math.floor(y) * png.width + Math.floor(x)) * 4;
      return [png.data[k]!, png.data[k + 1]!, png.data[k + 2]!];
    };
    const truth = regionTruth(net, grid);
    expect(new Set(truth.map((t) => t.class))).toEqual(new Set([0, 1, 2]));
    // The training points: where no region colour is, class colours with dark outlines are.
    const full = [0, 1, 2].map((k) => classColor(k));
    let dots = 0;
    for (let y = layout.image.y; y < layout.image.y + layout.image.height; y++) for (let x = layout.image.x; x < layout.image.x + layout.image.width; x++) if (full.some((c) => c.every((v, i) => v === pixel(x, y)[i]))) dots++;
    expect(dots).toBeGreaterThan(300 * 10); // 300 dots of ~20 full-colour pixels, some overlapping
    // Cells away from the dots: exactly the region colour of the model's class and confidence.
    const xy = await trainingPoints('scenarios/three-class-rings');
    const away = clear(grid, layout, xy, 7);
    const free = truth.filter((t) => away(...planePixel(grid, layout, t.x, t.y)));
    expect(free.length).toBeGreaterThan(400);
    for (const t of free) expect(pixel(...planePixel(grid, layout, t.x, t.y)), `cell (${t.i}, ${t.j})`).toEqual(regionColor(t.class, t.confidence));
    const gif = readGif(readFileSync(join(dir, 'training.gif')));
    const frameLayout = heatmapLayout(grid, { x: 360, y: 0, width: 360, height: 340 });
    const awayInFrame = clear(grid, frameLayout, xy, 7);
    const freeInFrame = truth.filter((t) => awayInFrame(...planePixel(grid, frameLayout, t.x, t.y)));
    expect(freeInFrame.length).toBeGreaterThan(200);
    for (const t of freeInFrame) expect(gif.at(-1)!.pixel(...(planePixel(grid, frameLayout, t.x, t.y).map(Math.floor) as [number, number])), `cell (${t.i}, ${t.j})`).toEqual(regionColor(t.class, t.confidence));
    // target.png: the true classes, sure everywhere, no points.
    const target = PNG.sync.read(readFileSync(join(dir, 'target.png')));
    const centre = planePixel(grid, layout, 0, 0).map(Math.floor);
    expect(Array.from(target.data.subarray((centre[1]! * target.width + centre[0]!) * 4, (centre[1]! * target.width + centre[0]!) * 4 + 3))).toEqual(regionColor(0, 1)); // the disc
  }, 60_000);

  it('reads a Playground run fitted with squared error on ±1 by the sign of its output, |output| its confidence', async () => {
    const { dir, net } = await run('scenarios/playground-xor', 400);
    const grid: Grid = { x: [-6, 6], y: [-6, 6], nx: 40, ny: 40 };
    const png = PNG.sync.read(readFileSync(join(dir, 'prediction.png')));
    const layout = heatmapLayout(grid, { x: 0, y: 0, width: png.width, height: png.height });
    const points: [number, number][] = [];
    for (let i = 0; i < 40; i++) for (let j = 0; j < 40; j++) points.push([-6 + (j * 12) / 39, -6 + (i * 12) / 39]);
    const out = (net.predict(points).toArray() as number[][]).map((r) => r[0]!);
    const cells = points.map(([x, y], k) => ({ x, y, v: out[k]! }));
    const away = clear(grid, layout, await trainingPoints('scenarios/playground-xor'), 7);
    const free = cells.filter((c) => away(...planePixel(grid, layout, c.x, c.y)));
    expect(free.length).toBeGreaterThan(400);
    for (const c of free) {
      const [px, py] = planePixel(grid, layout, c.x, c.y).map(Math.floor) as [number, number];
      const k = (py * png.width + px) * 4;
      expect([png.data[k], png.data[k + 1], png.data[k + 2]]).toEqual(regionColor(c.v > 0 ? 1 : 0, Math.min(1, Math.abs(c.v))));
    }
    expect(new Set(free.map((c) => c.v > 0))).toEqual(new Set([true, false]));
  }, 60_000);
});
