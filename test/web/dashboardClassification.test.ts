import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../src/sinks/ticks.js';
import { countPixels } from './countPixels.js';
import { useDashboard } from './dashboardHarness.js';

const screenshot = fileURLToPath(new URL('../../out/dashboard-classification.png', import.meta.url));
const dashboard = useDashboard();

/** A scenario served as `rxprop run --serve` serves it, trained to the end. */
async function finishedScenario(path: string, steps?: number) {
  const { run, server } = await dashboard.serveScenario(path, steps === undefined ? {} : { steps });
  run.connect();
  await server.finished;
  return { run, server };
}

const orange: [number, number, number] = [0xe0, 0x7b, 0x00]; // the held-out accuracy line
const red: [number, number, number] = [0xc0, 0x39, 0x2b]; // wrong predictions
const ink: [number, number, number] = [20, 20, 20]; // a digit's dark strokes

describe('the dashboard of a classifier in Chromium', () => {
  it('shows the validation accuracy, the confusion matrix and the misclassified digits of a small MNIST run (a client joining after its evaluations)', async () => {
    const { server } = await finishedScenario('test/scenario/good/mnist-classifier.yaml');
    const { page, errors } = await dashboard.open(server.url, { width: 1500, height: 1400 });
    await page.waitForFunction(() => document.querySelector<HTMLElement>('#confusion')?.dataset['step'] === '40' && Number(document.querySelector<HTMLElement>('#accuracy')?.dataset['points']) === 4, undefined, { timeout: 20_000 });
    await mkdir(fileURLToPath(new URL('../../out/', import.meta.url)), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(errors).toEqual([]);
    expect(await page.textContent('#lr')).toBe('0.003'); // Adam's lr
    expect(await page.isVisible('#classification')).toBe(true);
    // Images have no input plane: no snapshots, no prediction panel.
    expect(await page.isVisible('#prediction')).toBe(false);
    expect(await countPixels(page, '#accuracy', orange)).toBeGreaterThan(200);
    // 10 classes in cells of 40 px, with counts; the diagonal blue (right answers).
    expect(await page.evaluate(() => [document.querySelector<HTMLCanvasElement>('#confusion')!.width, document.querySelector<HTMLCanvasElement>('#confusion')!.height])).toEqual([480, 470]);
    const diagonal = await page.evaluate(() => {
      const ctx = document.querySelector<HTMLCanvasElement>('#confusion')!.getContext('2d')!;
      let blue = 0;
      for (let d = 0; d < 10; d++) {
        const [r, , b] = ctx.getImageData(58 + 40 * d + 4, 58 + 40 * d + 4, 1, 1).data;
        if (b! > r! + 60) blue++;
      }
      return blue;
    });
    expect(diagonal).toBeGreaterThanOrEqual(7);
    // The misclassified digits: drawn (dark strokes) with red predicted labels, as many as the server sent.
    expect(await page.isVisible('#misclassified')).toBe(true);
    const shown = Number(await page.getAttribute('#misclassified', 'data-shown'));
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThanOrEqual(40);
    expect(await countPixels(page, '#misclassified', ink)).toBeGreaterThan(shown * 20);
    expect(await countPixels(page, '#misclassified', red)).toBeGreaterThan(shown * 5);
  }, 60_000);

  it('shows the accuracy and the confusion matrix of a 2-D Playground classifier, and no digit grid; the header has the scheduled learning rate', async () => {
    const { run, server } = await finishedScenario('scenarios/spiral-validated.yaml', 750);
    const { page, errors } = await dashboard.open(server.url, { width: 1500, height: 1400 });
    await page.waitForFunction(() => document.querySelector<HTMLElement>('#confusion')?.dataset['step'] === '750', undefined, { timeout: 20_000 });
    expect(errors).toEqual([]);
    expect(await page.getAttribute('#accuracy', 'data-points')).toBe('3');
    expect(await countPixels(page, '#accuracy', orange)).toBeGreaterThan(100);
    expect(await page.evaluate(() => document.querySelector<HTMLCanvasElement>('#confusion')!.width)).toBe(480);
    expect(await page.isVisible('#misclassified')).toBe(false);
    expect(await page.isVisible('#prediction')).toBe(true);
    // Warm-up then cosine decay: the last step's rate, far below Adam's 0.01.
    const last = run.history().at(-1)!;
    expect(last.step).toBe(750);
    expect(last.lr!).toBeLessThan(0.001);
    await page.waitForFunction(() => document.querySelector('#step')?.textContent === '750', undefined, { timeout: 10_000 });
    expect(await page.textContent('#lr')).toBe(formatNumber(last.lr!));
  }, 60_000);
});
