import { lastValueFrom, of, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { Batch } from '../../../src/network/Batch.js';
import { seededRandom } from '../../../src/random/Random.js';
import { shiftImages } from '../../../src/samplers/mnist/shiftImages.js';
import { inputErrorOf } from '../../helpers/inputErrorOf.js';

/** Images whose pixel (x, y) holds a code naming the image and the position: 1 + i·1000 + y·28 + x. */
function codedBatch(size: number): Batch {
  const x = Float64Array.from({ length: size * 784 }, (_, k) => 1 + Math.floor(k / 784) * 1000 + (k % 784));
  const t = Float64Array.from({ length: size * 10 }, (_, k) => (k % 10 === Math.floor(k / 10) % 10 ? 1 : 0));
  return Batch.fromArrays(x, t, size);
}

/** The (dx, dy) by which an output image moved its input, read from the codes; checks every pixel. */
function shiftOf(out: Float64Array, i: number): [number, number] {
  let found: [number, number] | undefined;
  let consistent = true;
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      const v = out[i * 784 + y * 28 + x]!;
      if (v === 0) continue;
      const code = v - 1 - i * 1000;
      const [sx, sy] = [x - (code % 28), y - Math.floor(code / 28)];
      if (found && (found[0] !== sx || found[1] !== sy)) consistent = false;
      found = [sx, sy];
    }
  }
  expect(consistent).toBe(true);
  const [dx, dy] = found!;
  // Exactly the pixels whose source lies inside the image are set; the rest are 0.
  let zeros = 0;
  for (let k = 0; k < 784; k++) if (out[i * 784 + k] === 0) zeros++;
  expect(zeros).toBe(784 - (28 - Math.abs(dx)) * (28 - Math.abs(dy)));
  return found!;
}

const run = (batches: Batch[], options: Parameters<typeof shiftImages>[0]) => lastValueFrom(of(...batches).pipe(shiftImages(options), toArray()));

describe('shiftImages', () => {
  it('moves each image by its own whole-pixel shift within ±maxShift, filling with 0, targets untouched', async () => {
    const batch = codedBatch(400);
    const [out] = await run([batch], { maxShift: 2, seed: 1 });
    const shifts = Array.from({ length: 400 }, (_, i) => shiftOf(out!.x, i));
    expect(out!.t).toBe(batch.t);
    expect(shifts.every(([dx, dy]) => Math.abs(dx) <= 2 && Math.abs(dy) <= 2)).toBe(true);
    // All 25 shifts occur, each about 1/25 of the time (16 expected of 400).
    const counts = new Map<string, number>();
    for (const s of shifts) counts.set(String(s), (counts.get(String(s)) ?? 0) + 1);
    expect(counts.size).toBe(25);
    expect(Math.min(...counts.values())).toBeGreaterThan(3);
    expect(Math.max(...counts.values())).toBeLessThan(35);
  });

  it('draws dx then dy per image as ⌊u·(2k+1)⌋ − k from the seeded generator', async () => {
    const [out] = await run([codedBatch(5)], { maxShift: 3, seed: 7 });
    const random = seededRandom(7);
    const draw = () => Math.floor(random.next() * 7) - 3;
    for (let i = 0; i < 5; i++) {
      const dx = draw();
      const dy = draw();
      // A shift of ±28 or more would leave nothing; ±3 always leaves pixels to read it from.
      expect(shiftOf(out!.x, i)).toEqual([dx, dy]);
    }
  });

  it('shifts anew every batch; cold and seeded: each subscription replays the same shifts', async () => {
    const batch = codedBatch(20);
    const a = await run([batch, batch], { maxShift: 2, seed: 3 });
    const b = await run([batch, batch], { maxShift: 2, seed: 3 });
    expect(a[0]!.x).toEqual(b[0]!.x);
    expect(a[1]!.x).toEqual(b[1]!.x);
    expect(a[0]!.x).not.toEqual(a[1]!.x);
    const c = await run([batch], { maxShift: 2, seed: 4 });
    expect(c[0]!.x).not.toEqual(a[0]!.x);
    // maxShift 0 copies the images as they are.
    expect((await run([batch], { maxShift: 0, seed: 1 }))[0]!.x).toEqual(batch.x);
  });

  it('handles other image sizes and names bad options and inputs', async () => {
    const tiny = Batch.fromArrays(Float64Array.from([1, 2, 3, 4, 5, 6]), new Float64Array(1), 1); // 3×2
    const random = seededRandom(1);
    const [dx, dy] = [Math.floor(random.next() * 3) - 1, Math.floor(random.next() * 3) - 1];
    const [out] = await run([tiny], { maxShift: 1, width: 3, height: 2, seed: 1 });
    const want = Array.from({ length: 6 }, (_, k) => {
      const [x, y] = [(k % 3) - dx, Math.floor(k / 3) - dy];
      return x >= 0 && x < 3 && y >= 0 && y < 2 ? 1 + y * 3 + x : 0;
    });
    expect(Array.from(out!.x)).toEqual(want);
    const field = (f: () => unknown): string => inputErrorOf(f)?.field ?? 'no error';
    expect(field(() => shiftImages({ maxShift: 1.5, seed: 1 }))).toBe('maxShift');
    expect(field(() => shiftImages({ maxShift: 1, width: 0, seed: 1 }))).toBe('width');
    expect(field(() => shiftImages({ maxShift: 1 }))).toBe('seed');
    await expect(run([tiny], { maxShift: 1, seed: 1 })).rejects.toThrow(/inputs: have 6 values per sample, not 28×28 = 784 pixels/);
  });
});
