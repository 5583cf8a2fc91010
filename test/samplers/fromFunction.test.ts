import { firstValueFrom, lastValueFrom, take, tap, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/InputError.js';
import type { Batch } from '../../src/network/Batch.js';
import { seededRandom } from '../../src/random/Random.js';
import { fromFunction, type FromFunctionOptions } from '../../src/samplers/fromFunction.js';

const seedOptions: FromFunctionOptions = { target: 'exp(-5*(x^2+y^2))*abs(x+y)', box: [[-0.5, 0.5], [-0.5, 0.5]], batchSize: 100, seed: 1 };
const firstBatches = (options: FromFunctionOptions, n = 3): Promise<Batch[]> => lastValueFrom(fromFunction(options).pipe(take(n), toArray()));

describe('fromFunction', () => {
  it("is the seed's make_batch: batch 100 on [-0.5, 0.5]² with myFunc targets", async () => {
    const [batch] = await firstBatches(seedOptions, 1);
    expect(batch!.size).toBe(100);
    expect(batch!.inputs.size()).toEqual([100, 2]);
    expect(batch!.targets.size()).toEqual([100, 1]);
    for (let i = 0; i < 100; i++) {
      const [x, y] = [batch!.x[2 * i]!, batch!.x[2 * i + 1]!];
      expect(Math.abs(x)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(y)).toBeLessThanOrEqual(0.5);
      expect(batch!.t[i]).toBe(Math.exp(-5 * (x ** 2 + y ** 2)) * Math.abs(x + y));
    }
  });

  it('draws coordinates sample by sample from the seeded generator (numpy order)', async () => {
    const [batch] = await firstBatches({ ...seedOptions, box: [[0, 1], [10, 12]], batchSize: 3, seed: 9 }, 1);
    const random = seededRandom(9);
    const expected = Array.from({ length: 3 }, () => [random.next(), 10 + 2 * random.next()]).flat();
    expect(Array.from(batch!.x)).toEqual(expected);
  });

  it('is cold and seeded: each subscription replays the same bits; other seeds differ', async () => {
    const s = fromFunction(seedOptions);
    const a = await lastValueFrom(s.pipe(take(3), toArray()));
    const b = await lastValueFrom(s.pipe(take(3), toArray()));
    expect(a.map((x) => Array.from(x.x))).toEqual(b.map((x) => Array.from(x.x)));
    expect(a[0]!.x).not.toBe(b[0]!.x); // fresh arrays: a batch is never rewritten under its holder
    const c = await firstBatches({ ...seedOptions, seed: 2 }, 1);
    expect(Array.from(c[0]!.x)).not.toEqual(Array.from(a[0]!.x));
  });

  it('emits batches a consumer may keep: later batches never write over earlier ones', async () => {
    // 120 batches of 300 doubles: slab buffers grown to full size and filled to the end, several times.
    const copies: number[][] = [];
    const kept = await lastValueFrom(
      fromFunction(seedOptions).pipe(
        take(120),
        tap((b) => copies.push([...b.x, ...b.t])),
        toArray(),
      ),
    );
    expect(kept.map((b) => [...b.x, ...b.t])).toEqual(copies);
    expect(new Set(copies.map((c) => c.join())).size).toBe(120);
  });

  it('shares an explicit generator across subscriptions', async () => {
    const random = seededRandom(5);
    const { seed: _seed, ...rest } = seedOptions;
    const s = fromFunction({ ...rest, random });
    const first = await firstValueFrom(s);
    const second = await firstValueFrom(s);
    expect(Array.from(second.x)).not.toEqual(Array.from(first.x));
  });

  it('takes TypeScript targets, several outputs and any input dimension, and exposes its box', async () => {
    const box = [[0, 1], [0, 1], [-1, 0]] as const;
    const s = fromFunction({ target: (p) => [p[0]! + p[1]!, p[2]!], outputs: 2, box, batchSize: 4, seed: 3 });
    expect(s.box).toEqual(box);
    const batch = await firstValueFrom(s);
    expect(batch.targetDim).toBe(2);
    expect(batch.t[0]).toBe(batch.x[0]! + batch.x[1]!);
    expect(batch.t[1]).toBe(batch.x[2]);
    const two = await firstValueFrom(fromFunction({ target: ['x*y', 'x-y'], box: [[0, 1], [0, 1]], batchSize: 2, seed: 1 }));
    expect(two.t[1]).toBe(two.x[0]! - two.x[1]!);
  });

  it('errors with the point when the target is not finite there', async () => {
    const s = fromFunction({ target: '1/x', box: [[0, 0.5]], batchSize: 5, seed: 1 });
    await expect(firstValueFrom(s)).resolves.toBeDefined();
    const bad = fromFunction({ target: (p) => (p[0]! > 0.25 ? NaN : 1), box: [[0, 0.5]], batchSize: 50, seed: 1 });
    const err = await firstValueFrom(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toMatch(/^target: is NaN at \(0\.[0-9]+\)/);
  });

  it('reports the same first non-finite point from a compiled expression as from the same function point by point', async () => {
    const message = (target: FromFunctionOptions['target'], outputs?: number) =>
      firstValueFrom(fromFunction({ target, outputs, box: [[0, 0.5], [-1, 1]], batchSize: 50, seed: 4 })).then(
        () => 'no error',
        (e: unknown) => (expect(e).toBeInstanceOf(InputError), (e as InputError).message),
      );
    const columns = await message('log(x - 0.25) + y');
    expect(columns).toMatch(/^target: is NaN at \(0\.[0-9]+, -?[0-9.]+\)/);
    expect(columns).toBe(await message((p) => Math.log(p[0]! - 0.25) + p[1]!));
    const second = await message(['x', '1 / max(y - 0.9, 0)'], 2);
    expect(second).toMatch(/is Infinity at .* for output 1/);
    expect(second).toBe(await message((p) => [p[0]!, 1 / Math.max(p[1]! - 0.9, 0)], 2));
  });

  it('gives the same batches for an expression whether it compiles over columns or goes through mathjs', async () => {
    // `round(1e6*x)/1e6*0 + …`: the mathjs-only round sends the whole expression point by point.
    const [columns] = await firstBatches({ ...seedOptions, target: 'exp(-5*(x^2+y^2))*abs(x+y)' }, 1);
    const [mathjs] = await firstBatches({ ...seedOptions, target: 'exp(-5*(x^2+y^2))*abs(x+y) + 0*round(x)' }, 1);
    expect(Array.from(columns!.x)).toEqual(Array.from(mathjs!.x));
    expect(Array.from(columns!.t)).toEqual(Array.from(mathjs!.t));
  });

  it('rejects bad options with the field named', () => {
    const field = (o: Partial<FromFunctionOptions>) => {
      try {
        fromFunction({ ...seedOptions, ...o } as FromFunctionOptions);
      } catch (err) {
        return (err as InputError).field;
      }
      return 'no error';
    };
    expect(field({ box: [] })).toBe('box');
    expect(field({ box: [[0.5, -0.5]] })).toBe('box[0]');
    expect(field({ box: [[0, 1], [-1e308, 1e308]] })).toBe('box[1]'); // hi − lo overflows
    expect(field({ batchSize: 0 })).toBe('batchSize');
    expect(field({ seed: 1.5 })).toBe('seed');
    expect(field({ target: 'x + q' })).toBe('target');
    expect(field({ target: ['x', 'y'], outputs: 3 })).toBe('target');
  });
});
