import type { Page } from 'playwright-core';

/**
 * How many pixels of the canvas at `selector` are within `tolerance` of `rgb` in every channel:
 * a line or a mark of that colour was drawn.
 *
 * @example
 * expect(await countPixels(page, '#accuracy', [0xe0, 0x7b, 0x00])).toBeGreaterThan(200);
 */
export function countPixels(page: Page, selector: string, rgb: readonly [number, number, number], tolerance = 30): Promise<number> {
  return page.evaluate(
    ([selector, rgb, tolerance]) => {
      const canvas = document.querySelector<HTMLCanvasElement>(selector)!;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let k = 0; k < data.length; k += 4) if (Math.abs(data[k]! - rgb[0]) < tolerance && Math.abs(data[k + 1]! - rgb[1]) < tolerance && Math.abs(data[k + 2]! - rgb[2]) < tolerance) n++;
      return n;
    },
    [selector, rgb, tolerance] as const,
  );
}
