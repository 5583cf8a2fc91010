import { describe, expect, it } from 'vitest';
import { math } from '../../src/math.js';
import { encodeSnapshot, round } from '../../src/server/encodeSnapshot.js';

const snapshot = {
  step: 7,
  cost: 0.123456789,
  time: 12.5,
  grid: { x: [-1, 1], y: [0, 1], nx: 3, ny: 2 } as const,
  prediction: math.matrix([
    [1, 2.000001234, 3],
    [4, NaN, 1 / 3],
  ]),
  weights: [math.matrix([[0.5, -0.25]])],
  biases: [math.matrix([0.1, 0.2])],
};

describe('encodeSnapshot', () => {
  it('flattens the prediction row-major to 6 significant digits, without weights by default', () => {
    const data = encodeSnapshot(snapshot, { weights: false });
    expect(data).toEqual({ step: 7, cost: 0.123457, time: 12.5, grid: snapshot.grid, prediction: [1, 2, 3, 4, NaN, 0.333333] });
    expect('weights' in data).toBe(false);
    // A diverged value travels as null and does not throw.
    expect(JSON.parse(JSON.stringify(data)).prediction[4]).toBeNull();
  });

  it("adds a classifier's confidence, to 3 decimals (it only shades a colour)", () => {
    const data = encodeSnapshot({ ...snapshot, confidence: math.matrix([[0.12345, 1, 0], [0.5, NaN, 0.9996]]) }, { weights: false });
    expect(data.confidence).toEqual([0.123, 1, 0, 0.5, NaN, 1]);
    expect(JSON.parse(JSON.stringify(data)).confidence[4]).toBeNull();
  });

  it('adds weights and biases when asked', () => {
    const data = encodeSnapshot(snapshot, { weights: true });
    expect(data.weights).toEqual([{ rows: 1, cols: 2, data: [0.5, -0.25] }]);
    expect(data.biases).toEqual([[0.1, 0.2]]);
  });

  it('rounds to 6 significant digits at any magnitude', () => {
    expect(round(123456789)).toBe(123457000);
    expect(round(1.23456789e-9)).toBe(1.23457e-9);
    expect(round(Infinity)).toBe(Infinity);
  });
});
