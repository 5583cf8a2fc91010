import { describe, expect, it } from 'vitest';
import { drawConfusionMatrix } from '../../src/sinks/drawConfusionMatrix.js';
import { drawFieldAxes } from '../../src/sinks/drawFieldAxes.js';
import { recordingContext } from './recordingContext.js';

// 5 grid values per axis, −0.5 … 0.5 (0.25 apart), in cells of 10 pixels: value −0.5 is cell 0,
// whose centre is 5 pixels inside the image; value 0.5 is cell 4, centred 5 pixels before its end.
const field = { x: [-0.5, 0.5], y: [-0.5, 0.5], nx: 5, ny: 5 } as const;
const layout = { cell: 10, image: { x: 100, y: 20, width: 50, height: 50 } };

/** Each tick label with where it was written. */
const labels = (calls: ReturnType<typeof recordingContext>['calls']) => calls.filter((c) => c.method === 'fillText').map((c) => c.args as [string, number, number]);

describe('drawFieldAxes', () => {
  it('puts the tick of a grid value at the centre of its cell, on both axes', () => {
    const { ctx, calls } = recordingContext();
    drawFieldAxes(ctx, field, layout, 'Target');
    const [title, ...ticks] = labels(calls);
    expect(title).toEqual(['Target', 125, 12]);
    const below = 20 + 50; // the x labels hang below the image, the y labels left of it
    const x = ticks.filter(([, , y]) => y > below).map(([text, px]) => [text, px]);
    const y = ticks.filter(([, , py]) => py <= below).map(([text, , py]) => [text, py]);
    // Cell centres: x = 100 + 10·(j + ½), y = 70 − 10·(i + ½) for grid values j, i = 0, 2, 4.
    expect(x).toEqual([['-0.5', 105], ['0', 125], ['0.5', 145]]);
    expect(y).toEqual([['-0.5', 65], ['0', 45], ['0.5', 25]]);
    // The tick marks themselves: 1-pixel columns under the image, rows left of it, at the same places.
    const marks = calls.filter((c) => c.method === 'fillRect').map((c) => c.args);
    expect(marks).toEqual([[105, 70, 1, 4], [125, 70, 1, 4], [145, 70, 1, 4], [96, 65, 4, 1], [96, 45, 4, 1], [96, 25, 4, 1]]);
  });

  it('keeps a single-cell axis on its one centre', () => {
    const { ctx, calls } = recordingContext();
    drawFieldAxes(ctx, { x: [0.3, 0.3], y: [-1, 1], nx: 1, ny: 3 }, { cell: 10, image: { x: 0, y: 0, width: 10, height: 30 } }, '');
    const x = labels(calls).filter(([, , y]) => y > 30);
    expect(x).toEqual([['0.3', 5, 36]]);
  });
});

describe('drawConfusionMatrix', () => {
  it('labels each class at the centre of its row and column', () => {
    const { ctx, calls } = recordingContext();
    const { x, y, cell } = drawConfusionMatrix(ctx, { classes: 3, counts: new Int32Array(9), right: 0, total: 0 }, { x: 0, y: 0, width: 190, height: 190 });
    const classLabels = labels(calls).filter(([text]) => /^\d$/.test(text));
    expect(classLabels).toEqual([0, 1, 2].flatMap((k) => [[String(k), x + (k + 0.5) * cell, y - 3], [String(k), x - 5, y + (k + 0.5) * cell]]));
  });
});
