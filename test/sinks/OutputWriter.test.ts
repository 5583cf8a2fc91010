import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { metricsLine, OutputWriter, type OutputPlan } from '../../src/sinks/OutputWriter.js';

const grid = { x: [-0.5, 0.5], y: [-0.5, 0.5], nx: 8, ny: 6 } as const;
const field = (offset: number): Float64Array => Float64Array.from({ length: grid.nx * grid.ny }, (_, k) => offset + k / 100);

function plan(dir: string, extra: Partial<OutputPlan> = {}): OutputPlan {
  return { dir, metricsEvery: 3, costs: true, costPlot: { logScale: false }, grid, target: field(0), prediction: true, animation: { maxFrames: 4, logScale: false }, ...extra };
}

function feed(writer: OutputWriter, steps: number): void {
  for (let s = 1; s <= steps; s++) {
    writer.step({ step: s, cost: 1 / s, batchSize: 10, time: s * 0.5 });
    writer.frame(s, field(s / 10));
  }
}

/** Graphic control extensions, one per GIF frame. */
function gifFrames(bytes: Buffer): number {
  let n = 0;
  for (let k = 0; k + 3 < bytes.length; k++) if (bytes[k] === 0x21 && bytes[k + 1] === 0xf9 && bytes[k + 2] === 0x04) n++;
  return n;
}

describe('OutputWriter', () => {
  it('writes metrics at its stride, every cost, and the four pictures', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxprop-out-'));
    const writer = new OutputWriter(plan(dir));
    feed(writer, 10);
    expect(readdirSync(dir).filter((f) => !f.startsWith('.'))).toEqual([]);
    const files = writer.finish({ prediction: field(0.5), phaseStarts: [5] });
    const names = ['metrics.jsonl', 'costs.csv', 'cost.png', 'target.png', 'prediction.png', 'training.gif'];
    expect(files).toEqual(names.map((n) => join(dir, n)));
    expect(readdirSync(dir).sort()).toEqual([...names].sort());
    const metrics = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { step: number });
    expect(metrics.map((m) => m.step)).toEqual([3, 6, 9]);
    const csv = readFileSync(join(dir, 'costs.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('step,cost');
    expect(csv.slice(1).map((l) => Number(l.split(',')[1]))).toEqual(Array.from({ length: 10 }, (_, k) => 1 / (k + 1)));
    const target = PNG.sync.read(readFileSync(join(dir, 'target.png')));
    const prediction = PNG.sync.read(readFileSync(join(dir, 'prediction.png')));
    expect([prediction.width, prediction.height]).toEqual([target.width, target.height]);
    const gif = readFileSync(join(dir, 'training.gif'));
    expect(gif.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    expect([gif.readUInt16LE(6), gif.readUInt16LE(8)]).toEqual([720, 340]);
    // 10 snapshots offered, at most 4 kept (evenly: 1, 5, 9 after two halvings… plus the final state).
    expect(gifFrames(gif)).toBeLessThanOrEqual(5);
    expect(gifFrames(gif)).toBeGreaterThanOrEqual(3);
  });

  it('writes only what the plan asks for', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxprop-out-'));
    const writer = new OutputWriter({ dir, costs: true, prediction: false });
    feed(writer, 3);
    expect(writer.finish({ phaseStarts: [] })).toEqual([join(dir, 'costs.csv')]);
  });

  it('leaves nothing behind when aborted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxprop-out-'));
    const writer = new OutputWriter(plan(dir));
    feed(writer, 5);
    writer.abort();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('grows its cost history past its first buffer', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxprop-out-'));
    const writer = new OutputWriter({ dir, costs: false, prediction: false });
    for (let s = 1; s <= 3000; s++) writer.step({ step: s, cost: s, batchSize: 1, time: s });
    expect(writer.costs.length).toBe(3000);
    expect(writer.costs[2999]).toBe(3000);
  });

  it('writes a step\'s time in seconds (TrainStep.time is milliseconds), to the millisecond', () => {
    expect(metricsLine({ step: 2, cost: 0.5, batchSize: 4, time: 1234.56 })).toBe('{"step":2,"cost":0.5,"batchSize":4,"time":1.235}');
  });
});

