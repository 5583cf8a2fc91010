import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadMnist } from '../../../src/samplers/mnist/loadMnist.js';
import { mnistDigits } from '../../../src/samplers/mnist/mnistDigits.js';
import { mnistSplit } from '../../../src/samplers/mnist/mnistSplit.js';
import { inputErrorOf } from '../../helpers/inputErrorOf.js';

const sha = (x: Float64Array) => createHash('sha256').update(new Uint8Array(x.buffer, x.byteOffset, x.byteLength)).digest('hex').slice(0, 16);
const labels = (t: Float64Array) => Array.from({ length: t.length / 10 }, (_, i) => t.subarray(10 * i, 10 * i + 10).indexOf(1));
const counts = (t: Float64Array) => labels(t).reduce((c, d) => (c[d]!++, c), Array<number>(10).fill(0));

const digitList = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
/** Image ids (d·100 + j) of a set's rows. */
const ids = (x: Float64Array, size: number) => Array.from({ length: size }, (_, i) => Math.round(x[i * 784]! * 1000));

/** Tiny synthetic digits: digit d has n_d images, image j of digit d filled with (d·100 + j) / 1000. */
const tiny = (n: number[]) => mnistDigits(n.map((m, d) => Float64Array.from({ length: m * 784 }, (_, k) => (d * 100 + Math.floor(k / 784)) / 1000)));

describe('mnistSplit', () => {
  it('by default is the reference\'s split, byte for byte (mnist_numpy.py load(): 7,996 / 2,004)', async () => {
    // Figures from: python3 -c "from mnist_numpy import load; …" (the reference's own loader), x as little-endian float64.
    const { train, test } = mnistSplit(await loadMnist());
    expect([train.size, test.size, train.inputDim, train.targetDim]).toEqual([7996, 2004, 784, 10]);
    expect(counts(train.t)).toEqual([800, 901, 792, 825, 784, 690, 811, 856, 755, 782]);
    expect(counts(test.t)).toEqual([201, 226, 199, 207, 196, 173, 203, 214, 189, 196]);
    expect(sha(train.x)).toBe('8fff80102be0be6f');
    expect(sha(test.x)).toBe('605b7292a013d98c');
    expect(Array.from(train.t).every((v) => v === 0 || v === 1)).toBe(true);
  });

  it('takes the first images of each digit, grouped by digit, one-hot targets', () => {
    const { train, test } = mnistSplit(tiny(Array(10).fill(5)), { trainFraction: 0.6 });
    expect(labels(train.t)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((d) => [d, d, d]));
    expect(ids(train.x, train.size)).toEqual(digitList.flatMap((d) => [0, 1, 2].map((j) => d * 100 + j)));
    expect(ids(test.x, test.size)).toEqual(digitList.flatMap((d) => [3, 4].map((j) => d * 100 + j)));
  });

  it('limits each digit to its first perDigit images, and splits at random with a splitSeed', () => {
    const digits = tiny(Array(10).fill(20));
    const small = mnistSplit(digits, { perDigit: 10 });
    expect([small.train.size, small.test.size]).toEqual([80, 20]);
    expect(Math.max(...ids(small.test.x, 20).map((v) => v % 100))).toBe(9);
    const a = mnistSplit(digits, { splitSeed: 1 });
    const b = mnistSplit(digits, { splitSeed: 1 });
    const c = mnistSplit(digits, { splitSeed: 2 });
    expect(a.train.x).toEqual(b.train.x);
    expect(ids(a.test.x, a.test.size)).not.toEqual(ids(c.test.x, c.test.size));
    // Still a partition of each digit's images, 16 / 4 per digit.
    const all = [...ids(a.train.x, a.train.size), ...ids(a.test.x, a.test.size)].sort((p, q) => p - q);
    expect(all).toEqual(digitList.flatMap((d) => Array.from({ length: 20 }, (_, j) => d * 100 + j)));
    expect(counts(a.test.t)).toEqual(Array(10).fill(4));
  });

  it('names bad options and bad pixel data', () => {
    const field = (f: () => unknown): string => inputErrorOf(f)?.field ?? 'no error';
    const digits = tiny(Array(10).fill(5));
    expect(field(() => mnistSplit(digits, { trainFraction: 1 }))).toBe('trainFraction');
    expect(field(() => mnistSplit(digits, { trainFraction: 0.1 }))).toBe('trainFraction'); // no training image of 5
    expect(field(() => mnistSplit(digits, { perDigit: 1 }))).toBe('perDigit');
    expect(field(() => mnistSplit(digits, { splitSeed: 0.5 }))).toBe('splitSeed');
    expect(field(() => mnistDigits([new Float64Array(784)]))).toBe('digits');
    expect(field(() => mnistDigits(Array(10).fill(new Float64Array(783))))).toBe('digits[0]');
    expect(field(() => mnistDigits([...Array(9).fill(new Float64Array(784)), Float64Array.of(...Array(783).fill(0), 1.5)]))).toBe('digits[9]');
    expect(field(() => mnistDigits([...Array(9).fill(new Float64Array(784)), Float64Array.of(...Array(783).fill(0), Number.NaN)]))).toBe('digits[9]');
  });
});
