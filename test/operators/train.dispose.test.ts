import { NEVER, Subject, concat, lastValueFrom, of, repeat, take, throwError, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { wasmEngine } from '../../src/engine/wasm/wasmEngine.js';
import { Batch } from '../../src/network/Batch.js';
import { Network } from '../../src/network/Network.js';
import { DivergenceError } from '../../src/operators/DivergenceError.js';
import { train } from '../../src/operators/train.js';
import { trainingRun } from '../../src/operators/trainingRun.js';
import { seededRandom } from '../../src/random/Random.js';
import { fixedBatch } from '../../src/samplers/fixedBatch.js';
import { fromBatches } from '../../src/samplers/fromBatches.js';
import { seedReluSpec } from './networks.js';

const b = Batch.of([[0.1, 0.2], [0.3, -0.1], [-0.4, 0.25]], [[0.5], [0.2], [0.1]]);

describe('train disposes the networks its factory makes', () => {
  it('10,000 factory subscriptions leave the wasm engine memory flat (the README pattern)', async () => {
    const engine = await wasmEngine({ threads: 1 });
    const made = () => Network.create(seedReluSpec, { engine, random: seededRandom(1) });
    const once = () => lastValueFrom(fromBatches([b]).pipe(train(made, { eta: 0.001 }), take(1)));
    await once(); // sizes the engine's packing scratch, which only grows
    const flat = engine.memoryUsage().used;
    const seen: number[] = [];
    for (let k = 1; k <= 10_000; k++) {
      await once();
      if (k % 1000 === 0) seen.push(engine.memoryUsage().used);
    }
    expect(seen).toEqual(Array(10).fill(flat));
    // The same through repeat: each repetition is a new subscription with its own network.
    const steps = await lastValueFrom(fromBatches([b]).pipe(train(made, { eta: 0.001 }), repeat(2000), toArray()));
    expect(steps).toHaveLength(2000);
    expect(engine.memoryUsage().used).toBe(flat);
  });

  it('at completion, at an error (its own or upstream) and at unsubscription; never a network passed in', async () => {
    const engine = await wasmEngine({ threads: 1, memoryMiB: 4 });
    const made: Network[] = [];
    const factory = (spec = seedReluSpec) => () => {
      const net = Network.create(spec, { engine, random: seededRandom(1) });
      made.push(net);
      return net;
    };
    const disposed = (net: Network | undefined): boolean => {
      try {
        net!.weights();
        return false;
      } catch (err) {
        return /disposed/.test((err as Error).message);
      }
    };

    await lastValueFrom(fromBatches([b, b]).pipe(train(factory(), { eta: 0.001 }))); // completes
    expect(disposed(made.at(-1))).toBe(true);

    const upstream = new Error('sampler failed');
    await expect(lastValueFrom(concat(of(b), throwError(() => upstream)).pipe(train(factory(), { eta: 0.001 })))).rejects.toBe(upstream);
    expect(disposed(made.at(-1))).toBe(true);

    const linear = { layers: [2, 1], activations: 'linear', init: { weights: { type: 'uniform', scale: 1 } } } as const;
    const huge = Batch.of([[1, 1]], [[1e3]]);
    await expect(lastValueFrom(fixedBatch(huge).pipe(train(factory(linear), { eta: 10 })))).rejects.toBeInstanceOf(DivergenceError);
    expect(disposed(made.at(-1))).toBe(true);

    const batches = new Subject<Batch>();
    const sub = concat(batches, NEVER).pipe(train(factory(), { eta: 0.001 })).subscribe();
    batches.next(b);
    expect(disposed(made.at(-1))).toBe(false); // alive while subscribed
    sub.unsubscribe();
    expect(disposed(made.at(-1))).toBe(true);

    const mine = Network.create(seedReluSpec, { engine, random: seededRandom(1) });
    await lastValueFrom(fromBatches([b]).pipe(train(mine, { eta: 0.001 })));
    await expect(lastValueFrom(concat(of(b), throwError(() => upstream)).pipe(train(mine, { eta: 0.001 })))).rejects.toBe(upstream);
    expect(disposed(mine)).toBe(false);
    mine.dispose();
  });

  it('trainingRun keeps its network past the end of the run, for snapshots and saving', async () => {
    const engine = await wasmEngine({ threads: 1, memoryMiB: 4 });
    const run = trainingRun(fromBatches([b, b, b]), () => Network.create(seedReluSpec, { engine, random: seededRandom(1) }), { eta: 0.001 });
    const done = lastValueFrom(run.steps$);
    run.connect();
    await done;
    expect(run.snapshot()?.step).toBe(3);
    expect(run.network.toJSON().layers).toEqual([2, 100, 1]);
    const used = engine.memoryUsage().used;
    run.network.dispose();
    expect(engine.memoryUsage().used).toBeLessThan(used);
  });
});
