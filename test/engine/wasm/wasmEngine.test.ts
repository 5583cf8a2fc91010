import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { activations } from '../../../src/engine/activations.js';
import { createEngine, defaultEngineName, engineNames } from '../../../src/engine/createEngine.js';
import { InputError } from '../../../src/errors/InputError.js';
import { wasmEngine, type WasmEngine } from '../../../src/engine/wasm/wasmEngine.js';
import { Batch } from '../../../src/network/Batch.js';
import { Network } from '../../../src/network/Network.js';
import { seededRandom } from '../../../src/random/Random.js';
import { wasmSourceHash } from '../../../scripts/wasmSourceHash.js';

describe('wasm engines by name', () => {
  it('makes "wasm" the default and registers every variant', async () => {
    expect(defaultEngineName).toBe('wasm');
    const engine = (await createEngine()) as WasmEngine;
    expect([engine.name, engine.precision]).toEqual(['wasm', 'f64']);
    expect(engineNames()).toEqual(expect.arrayContaining(['wasm', 'wasm-f32', 'wasm-single', 'wasm-f32-single', 'wasm-threads', 'wasm-f32-threads']));
    const f32 = (await createEngine('wasm-f32-single')) as WasmEngine;
    expect([f32.name, f32.precision, f32.maxThreads]).toEqual(['wasm-f32-single', 'f32', 1]);
    const threaded = (await createEngine('wasm-threads')) as WasmEngine;
    expect(threaded.maxThreads).toBeGreaterThanOrEqual(2);
    threaded.dispose();
  });

  it('was built from the kernel sources in this tree (else: npm run build:wasm)', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../../build/wasm/manifest.json', import.meta.url), 'utf8')) as { sourceHash: string };
    expect(manifest.sourceHash).toBe(wasmSourceHash());
  });

  it('falls back to the plain SIMD build, which agrees with relaxed SIMD to rounding', async () => {
    const plain = await wasmEngine({ relaxedSimd: false, threads: 1, memoryMiB: 16 });
    const relaxed = await wasmEngine({ threads: 1, memoryMiB: 16 });
    expect(plain.simd).toBe('simd');
    const train = (engine: WasmEngine): number[] => {
      const net = Network.create({ layers: [2, 30, 1], activations: 'sigmoid' }, { engine, random: seededRandom(4) });
      const batch = Batch.of([[0.1, 0.2], [0.3, -0.4], [-0.5, 0.6]], [[0.2], [0.4], [0.1]]);
      return Array.from({ length: 10 }, () => net.trainBatch(batch, 0.5));
    };
    const [a, b] = [train(plain), train(relaxed)];
    a.forEach((cost, k) => expect(Math.abs(cost - b[k]!) / b[k]!).toBeLessThan(1e-12));
  });
});

