import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainingRun } from '../../src/operators/trainingRun.js';
import { serve, type RunServer } from '../../src/server/serve.js';
import { heatmapLayout } from '../../src/sinks/drawHeatmap.js';
import { viridis } from '../../src/sinks/viridis.js';
import { liveTraining } from '../server/liveTraining.js';
import { dashboardHarness, openPage } from './dashboardHarness.js';

const screenshot = fileURLToPath(new URL('../../out/dashboard.png', import.meta.url));
let harness: Awaited<ReturnType<typeof dashboardHarness>>;
let run: TrainingRun;
let server: RunServer;

beforeAll(async () => {
  harness = await dashboardHarness();
  const live = await liveTraining(100_000_000);
  run = live.run;
  server = await serve(live.served, { webRoot: harness.webRoot, log: () => {} });
  run.connect();
}, 60_000);

afterAll(async () => {
  run?.connect().unsubscribe();
  await server?.close();
  await harness?.close();
});

describe('the dashboard in Chromium during a run', () => {
  it('draws the live cost curve and the prediction heatmap beside the target', async () => {
    const { page, errors } = await openPage(harness.browser, server.url, { width: 1500, height: 520 });

    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('#curve')?.dataset['points']) > 200 && Number(document.querySelector<HTMLElement>('#maps')?.dataset['step']) > 3000, undefined, { timeout: 20_000 });
    await page.waitForTimeout(300); // one more frame of each, for the screenshot
    await mkdir(join(screenshot, '..'), { recursive: true });
    await page.screenshot({ path: screenshot });

    expect(errors).toEqual([]);
    expect(await page.textContent('#name')).toBe('seed-fit');
    expect(await page.textContent('#status')).toBe('running');
    expect(Number(await page.textContent('#rate'))).toBeGreaterThan(0);
    expect(Number(await page.textContent('#step'))).toBeGreaterThan(3000);

    // The curve: uPlot's canvas has the line's colour on it.
    const linePixels = await page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('#curve canvas')!;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let k = 0; k < data.length; k += 4) if (Math.abs(data[k]! - 31) < 30 && Math.abs(data[k + 1]! - 95) < 30 && Math.abs(data[k + 2]! - 168) < 30) n++;
      return n;
    });
    expect(linePixels).toBeGreaterThan(500);

    // The heatmaps: target (left panel) and prediction (right panel), painted in viridis colours.
    // In each panel's image: the two lobes (x = y = ±0.25, bright) and two points of the dark
    // diagonal x = −y (target 0), as (u, v) from the image's top left (y rises upwards).
    const uv = [[0.75, 0.25], [0.25, 0.75], [0.75, 0.75], [0.25, 0.25]] as const;
    const points = [0, 1].flatMap((panel) => {
      const { image } = heatmapLayout({ nx: 40, ny: 40 }, { x: panel * 460, y: 0, width: 460, height: 380 });
      return uv.map(([u, v]) => [Math.round(image.x + u * image.width), Math.round(image.y + v * image.height)] as const);
    });
    const pixels = await page.evaluate((points) => {
      const canvas = document.querySelector<HTMLCanvasElement>('#maps')!;
      const ctx = canvas.getContext('2d')!;
      return { width: canvas.width, rgb: points.map(([x, y]) => Array.from(ctx.getImageData(x, y, 1, 1).data.slice(0, 3))) };
    }, points);
    const samples = { canvasWidth: pixels.width, target: pixels.rgb.slice(0, 4), prediction: pixels.rgb.slice(4) };
    expect(samples.canvasWidth).toBe(920);
    const palette = Array.from({ length: 101 }, (_, k) => viridis(k / 100));
    const isViridis = (rgb: number[]) => palette.some((c) => c.every((v, i) => Math.abs(v - rgb[i]!) <= 3));
    for (const rgb of [...samples.target, ...samples.prediction]) expect(isViridis(rgb), `rgb(${rgb.join(',')}) is a viridis colour`).toBe(true);
    // The target is bright on its lobes and dark on the diagonal; the trained prediction too.
    const brightness = (rgb: number[]) => rgb[0]! + rgb[1]! + rgb[2]!;
    for (const [lobe1, lobe2, dark1, dark2] of [samples.target, samples.prediction]) {
      expect(Math.min(brightness(lobe1!), brightness(lobe2!))).toBeGreaterThan(Math.max(brightness(dark1!), brightness(dark2!)) + 100);
    }
    await page.close();
  }, 40_000);
});
