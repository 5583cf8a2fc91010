import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Network } from '../../src/network/Network.js';
import { captureCli } from '../cli/captureCli.js';

afterEach(() => vi.restoreAllMocks());

describe('an MNIST classifier scenario end to end (a small part of the digits)', () => {
  it('evaluates the test digits once after every epoch, reports the accuracy, and draws the classification pictures from those evaluations', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxprop-mnist-'));
    // Every forward pass over the 100 test digits (training batches have 40 rows; no snapshots without a 2-D input).
    const predictions = vi.spyOn(Network.prototype, 'predictInto');
    const { code, stdout, stderr } = await captureCli(['run', 'test/scenario/good/mnist-classifier.yaml', '--out', dir, '--engine', 'wasm']);
    expect(stderr).toMatch(/test accuracy \d+\.\d% \(100 test samples, after step 40\)/);
    expect(code).toBe(0);
    // 400 training images in batches of 40: an epoch is 10 steps, and one pass over the test set each.
    expect(predictions.mock.calls.filter(([, rows]) => rows === 100).length).toBe(4);
    const piped = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, number>).filter((l) => 'validationAccuracy' in l);
    expect(piped.map((l) => l['step'])).toEqual([10, 20, 30, 40]);
    for (const l of piped) expect(l['validationCost']).toBeGreaterThan(0);
    const metrics = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, number>);
    expect(metrics.filter((l) => 'validationAccuracy' in l)).toEqual(piped);
    // costs.csv has the evaluations' columns on their steps.
    const csv = readFileSync(join(dir, 'costs.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('step,cost,validation_cost,validation_accuracy');
    expect(csv[40]).toBe(`40,${metrics.find((l) => l['step'] === 40 && 'cost' in l)!['cost']},${piped[3]!['validationCost']},${piped[3]!['validationAccuracy']}`);
    // softmax-ce steps carry their batch's accuracy, a fraction of the 40 rows.
    const steps = metrics.filter((l) => 'cost' in l);
    expect(steps.map((l) => l['step'])).toEqual([10, 20, 30, 40]);
    for (const l of steps) expect(Number.isInteger(l['accuracy']! * 40)).toBe(true);
    const final = piped.at(-1)!['validationAccuracy']!;
    // Chance is 10%; the last figure is the summary's.
    expect(final).toBeGreaterThan(0.5);
    expect(stderr).toContain(`test accuracy ${(Math.round(final * 1000) / 10).toFixed(1)}%`);
    expect(stderr).toMatch(/accuracy\.png, confusion\.png, misclassified\.png/);
    const confusion = PNG.sync.read(readFileSync(join(dir, 'confusion.png')));
    expect([confusion.width, confusion.height]).toEqual([480, 470]);
    // Most of the diagonal is blue: each digit mostly classified as itself.
    let blue = 0;
    for (let d = 0; d < 10; d++) {
      const k = ((58 + 40 * d + 4) * confusion.width + 58 + 40 * d + 4) * 4;
      if (confusion.data[k + 2]! > confusion.data[k]! + 60) blue++;
    }
    expect(blue).toBeGreaterThanOrEqual(7);
    const wrong = Math.round((1 - final) * 100);
    const grid = PNG.sync.read(readFileSync(join(dir, 'misclassified.png')));
    expect(grid.height).toBe(34 + Math.min(5, Math.ceil(wrong / 8)) * (84 + 18 + 10) + 10);
  }, 60_000);
});
