import { lastValueFrom, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/InputError.js';
import { Batch } from '../../src/network/Batch.js';
import { math } from '../../src/math.js';
import { fromDataset, type FromDatasetOptions } from '../../src/samplers/fromDataset.js';

const n = 10;
const inputs = Array.from({ length: n }, (_, i) => [i, 10 * i]);
const targets = Array.from({ length: n }, (_, i) => [-i]);
const options: FromDatasetOptions = { inputs, targets, batchSize: 3, seed: 4, epochs: 2 };
const all = (o: FromDatasetOptions) => lastValueFrom(fromDataset(o).pipe(toArray()));

describe('fromDataset', () => {
  it('shuffles each epoch into full batches, keeps rows together and completes', async () => {
    const batches = await all(options);
    expect(batches).toHaveLength(2 * 3); // 10 samples → 3 batches of 3 per epoch, remainder dropped
    for (const b of batches) {
      expect(b.size).toBe(3);
      for (let r = 0; r < 3; r++) {
        const i = b.x[2 * r]!;
        expect(b.x[2 * r + 1]).toBe(10 * i);
        expect(b.t[r]).toBe(-i);
      }
    }
    const epoch = (k: number) => batches.slice(3 * k, 3 * k + 3).flatMap((b) => [0, 1, 2].map((r) => b.x[2 * r]!));
    expect(new Set(epoch(0)).size).toBe(9); // no sample twice within an epoch
    expect(epoch(0)).not.toEqual(epoch(1)); // reshuffled
    expect(epoch(0)).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('is seeded and cold; another seed shuffles differently', async () => {
    const rows = async (o: FromDatasetOptions) => (await all(o)).map((b) => Array.from(b.x));
    expect(await rows(options)).toEqual(await rows(options));
    expect(await rows({ ...options, seed: 5 })).not.toEqual(await rows(options));
  });

  it('keeps order and the short last batch on request, accepts mathjs matrices, and runs endlessly by default', async () => {
    const ordered = await all({ ...options, inputs: math.matrix(inputs), shuffle: false, dropRemainder: false, epochs: 1 });
    expect(ordered.map((b) => b.size)).toEqual([3, 3, 3, 1]);
    expect(ordered.flatMap((b) => Array.from(b.t))).toEqual(targets.flat());
    const endless = await lastValueFrom(fromDataset({ ...options, epochs: undefined }).pipe(take(50), toArray()));
    expect(endless).toHaveLength(50);
  });

  it('samples a flat Batch as it samples the same rows given as matrices', async () => {
    const data = Batch.of(inputs, targets);
    const fromBatch = await all({ data, batchSize: 3, seed: 4, epochs: 2 });
    expect(fromBatch.map((b) => [Array.from(b.x), Array.from(b.t)])).toEqual((await all(options)).map((b) => [Array.from(b.x), Array.from(b.t)]));
    expect(fromDataset({ data, batchSize: 3, seed: 4 }).box).toEqual([[0, 9], [0, 90]]);
    expect(() => fromDataset({ data: { x: new Float64Array(2) } as unknown as Batch, batchSize: 1, seed: 1 })).toThrow(/data: must be a Batch/);
  });

  it('exposes the bounding box of the inputs for snapshot grids', () => {
    expect(fromDataset(options).box).toEqual([[0, 9], [0, 90]]);
  });

  it('rejects bad data and options with the field named', () => {
    const field = (o: Partial<FromDatasetOptions>) => {
      try {
        fromDataset({ ...options, ...o });
      } catch (err) {
        expect(err).toBeInstanceOf(InputError);
        return (err as InputError).field;
      }
      return 'no error';
    };
    expect(field({ targets: targets.slice(1) })).toBe('targets');
    expect(field({ inputs: [[1, NaN], ...inputs.slice(1)] })).toBe('inputs[0][1]');
    expect(field({ batchSize: 11 })).toBe('batchSize');
    expect(field({ epochs: 0 })).toBe('epochs');
    expect(field({ seed: undefined })).toBe('seed');
  });
});