describe('wasm engine memory', () => {
  it('says clearly when it runs out, naming the sizes', async () => {
    const engine = await wasmEngine({ memoryMiB: 1, threads: 1 });
    expect(() => engine.zeros(1000, 1000)).toThrow(
      /engine "wasm-single" is out of memory: a 1000×1000 f64 tensor needs 8,000,000 bytes, 0\.0 of 1\.0 MiB are in use\. Create the engine with more memory, e\.g\. wasmEngine\(\{ memoryMiB: 16 \}\)/,
    );
  });

  it('writes rows of a data set into a tensor as write does the rows gathered, in f64 and f32, and refuses rows it does not have', async () => {
    const data = Float64Array.from({ length: 5 * 3 }, (_, i) => i + 0.1 * i);
    const rows = Uint32Array.of(4, 0, 4, 2);
    const gathered = Array.from(rows).flatMap((r) => Array.from(data.subarray(r * 3, r * 3 + 3)));
    for (const precision of ['f64', 'f32'] as const) {
      const engine = await wasmEngine({ precision, threads: 1 });
      const [viaRows, viaWrite] = [engine.zeros(4, 3), engine.zeros(4, 3)];
      engine.writeRows(viaRows, data, rows);
      engine.write(viaWrite, gathered);
      expect(Array.from(engine.read(viaRows))).toEqual(Array.from(engine.read(viaWrite)));
      expect(() => engine.writeRows(viaRows, data, Uint32Array.of(0, 1))).toThrow(/2 rows for a 4×3 tensor/);
      expect(() => engine.writeRows(viaRows, data, Uint32Array.of(0, 1, 2, 5))).toThrow(/row 5 is past the 5 rows/);
      engine.dispose();
    }
  });

  it('rounds the doubles an f32 engine is given as Float32Array does, at every length and through writeRows', async () => {
    // Magnitudes from below f32's subnormals to beyond its largest value, exact ties between two
    // f32 values, and the special values.
    const random = seededRandom(4);
    const special = [0, -0, NaN, Infinity, -Infinity, Number.MAX_VALUE, Number.MIN_VALUE, 3.4028235677973366e38, 3.4028235677973366e38 * (1 + 2 ** -25), 2 ** -149, 2 ** -150, 1.5 * 2 ** -149];
    const values = (n: number): Float64Array =>
      Float64Array.from({ length: n }, (_, i) => {
        if (i % 97 === 0) return special[(i / 97) % special.length]!;
        const f = Math.fround((random.next() - 0.5) * 2 ** Math.floor(random.next() * 300 - 160));
        // Every third value: exactly halfway from f to the next f32 above it (an even or odd tie).
        return i % 3 === 0 ? f + (Math.fround(f * (1 + 2 ** -23)) - f) / 2 : (random.next() - 0.5) * 2 ** Math.floor(random.next() * 300 - 160);
      });
    const f32Bits = (xs: ArrayLike<number>): number[] => Array.from(new Uint32Array(Float32Array.from(xs).buffer), (b, i) => (Number.isNaN(xs[i]!) ? -1 : b));
    const engine = await wasmEngine({ precision: 'f32', threads: 1 });
    for (const n of [1, 3, 4, 5, 8191, 8192, 8193, 3 * 8192 + 7]) {
      const data = values(n);
      const t = engine.zeros(1, n);
      engine.write(t, data);
      expect(f32Bits(engine.read(t))).toEqual(f32Bits(data));
      engine.free(t);
    }
    for (const [width, count] of [[3, 5000], [784, 64], [8192, 3], [10000, 2]] as const) {
      const data = values(width * 11);
      const rows = Uint32Array.from({ length: count }, (_, i) => (i * 7) % 11);
      const t = engine.zeros(count, width);
      engine.writeRows(t, data, rows);
      const gathered = Array.from(rows).flatMap((r) => Array.from(data.subarray(r * width, (r + 1) * width)));
      expect(f32Bits(engine.read(t))).toEqual(f32Bits(gathered));
      engine.free(t);
    }
    engine.dispose();
  });

  it('reuses freed tensors, and refuses freed or foreign ones', async () => {
    const engine = await wasmEngine({ memoryMiB: 1, threads: 1 });
    const big = () => engine.zeros(300, 300); // 720 kB of the 1 MiB
    const t = big();
    expect(() => big()).toThrow(/out of memory/);
    engine.free(t);
    const again = big();
    expect(Array.from(engine.read(again).subarray(0, 3))).toEqual([0, 0, 0]);
    expect(() => engine.read(t)).toThrow(/wasm-single\.read: the tensor was freed/);
    const other = await wasmEngine({ memoryMiB: 1, threads: 1 });
    expect(() => other.sub(again, again, again)).toThrow(/the tensor belongs to another engine/);
  });

  it('lets a network change batch size without leaking', async () => {
    const engine = await wasmEngine({ memoryMiB: 4, threads: 1 });
    const net = Network.create({ layers: [2, 50, 1], activations: 'relu' }, { engine, random: seededRandom(1) });
    const batch = (size: number) => Batch.fromArrays(new Float64Array(2 * size).fill(0.1), new Float64Array(size).fill(0.2), size);
    net.trainBatch(batch(100), 0.1);
    net.trainBatch(batch(7), 0.1);
    net.predictInto(new Float64Array(2 * 20), 20);
    const used = engine.memoryUsage().used;
    for (let k = 0; k < 20; k++) {
      net.trainBatch(batch(100), 0.1);
      net.trainBatch(batch(7), 0.1);
      net.predictInto(new Float64Array(2 * (k + 1)), k + 1);
    }
    // Tensors and the replaced step's plan go back at once.
    expect(engine.memoryUsage().used).toBe(used);
  });

  it('gives a compiled step\'s plan back on dispose, once, and refuses to run it afterwards', async () => {
    const engine = await wasmEngine({ memoryMiB: 4, threads: 1 });
    const [B, nIn, nOut] = [3, 2, 4];
    const z = (rows: number, cols: number) => engine.zeros(rows, cols);
    const plan = {
      weights: [z(nIn, nOut)], biases: [z(1, nOut)], activations: [activations.tanh], ys: [z(B, nIn), z(B, nOut)],
      dfs: [z(B, nOut)], deltas: [z(B, nOut)], dWeights: [z(nIn, nOut)], dBiases: [z(1, nOut)], targets: z(B, nOut),
      loss: { name: 'mse', id: 0 }, optimizer: { name: 'sgd', id: 0, hyperparameters: { lr: 0.1 }, slots: [] }, regularization: { l1: 0, l2: 0 },
    };
    engine.compileStep(plan)!.dispose!(); // sizes the packing scratch
    const before = engine.memoryUsage().used;
    const step = engine.compileStep(plan)!;
    expect(step.run(0.1, 1)).toBe(0);
    expect(engine.memoryUsage().used).toBeGreaterThan(before);
    step.dispose!();
    step.dispose!();
    expect(engine.memoryUsage().used).toBe(before);
    expect(() => step.run(0.1, 2)).toThrow(/wasm-single: this compiled step was disposed/);
  });

  it('checks its options', async () => {
    await expect(wasmEngine({ precision: 'f16' as 'f64' })).rejects.toThrow(InputError);
    await expect(wasmEngine({ threads: 0 })).rejects.toThrow(/threads: must be "auto", "always" or a whole number from 1 to 64, got 0/);
    await expect(wasmEngine({ memoryMiB: 5000 })).rejects.toThrow(/memoryMiB: must be a whole number of MiB from 1 to 4095/);
  });
});
