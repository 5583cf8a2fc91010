import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/InputError.js';
import { Batch } from '../../src/network/Batch.js';
import { fromBatches } from '../../src/samplers/fromBatches.js';

describe('fromBatches', () => {
  const batches = [1, 2, 3].map((k) => Batch.of([[k, -k]], [[k]]));

  it('replays the list in order and completes, once per subscription', async () => {
    const s = fromBatches(batches);
    expect(await lastValueFrom(s.pipe(toArray()))).toEqual(batches);
    expect(await lastValueFrom(s.pipe(toArray()))).toEqual(batches);
  });

  it('names a non-batch entry and rejects non-iterables', async () => {
    const err = await lastValueFrom(fromBatches([batches[0]!, { x: 1 } as unknown as Batch]).pipe(toArray())).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).field).toBe('batches[1]');
    expect(() => fromBatches(5 as unknown as Batch[])).toThrow(InputError);
  });
});
