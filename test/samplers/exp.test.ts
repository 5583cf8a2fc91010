import { all, create, type BigNumber } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/random/Random.js';
import { exp } from '../../src/samplers/exp.js';

/** A double from a high and a low 32-bit word. */
function fromWords(high: number, low: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setUint32(0, high);
  view.setUint32(4, low);
  return view.getFloat64(0);
}

describe('exp', () => {
  it('has the bits of Math.exp over every range fdlibm reduces differently, the thresholds and the special values', () => {
    const random = seededRandom(1);
    const differ: number[] = [];
    const check = (x: number): void => {
      if (!Object.is(exp(x), Math.exp(x)) && differ.length < 5) differ.push(x);
    };
    for (let i = 0; i < 200_000; i++) {
      check((random.next() - 0.5) * 1500); // every k, overflow and underflow
      check((random.next() - 0.5) * 6); // k = 0, ±1, ±2…
      check(-2.5 * random.next()); // the seed's exp(-5(x²+y²))
      check((random.next() - 0.5) * 1e-7); // near 2^-28
      check(fromWords((random.next() * 2 ** 32) >>> 0, (random.next() * 2 ** 32) >>> 0)); // any double
    }
    // Around each high-word threshold of fdlibm's branches (½ ln 2, 1.5 ln 2, 2^-28, 709.78) and ours (708).
    for (const high of [0x3fd62e42, 0x3fd62e43, 0x3ff0a2b1, 0x3ff0a2b2, 0x3e2fffff, 0x3e300000, 0x40862e41, 0x40862e42, 0x40862000]) {
      for (let i = 0; i < 20_000; i++) {
        const x = fromWords(high, (random.next() * 2 ** 32) >>> 0);
        check(x);
        check(-x);
      }
    }
    for (const x of [0, -0, 1, -1, 708, -708, 709.78, -745.13, -746, 1e-300, -5e-324, Infinity, -Infinity, NaN]) check(x);
    expect(differ).toEqual([]);
  });

  it('is within one ulp of e^x computed to 40 digits', () => {
    const big = create(all!, { number: 'BigNumber', precision: 40 });
    // The double's exact value (its decimal string is only the shortest one that reads back).
    const exactly = (x: number): BigNumber => {
      const view = new DataView(new ArrayBuffer(8));
      view.setFloat64(0, x);
      const e = (view.getUint32(0) >>> 20) & 0x7ff;
      const mantissa = (view.getUint32(0) & 0xfffff) * 2 ** 32 + view.getUint32(4) + (e === 0 ? 0 : 2 ** 52);
      const scaled = big.multiply(big.bignumber(mantissa), big.pow(big.bignumber(2), big.bignumber(Math.max(e, 1) - 1075)));
      return (x < 0 ? big.unaryMinus(scaled) : scaled) as BigNumber;
    };
    const random = seededRandom(2);
    for (let i = 0; i < 2000; i++) {
      const x = (random.next() - 0.5) * (i % 2 === 0 ? 6 : 1400);
      const exact = big.exp(exactly(x));
      const got = exp(x);
      const ulp = Math.abs(got) * Number.EPSILON;
      expect(Number(big.abs(big.subtract(exact, exactly(got)))), `exp(${x})`).toBeLessThanOrEqual(ulp);
    }
  });
});
