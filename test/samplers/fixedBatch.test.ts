import { lastValueFrom, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/InputError.js';
import { Batch } from '../../src/network/Batch.js';
import { fixedBatch } from '../../src/samplers/fixedBatch.js';

describe('fixedBatch', () => {
  const batch = Batch.of([[0.1, 0.2], [0.3, 0.4]], [[1], [2]]);

  it('emits the same batch again and again until the subscriber stops', async () => {
    const got = await lastValueFrom(fixedBatch(batch).pipe(take(1000), toArray()));
    expect(got).toHaveLength(1000);
    expect(got.every((b) => b === batch)).toBe(true);
  });

  it('yields to the event loop while emitting without end', async () => {
    let emitted = 0;
    const sub = fixedBatch(batch).subscribe(() => emitted++);
    await new Promise((resolve) => setTimeout(resolve, 20));
    sub.unsubscribe();
    const stopped = emitted;
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(stopped).toBeGreaterThan(0); // the timer fired while batches flowed
    expect(emitted).toBe(stopped); // and unsubscribing stopped them
  });

  it('rejects anything but a Batch', () => {
    expect(() => fixedBatch({} as Batch)).toThrow(InputError);
  });
});
