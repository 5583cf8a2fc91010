import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { math } from '../../src/math.js';
import type { Snapshot } from '../../src/operators/Snapshot.js';
import type { TrainStep } from '../../src/operators/TrainStep.js';
import { classColor, regionColor } from '../../src/sinks/classPalette.js';
import { heatmapLayout } from '../../src/sinks/drawHeatmap.js';
import { planePixel } from '../../src/sinks/planePixel.js';
import { regionTruth } from '../sinks/regionTruth.js';
import { useDashboard } from './dashboardHarness.js';
import { pixelsAt } from './pixelsAt.js';

const screenshot = fileURLToPath(new URL('../../out/dashboard-regions.png', import.meta.url));
const dashboard = useDashboard();

describe('the dashboard of a 2-D classifier in Chromium', () => {
  it('draws a classifier’s snapshots as decision regions with its training points, beside its true classes', async () => {
    const { run, server } = await dashboard.serveScenario('scenarios/three-class-rings');
    const { page, errors } = await dashboard.open(server.url, { width: 1500, height: 520 });
    run.connect();
    // The run's last snapshot (step 3000) is drawn once it has completed.
    await page.waitForFunction(() => document.querySelector('#status')?.textContent === 'completed' && document.querySelector<HTMLElement>('#maps')?.dataset['step'] === '3000', undefined, { timeout: 40_000 });
    await page.waitForTimeout(100);
    await mkdir(join(screenshot, '..'), { recursive: true });
    await page.screenshot({ path: screenshot });

    const grid = run.grid!;
    const panel = { x: 460, y: 0, width: 460, height: 380 };
    const layout = heatmapLayout(grid, panel);
    const xy = run.classes!.train.xy;
    const dots = Array.from({ length: xy.length / 2 }, (_, p) => planePixel(grid, layout, xy[2 * p]!, xy[2 * p + 1]!));
    // Regions: every cell away from the dots in the colour of the final network's class and confidence.
    const cells = regionTruth(run.network, grid).filter((t) => {
      const [px, py] = planePixel(grid, layout, t.x, t.y);
      return dots.every(([dx, dy]) => Math.hypot(dx - px, dy - py) >= 7);
    });
    expect(cells.length).toBeGreaterThan(300);
    // Points: dots with no other dot within 9 pixels show their class colour at the centre.
    const lone = dots.map((d, p) => ({ d, k: run.classes!.train.classes[p]! })).filter(({ d }, p) => dots.every((e, q) => q === p || Math.hypot(e[0] - d[0], e[1] - d[1]) > 9));
    expect(lone.length).toBeGreaterThan(20);
    const at = (x: number, y: number) => [Math.floor(x), Math.floor(y)] as const;
    const pixels = await pixelsAt(page, '#maps', [...cells.map((t) => at(...planePixel(grid, layout, t.x, t.y))), ...lone.map(({ d }) => at(d[0] - 0.5, d[1] - 0.5)), [layout.bar.x + 5, layout.bar.y + 8], at(...planePixel(grid, heatmapLayout(grid, { ...panel, x: 0 }), 0, 0))]);
    expect(errors).toEqual([]);
    expect(pixels.width).toBe(920);
    expect(pixels.maps).toBe('regions');
    cells.forEach((t, k) => expect(pixels.rgb[k], `cell (${t.i}, ${t.j})`).toEqual(regionColor(t.class, t.confidence)));
    lone.forEach(({ k }, n) => expect(pixels.rgb[cells.length + n], `dot ${n}`).toEqual(classColor(k)));
    const [legend, targetCentre] = pixels.rgb.slice(-2);
    expect(legend).toEqual(classColor(0)); // the legend's first swatch
    expect(targetCentre).toEqual(regionColor(0, 1)); // the target's disc, sure
    expect(await page.textContent('#lr')).toBe('0.05'); // momentum SGD's lr
  }, 60_000);

  it('gives ten classes (the digits) ten different colours, in the legend and the regions', async () => {
    // A hand-made classifier snapshot: column j of a 10×10 grid is class j, surely.
    const grid = { x: [0, 9], y: [0, 9], nx: 10, ny: 10 } as const;
    const [steps$, snapshots$] = [new Subject<TrainStep>(), new Subject<Snapshot>()];
    const names = Array.from({ length: 10 }, (_, k) => String(k));
    const server = await dashboard.serve({ steps$, snapshots$, name: 'digits', grid, classes: { names, read: { kind: 'index' }, train: { xy: [], classes: [] } } });
    const columns = Array.from({ length: 10 }, () => names.map(Number));
    steps$.next({ step: 1, cost: 1, batchSize: 1, time: 0 });
    snapshots$.next({ step: 1, cost: 1, time: 0, grid, prediction: math.matrix(columns), confidence: math.matrix(columns.map((row) => row.map(() => 1))), weights: [], biases: [] });
    const { page, errors } = await dashboard.open(server.url, { width: 1500, height: 520 });
    await page.waitForFunction(() => document.querySelector<HTMLElement>('#maps')?.dataset['step'] === '1', undefined, { timeout: 20_000 });
    const layout = heatmapLayout(grid, { x: 0, y: 0, width: 460, height: 380 });
    const swatches = names.map((_, k) => [layout.bar.x + 5, layout.bar.y + 8 + 16 * k] as const);
    const bands = names.map((_, k) => planePixel(grid, layout, k, 4.5).map(Math.floor) as [number, number]);
    const { rgb } = await pixelsAt(page, '#maps', [...swatches, ...bands]);
    expect(errors).toEqual([]);
    expect(rgb.slice(0, 10)).toEqual(names.map((_, k) => [...classColor(k)]));
    expect(rgb.slice(10)).toEqual(names.map((_, k) => [...regionColor(k, 1)]));
    expect(new Set(rgb.slice(0, 10).map(String)).size).toBe(10);
    expect(new Set(rgb.slice(10).map(String)).size).toBe(10);
  }, 40_000);
});
