import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { startScenario, type ScenarioRun } from '../../src/scenario/startScenario.js';
import { serve, type RunServer } from '../../src/server/serve.js';
import { classColor, regionColor } from '../../src/sinks/classPalette.js';
import { planePixel } from '../../src/sinks/planePixel.js';
import { heatmapLayout } from '../../src/sinks/drawHeatmap.js';
import { viridis } from '../../src/sinks/viridis.js';
import { regionTruth } from '../sinks/regionTruth.js';
import { liveTraining } from '../server/liveTraining.js';
import { dashboardHarness, openPage } from './dashboardHarness.js';

const screenshot = fileURLToPath(new URL('../../out/dashboard-regions.png', import.meta.url));
let harness: Awaited<ReturnType<typeof dashboardHarness>>;
const servers: RunServer[] = [];
const stops: (() => void)[] = [];

beforeAll(async () => {
  harness = await dashboardHarness();
}, 60_000);

afterAll(async () => {
  stops.forEach((stop) => stop());
  await Promise.all(servers.map((s) => s.close()));
  await harness?.close();
});

/** A shipped scenario served as `rxprop run --serve` serves it (the fields serveExtension passes). */
async function servedScenario(path: string): Promise<{ run: ScenarioRun; server: RunServer }> {
  const run = await startScenario(await loadScenario(path));
  const server = await serve(
    { steps$: run.steps$, snapshots$: run.snapshots$, history: () => run.history(), scenario: run.scenario, grid: run.grid, target: run.target, ...(run.classes ? { classes: run.classes } : {}) },
    { webRoot: harness.webRoot, log: () => {} },
  );
  servers.push(server);
  stops.push(() => run.connect().unsubscribe());
  return { run, server };
}

/** The canvas's pixels at `points`, and its size and what it drew. */
async function canvasPixels(page: import('playwright-core').Page, points: (readonly [number, number])[]) {
  return page.evaluate((points) => {
    const canvas = document.querySelector<HTMLCanvasElement>('#maps')!;
    const ctx = canvas.getContext('2d')!;
    return { width: canvas.width, maps: canvas.dataset['maps'], rgb: points.map(([x, y]) => Array.from(ctx.getImageData(x, y, 1, 1).data.slice(0, 3))) };
  }, points);
}

describe('the dashboard in Chromium', () => {
  it('draws a classifier’s snapshots as decision regions with its training points, beside its true classes', async () => {
    const { run, server } = await servedScenario('scenarios/three-class-rings');
    const { page, errors } = await openPage(harness.browser, server.url, { width: 1500, height: 520 });
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
    const pixels = await canvasPixels(page, [...cells.map((t) => at(...planePixel(grid, layout, t.x, t.y))), ...lone.map(({ d }) => at(d[0] - 0.5, d[1] - 0.5)), [layout.bar.x + 5, layout.bar.y + 8], at(...planePixel(grid, heatmapLayout(grid, { ...panel, x: 0 }), 0, 0))]);
    expect(errors).toEqual([]);
    expect(pixels.width).toBe(920);
    expect(pixels.maps).toBe('regions');
    cells.forEach((t, k) => expect(pixels.rgb[k], `cell (${t.i}, ${t.j})`).toEqual(regionColor(t.class, t.confidence)));
    lone.forEach(({ k }, n) => expect(pixels.rgb[cells.length + n], `dot ${n}`).toEqual(classColor(k)));
    const [legend, targetCentre] = pixels.rgb.slice(-2);
    expect(legend).toEqual(classColor(0)); // the legend's first swatch
    expect(targetCentre).toEqual(regionColor(0, 1)); // the target's disc, sure
    await page.close();
  }, 60_000);

  it('keeps a regression’s snapshots as viridis heatmaps', async () => {
    const live = await liveTraining(100_000_000);
    const server = await serve(live.served, { webRoot: harness.webRoot, log: () => {} });
    servers.push(server);
    stops.push(() => live.run.connect().unsubscribe());
    const { page, errors } = await openPage(harness.browser, server.url, { width: 1500, height: 520 });
    live.run.connect();
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('#maps')?.dataset['step']) > 500, undefined, { timeout: 20_000 });
    const { image } = heatmapLayout({ nx: 40, ny: 40 }, { x: 460, y: 0, width: 460, height: 380 });
    const points = [0.2, 0.5, 0.8].flatMap((u) => [0.2, 0.5, 0.8].map((v) => [Math.round(image.x + u * image.width), Math.round(image.y + v * image.height)] as const));
    const pixels = await canvasPixels(page, points);
    expect(errors).toEqual([]);
    expect(pixels.maps).toBe('heatmap');
    const palette = Array.from({ length: 101 }, (_, k) => viridis(k / 100));
    for (const rgb of pixels.rgb) expect(palette.some((c) => c.every((v, i) => Math.abs(v - rgb[i]!) <= 3)), `rgb(${rgb.join(',')}) is a viridis colour`).toBe(true);
    await page.close();
  }, 40_000);
});
