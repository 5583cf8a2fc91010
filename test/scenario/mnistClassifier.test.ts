import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { captureCli } from '../cli/captureCli.js';

describe('an MNIST classifier scenario end to end (a small part of the digits)', () => {
  it('reports the test accuracy after every epoch and at the end, and draws the classification pictures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxprop-mnist-'));
    const { code, stdout, stderr } = await captureCli(['run', 'test/scenario/good/mnist-classifier.yaml', '--out', dir, '--engine', 'wasm']);
    expect(stderr).toMatch(/test accuracy \d+\.\d% \(100 test samples, after 40 steps\)/);
    expect(code).toBe(0);
    // 400 training images in batches of 40: an epoch is 10 steps.
    const piped = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, number>).filter((l) => 'testAccuracy' in l);
    expect(piped.map((l) => l['step'])).toEqual([10, 20, 30, 40]);
    const metrics = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, number>);
    expect(metrics.filter((l) => 'testAccuracy' in l)).toEqual(piped);
    // softmax-ce steps carry their batch's accuracy, a fraction of the 40 rows.
    const steps = metrics.filter((l) => 'cost' in l);
    expect(steps.map((l) => l['step'])).toEqual([10, 20, 30, 40]);
    for (const l of steps) expect(Number.isInteger(l['accuracy']! * 40)).toBe(true);
    const final = piped.at(-1)!['testAccuracy']!;
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
