import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { ink } from '../../src/sinks/Context2D.js';
import { OutputWriter } from '../../src/sinks/OutputWriter.js';

/** Pixels of cost.png in the validation curve's colour. */
function validationPixels(png: Buffer): number {
  const { data } = PNG.sync.read(png);
  const [r, g, b] = [1, 3, 5].map((k) => parseInt(ink.validation.slice(k, k + 2), 16));
  let n = 0;
  for (let k = 0; k < data.length; k += 4) if (data[k] === r && data[k + 1] === g && data[k + 2] === b) n++;
  return n;
}

function run(validate: boolean, accuracy: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'rxprop-valid-'));
  const writer = new OutputWriter({ dir, metricsEvery: 2, costs: true, costPlot: { logScale: false }, prediction: false, ...(validate ? { validation: { every: 3, accuracy } } : {}) });
  for (let s = 1; s <= 6; s++) {
    writer.step({ step: s, cost: 1 / s, batchSize: 10, time: s });
    // Validation comes after its step, every 3 steps, as trainingRun emits it.
    if (validate && s % 3 === 0) writer.validation(accuracy ? { step: s, cost: 2 / s, accuracy: s / 10 } : { step: s, cost: 2 / s });
  }
  writer.finish({ phaseStarts: [] });
  return dir;
}

describe('OutputWriter with validation', () => {
  it('costs.csv gains validation columns filled on the evaluated steps only', () => {
    const dir = run(true, true);
    expect(readFileSync(join(dir, 'costs.csv'), 'utf8')).toBe(
      ['step,cost,validation_cost,validation_accuracy', '1,1,,', '2,0.5,,', `3,${1 / 3},${2 / 3},0.3`, '4,0.25,,', '5,0.2,,', `6,${1 / 6},${2 / 6},0.6`, ''].join('\n'),
    );
    const regression = run(true, false);
    expect(readFileSync(join(regression, 'costs.csv'), 'utf8').split('\n').slice(0, 4)).toEqual(['step,cost,validation_cost', '1,1,', '2,0.5,', `3,${1 / 3},${2 / 3}`]);
  });

  it('metrics.jsonl gets one validation line per evaluation, with keys of its own', () => {
    const lines = readFileSync(join(run(true, true), 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, number>);
    expect(lines.filter((l) => 'validationCost' in l)).toEqual([
      { step: 3, validationCost: 2 / 3, validationAccuracy: 0.3 },
      { step: 6, validationCost: 2 / 6, validationAccuracy: 0.6 },
    ]);
    expect(lines.filter((l) => 'cost' in l).map((l) => l['step'])).toEqual([2, 4, 6]);
  });

  it('cost.png draws the validation curve; without validation nothing changes', () => {
    expect(validationPixels(readFileSync(join(run(true, false), 'cost.png')))).toBeGreaterThan(50);
    expect(validationPixels(readFileSync(join(run(false, false), 'cost.png')))).toBe(0);
    expect(readFileSync(join(run(false, false), 'costs.csv'), 'utf8').split('\n')[0]).toBe('step,cost');
  });
});
