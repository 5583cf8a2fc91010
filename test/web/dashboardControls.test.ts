import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/createEngine.js';
import { Network } from '../../src/network/Network.js';
import { RunControl } from '../../src/operators/RunControl.js';
import { trainingRun } from '../../src/operators/trainingRun.js';
import type { TrainStep } from '../../src/operators/TrainStep.js';
import { seededRandom } from '../../src/random/Random.js';
import { fromFunction, functionBatchMaker } from '../../src/samplers/fromFunction.js';
import { countPixels } from './countPixels.js';
import { useDashboard } from './dashboardHarness.js';

const token = 'correct-horse-battery';
const box = [[-0.5, 0.5], [-0.5, 0.5]] as const;
const dashboard = useDashboard();

describe('the dashboard controls in Chromium', () => {
  it('pause/resume button, learning-rate slider (the header follows it) and the validation curve', async () => {
    const engine = await createEngine();
    const control = new RunControl();
    const run = trainingRun(
      fromFunction({ target: 'x*y', box, batchSize: 50, seed: 1, scheduler: control.scheduler }),
      () => Network.create({ layers: [2, 16, 1], activations: ['tanh', 'linear'] }, { engine, random: seededRandom(1) }),
      { eta: 0.01, steps: 100_000_000, control, validation: { data: functionBatchMaker({ target: 'x*y', box, batchSize: 200 })(seededRandom(9))(), every: 200 }, snapshots: { everyMs: 200 } },
    );
    let latest: TrainStep | undefined;
    run.steps$.subscribe((s) => (latest = s));
    const server = await dashboard.serve({ ...run, name: 'controls', stop: () => control.stop() }, { run, token });
    run.connect();
    const { page, errors } = await dashboard.open(`${server.url}#token=${token}`, { width: 1500, height: 620 });
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('#curve')?.dataset['validationPoints']) > 2, undefined, { timeout: 20_000 });
    expect(await page.isVisible('#controls')).toBe(true);
    expect(await page.textContent('#lr')).toBe('0.01'); // the run's eta

    await page.click('#pause');
    await page.waitForFunction(() => document.querySelector<HTMLElement>('#pause')?.dataset['paused'] === 'true', undefined, { timeout: 10_000 });
    expect(control.paused).toBe(true);
    expect(await page.textContent('#pause')).toBe('Resume');

    // 10^-2.5 ≈ 0.00316: the slider is logarithmic.
    await page.$eval('#lr-slider', (el: HTMLInputElement) => {
      el.value = '-2.5';
      el.dispatchEvent(new Event('input'));
      el.dispatchEvent(new Event('change'));
    });
    await page.waitForFunction(() => /202/.test(document.querySelector('#control-reply')?.textContent ?? ''), undefined, { timeout: 10_000 });
    expect(control.state.lr).toBeCloseTo(10 ** -2.5, 12);

    await page.click('#pause');
    await page.waitForFunction(() => document.querySelector<HTMLElement>('#pause')?.dataset['paused'] === 'false', undefined, { timeout: 10_000 });
    // The header shows the rate the steps since the change used.
    await page.waitForFunction(() => document.querySelector('#lr')?.textContent === '0.00316', undefined, { timeout: 10_000 });
    expect(latest!.lr).toBeCloseTo(10 ** -2.5, 12);
    // The validation line's colour is on uPlot's canvas.
    expect(await countPixels(page, '#curve canvas', [0xd9, 0x53, 0x4f], 25)).toBeGreaterThan(20);
    expect(await page.textContent('#validation')).toMatch(/@\d+/);
    expect(errors).toEqual([]);
  }, 60_000);
});
