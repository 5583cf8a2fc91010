import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors/InputError.js';
import { seededRandom } from '../../../src/random/Random.js';
import { playgroundData, type PlaygroundDataOptions } from '../../../src/samplers/playground/playgroundData.js';
import { playgroundProblems } from '../../../src/samplers/playground/playgroundProblems.js';

const pairs = (x: Float64Array) => Array.from({ length: x.length / 2 }, (_, i) => `${x[2 * i]},${x[2 * i + 1]}`);

describe('playgroundData', () => {
  it('uses the Playground\'s defaults: its point count, half of them for training', () => {
    for (const [name, problem] of Object.entries(playgroundProblems)) {
      const { train, test } = playgroundData({ problem: problem.name, seed: 1 });
      expect([name, train.size, test.size, train.inputDim, train.targetDim]).toEqual([name, problem.samples / 2, problem.samples / 2, 2, 1]);
    }
  });

  it('shuffles the generated points, then splits them: disjoint parts whose union is every point', () => {
    const options: PlaygroundDataOptions = { problem: 'spiral', samples: 400, noise: 0.1, trainFraction: 0.3, seed: 9 };
    const { train, test } = playgroundData(options);
    expect([train.size, test.size]).toEqual([120, 280]);
    const generated = playgroundProblems.spiral.generate(seededRandom(9), 400, 0.1);
    const all = [...pairs(train.x), ...pairs(test.x)];
    expect([...all].sort()).toEqual(pairs(generated.x).sort());
    expect(all).not.toEqual(pairs(generated.x)); // shuffled, not in generation order
    // Each point keeps its label.
    const labelOf = new Map(pairs(generated.x).map((p, i) => [p, generated.label[i]]));
    pairs(train.x).forEach((p, i) => expect(train.t[i]).toBe(labelOf.get(p)));
    // The shuffle mixes the classes into both parts.
    const positive = Array.from(train.t).filter((l) => l > 0).length / train.size;
    expect(positive).toBeGreaterThan(0.35);
    expect(positive).toBeLessThan(0.65);
  });

  it('same seed, same bits (points, split and shuffle seed); another seed differs', () => {
    const a = playgroundData({ problem: 'circle', noise: 0.2, seed: 3 });
    const b = playgroundData({ problem: 'circle', noise: 0.2, seed: 3 });
    const c = playgroundData({ problem: 'circle', noise: 0.2, seed: 4 });
    expect(a.train.x).toEqual(b.train.x);
    expect(a.test.t).toEqual(b.test.t);
    expect(a.shuffleSeed).toBe(b.shuffleSeed);
    expect(a.train.x).not.toEqual(c.train.x);
    expect(a.shuffleSeed).not.toBe(c.shuffleSeed);
  });

  it('encodes classes as ±1, 0/1 or one-hot [−1 class, +1 class]', () => {
    const base = { problem: 'gauss', seed: 2 } as const;
    const sign = playgroundData(base).train.t;
    const binary = playgroundData({ ...base, encoding: 'binary' }).train;
    const oneHot = playgroundData({ ...base, encoding: 'one-hot' }).train;
    expect(oneHot.targetDim).toBe(2);
    sign.forEach((l, i) => {
      expect(binary.t[i]).toBe(l > 0 ? 1 : 0);
      expect([oneHot.t[2 * i], oneHot.t[2 * i + 1]]).toEqual(l > 0 ? [0, 1] : [1, 0]);
    });
    expect(new Set(sign)).toEqual(new Set([1, -1]));
  });

  it('names the field of bad options', () => {
    const field = (o: Partial<PlaygroundDataOptions>) => {
      try {
        playgroundData({ problem: 'xor', seed: 1, ...o } as PlaygroundDataOptions);
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as InputError).field;
      }
      return 'no error';
    };
    expect(field({ problem: 'moons' as 'xor' })).toBe('problem');
    expect(field({ problem: 'spiral', samples: 501 })).toBe('samples');
    expect(field({ samples: 1.5 })).toBe('samples');
    expect(field({ noise: -0.1 })).toBe('noise');
    expect(field({ noise: Number.NaN })).toBe('noise');
    expect(field({ trainFraction: 1 })).toBe('trainFraction');
    expect(field({ samples: 4, trainFraction: 0.1 })).toBe('trainFraction');
    expect(field({ encoding: 'onehot' as 'one-hot' })).toBe('encoding');
    expect(field({ problem: 'plane', encoding: 'binary' })).toBe('encoding');
    expect(field({ seed: 0.5 })).toBe('seed');
    expect(field({ samples: 501 })).toBe('no error'); // xor draws no halves
  });

  it('refuses a noise so large that the points overflow (it made a data set of ±∞ that training called a divergence)', () => {
    for (const problem of ['gauss', 'plane'] as const) {
      expect(() => playgroundData({ problem, noise: 1e308, seed: 1 })).toThrow(new InputError('noise', '1e+308 moves the points beyond the finite numbers', 'the Playground offers 0 … 0.5'));
    }
    expect(() => playgroundData({ problem: 'xor', noise: 3, seed: 1 })).not.toThrow();
  });
});
