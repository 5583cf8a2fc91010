import { describe, expect, it } from 'vitest';
import type { ConfigResult, RowResult } from '../../bench/evaluateTargets.js';
import { runSpread } from '../../bench/runSpread.js';

const row = (kind: 'numpy' | 'tfjs' | 'engine' | 'pipeline', samples: number[]): RowResult => ({
  label: kind, kind, engine: 'wasm', detail: 'f64, 1 thread, SIMD', steps: 1, samples, median: samples[0]!, min: Math.min(...samples), max: Math.max(...samples),
});
const config = (rows: RowResult[]): ConfigResult => ({ id: 'c', label: 'c', mflopPerStep: 1, fmaFlops: 1, rows });

describe('runSpread', () => {
  it('takes the median and 90th percentile (nearest rank) of max/min over the rxprop rows', () => {
    const ratios = [1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 3];
    const rows = ratios.map((r, k) => row(k % 2 ? 'engine' : 'pipeline', [10, 10 * r, 10.5]));
    const spread = runSpread([config(rows.slice(0, 4)), config(rows.slice(4))])!;
    expect(spread.rows).toBe(10);
    expect(spread.median).toBeCloseTo(1.5, 12);
    expect(spread.p90).toBeCloseTo(1.9, 12);
  });

  it('leaves out numpy, tfjs, skipped and single-run rows, and answers undefined with none left', () => {
    const rows: RowResult[] = [row('numpy', [1, 9]), row('tfjs', [1, 5]), row('engine', [4]), { label: 'mathjs', kind: 'engine', skipped: 'too slow' }];
    expect(runSpread([config(rows)])).toBeUndefined();
    expect(runSpread([config([...rows, row('engine', [2, 3])])])).toEqual({ rows: 1, median: 1.5, p90: 1.5 });
  });
});
