import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { heatmapLayout } from '../../src/sinks/drawHeatmap.js';
import { viridis } from '../../src/sinks/viridis.js';
import { liveTraining } from '../server/liveTraining.js';
import { countPixels } from './countPixels.js';
import { useDashboard } from './dashboardHarness.js';
import { pixelsAt } from './pixelsAt.js';

const screenshot = fileURLToPath(new URL('../../out/dashboard.png', import.meta.url));
const dashboard = useDashboard();

describe('the dashboard in Chromium during a run', () => {
  it('draws the live cost curve and the prediction heatmap beside the target (ticks on cell centres), and shows the learning rate', async () => {
    const live = await liveTraining(100_000_000);
    const server = await dashboard.serve(live.served, { run: live.run });
    live.run.connect();
    const { page, errors } = await dashboard.open(server.url, { width: 1500, height: 520 });

    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('#curve')?.dataset['points']) > 200 && Number(document.querySelector<HTMLElement>('#maps')?.dataset['step']) > 3000, undefined, { timeout: 20_000 });
    await page.waitForTimeout(300); // one more frame of each, for the screenshot
    await mkdir(join(screenshot, '..'), { recursive: true });
    await page.screenshot({ path: screenshot });

    expect(errors).toEqual([]);
    expect(await page.textContent('#name')).toBe('seed-fit');
    expect(await page.textContent('#status')).toBe('running');
    expect(Number(await page.textContent('#rate'))).toBeGreaterThan(0);
    expect(Number(await page.textContent('#step'))).toBeGreaterThan(3000);
    expect(await page.textContent('#lr')).toBe('0.05'); // the run's eta

    // The curve: uPlot's canvas has the line's colour on it.
    expect(await countPixels(page, '#curve canvas', [31, 95, 168])).toBeGreaterThan(500);

    // The heatmaps: target (left panel) and prediction (right panel), painted in viridis colours.
    // In each panel's image: the two lobes (x = y = ±0.25, bright) and two points of the dark
    // diagonal x = −y (target 0), as (u, v) from the image's top left (y rises upwards).
    const uv = [[0.75, 0.25], [0.25, 0.75], [0.75, 0.75], [0.25, 0.25]] as const;
    const points = [0, 1].flatMap((panel) => {
      const { image } = heatmapLayout({ nx: 40, ny: 40 }, { x: panel * 460, y: 0, width: 460, height: 380 });
      return uv.map(([u, v]) => [Math.round(image.x + u * image.width), Math.round(image.y + v * image.height)] as const);
    });
    const pixels = await pixelsAt(page, '#maps', points);
    const samples = { canvasWidth: pixels.width, target: pixels.rgb.slice(0, 4), prediction: pixels.rgb.slice(4) };
    expect(samples.canvasWidth).toBe(920);
    expect(pixels.maps).toBe('heatmap'); // a regression's snapshots: heatmaps, not decision regions
    const palette = Array.from({ length: 101 }, (_, k) => viridis(k / 100));
    const isViridis = (rgb: number[]) => palette.some((c) => c.every((v, i) => Math.abs(v - rgb[i]!) <= 3));
    for (const rgb of [...samples.target, ...samples.prediction]) expect(isViridis(rgb), `rgb(${rgb.join(',')}) is a viridis colour`).toBe(true);
    // The target is bright on its lobes and dark on the diagonal; the trained prediction too.
    const brightness = (rgb: number[]) => rgb[0]! + rgb[1]! + rgb[2]!;
    for (const [lobe1, lobe2, dark1, dark2] of [samples.target, samples.prediction]) {
      expect(Math.min(brightness(lobe1!), brightness(lobe2!))).toBeGreaterThan(Math.max(brightness(dark1!), brightness(dark2!)) + 100);
    }

    // The target's axis ticks: x = y = −0.5, 0 and 0.5 at the centres of grid cells 0, 19.5 and 39, not at the edges.
    const { image, cell } = heatmapLayout({ nx: 40, ny: 40 }, { x: 0, y: 0, width: 460, height: 380 });
    const centres = [0, 19.5, 39].map((k) => cell * (k + 0.5));
    const ticks = [...centres.map((c) => [image.x + c, image.y + image.height + 2] as const), ...centres.map((c) => [image.x - 2, image.y + image.height - c] as const)];
    const edges = [[image.x, image.y + image.height + 2], [image.x + image.width, image.y + image.height + 2], [image.x - 2, image.y], [image.x - 2, image.y + image.height - 1]] as const;
    const { rgb } = await pixelsAt(page, '#maps', [...ticks, ...edges]);
    expect(rgb.slice(0, ticks.length)).toEqual(ticks.map(() => [0x55, 0x55, 0x55]));
    expect(rgb.slice(ticks.length)).toEqual(edges.map(() => [255, 255, 255]));
  }, 40_000);
});
