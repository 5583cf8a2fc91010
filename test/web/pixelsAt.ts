import type { Page } from 'playwright-core';

/**
 * The RGB of the canvas at `selector` at each of `points` (whole canvas pixels), with the
 * canvas's width and what its `data-maps` says it drew.
 *
 * @example
 * const { rgb } = await pixelsAt(page, '#maps', [[10, 20]]);
 */
export function pixelsAt(page: Page, selector: string, points: readonly (readonly [number, number])[]): Promise<{ width: number; maps: string | undefined; rgb: number[][] }> {
  return page.evaluate(
    ([selector, points]) => {
      const canvas = document.querySelector<HTMLCanvasElement>(selector)!;
      const ctx = canvas.getContext('2d')!;
      return { width: canvas.width, maps: canvas.dataset['maps'], rgb: points.map(([x, y]) => Array.from(ctx.getImageData(x, y, 1, 1).data.slice(0, 3))) };
    },
    [selector, points] as const,
  );
}