describe('OutputWriter for classifiers', () => {
  // 3 classes, 6 test samples of 2×2 images, two of them wrong.
  const inputs = Float64Array.from({ length: 6 * 4 }, (_, k) => (k % 5) / 4);
  const classes = { count: 3, actual: Int32Array.of(0, 1, 2, 0, 1, 2), predicted: Int32Array.of(0, 1, 1, 0, 2, 2), inputs };
  // Another evaluation's classes, all right: what the pictures must not show when told to show `classes`.
  const allRight = { ...classes, predicted: classes.actual };

  it('writes validation accuracies into metrics.jsonl and draws accuracy.png, confusion.png and misclassified.png', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxprop-out-'));
    const writer = new OutputWriter({ dir, metricsEvery: 5, costs: false, prediction: false, classification: { image: { width: 2, height: 2 } } });
    for (let s = 1; s <= 10; s++) {
      writer.step({ step: s, cost: 1 / s, batchSize: 6, time: s, accuracy: 0.5 + s / 40 });
      if (s % 5 === 0) writer.validation({ step: s, cost: 2 / s, accuracy: s / 20, classes: s === 5 ? classes : allRight });
    }
    expect(writer.heldOutAccuracies).toEqual([{ step: 5, accuracy: 0.25 }, { step: 10, accuracy: 0.5 }]);
    const files = writer.finish({ phaseStarts: [], evaluation: { step: 5, cost: 0.4, accuracy: 0.25, classes } });
    expect(files).toEqual(['metrics.jsonl', 'accuracy.png', 'confusion.png', 'misclassified.png'].map((n) => join(dir, n)));
    const lines = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, number>);
    expect(lines.filter((l) => 'validationAccuracy' in l)).toEqual([{ step: 5, validationCost: 0.4, validationAccuracy: 0.25 }, { step: 10, validationCost: 0.2, validationAccuracy: 0.5 }]);
    expect(lines.filter((l) => 'cost' in l).map((l) => l['step'])).toEqual([5, 10]);
    const size = (name: string): number[] => {
      const png = PNG.sync.read(readFileSync(join(dir, name)));
      return [png.width, png.height];
    };
    expect(size('accuracy.png')).toEqual([640, 400]);
    // The batch accuracies are drawn: the training line's blue, across the plot (x from 62 to 626).
    const chart = PNG.sync.read(readFileSync(join(dir, 'accuracy.png')));
    const blueColumns = new Set<number>();
    for (let y = 28; y < 340; y++) {
      for (let x = 0; x < chart.width; x++) {
        const k = (y * chart.width + x) * 4;
        if (Math.abs(chart.data[k]! - 0x1f) < 40 && Math.abs(chart.data[k + 1]! - 0x5f) < 40 && Math.abs(chart.data[k + 2]! - 0xa8) < 40) blueColumns.add(x);
      }
    }
    expect(Math.min(...blueColumns)).toBeLessThan(70);
    expect(Math.max(...blueColumns)).toBeGreaterThan(600);
    expect(size('confusion.png')).toEqual([480, 190]);
    expect(size('misclassified.png')[1]).toBe(34 + 6 + 18 + 10 + 10);
  });

  it('draws the last evaluation with classes unless told which', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxprop-out-'));
    const writer = new OutputWriter({ dir, costs: false, prediction: false, classification: { image: { width: 2, height: 2 } } });
    writer.step({ step: 1, cost: 1, batchSize: 6, time: 1 });
    writer.validation({ step: 1, cost: 1, accuracy: 1, classes: allRight });
    writer.validation({ step: 2, cost: 1, accuracy: 4 / 6, classes });
    writer.validation({ step: 3, cost: 1 });
    writer.finish({ phaseStarts: [] });
    // Two wrong: one row of tiles (an all-right set would say "none" in a picture of one row too, so count red label pixels).
    const grid = PNG.sync.read(readFileSync(join(dir, 'misclassified.png')));
    let red = 0;
    for (let k = 0; k < grid.data.length; k += 4) if (grid.data[k]! > 150 && grid.data[k + 1]! < 90 && grid.data[k + 2]! < 90) red++;
    expect(red).toBeGreaterThan(10);
  });

  it('draws no misclassified.png when the inputs are not images, and no pictures without a test set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxprop-out-'));
    const writer = new OutputWriter({ dir, costs: false, prediction: false, classification: {} });
    writer.step({ step: 1, cost: 1, batchSize: 6, time: 1 });
    writer.validation({ step: 1, cost: 1, accuracy: 4 / 6, classes });
    expect(writer.finish({ phaseStarts: [] })).toEqual(['accuracy.png', 'confusion.png'].map((n) => join(dir, n)));
    const bare = mkdtempSync(join(tmpdir(), 'rxprop-out-'));
    expect(new OutputWriter({ dir: bare, costs: false, prediction: false, classification: {} }).finish({ phaseStarts: [] })).toEqual([]);
  });
});
