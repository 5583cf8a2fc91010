import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/InputError.js';
import { Batch } from '../../src/network/Batch.js';
import { inputErrorOf } from '../helpers/inputErrorOf.js';

describe('Batch', () => {
  it('fromArrays takes the arrays as rows and names the first non-finite value', () => {
    const batch = Batch.fromArrays(new Float64Array([0, 1, 2, 3, 4, 5]), new Float64Array([7, 8]), 2);
    expect([batch.size, batch.inputDim, batch.targetDim]).toEqual([2, 3, 1]);
    expect(batch.inputs.toArray()).toEqual([[0, 1, 2], [3, 4, 5]]);
    const bad = () => Batch.fromArrays(new Float64Array([0, 1, 2, 3, NaN, 5]), new Float64Array([7, 8]), 2);
    expect(bad).toThrow(InputError);
    expect(bad).toThrow(/inputs\[1\]\[1\]/);
    expect(() => Batch.fromArrays(new Float64Array([0, 1]), new Float64Array([Infinity]), 1)).toThrow(/targets\[0\]\[0\]/);
  });

  it('fromFiniteArrays checks the shape but trusts the values (for samplers finite by construction)', () => {
    expect(Batch.fromFiniteArrays(new Float64Array([0, NaN]), new Float64Array([1]), 1).x[1]).toBeNaN();
    expect(() => Batch.fromFiniteArrays(new Float64Array([0, 1, 2]), new Float64Array([1, 2]), 2)).toThrow(/not whole rows/);
    expect(() => Batch.fromFiniteArrays(new Float64Array([0, 1]), new Float64Array([1]), 0)).toThrow(/size/);
  });

  it('rowsOf takes rows of a data set in order, copying the targets now and the inputs when read', () => {
    const data = Batch.of([[0, 1], [2, 3], [4, 5], [6, 7]], [[10], [11], [12], [13]]);
    const picked = [3, 0, 3];
    const batch = Batch.rowsOf(data, picked);
    picked[0] = 1; // the batch keeps its own copy of the indices
    expect([batch.size, batch.inputDim, batch.targetDim]).toEqual([3, 2, 1]);
    expect(Array.from(batch.t)).toEqual([13, 10, 13]);
    expect(batch.inputRows!.data).toBe(data.x);
    expect(Array.from(batch.inputRows!.rows)).toEqual([3, 0, 3]);
    expect(Array.from(batch.x)).toEqual([6, 7, 0, 1, 6, 7]);
    expect(batch.inputRows).toBeUndefined(); // read once, x is the batch's own
    expect(batch.inputs.toArray()).toEqual([[6, 7], [0, 1], [6, 7]]);
    // Rows of a batch of rows read from the first data set.
    const again = Batch.rowsOf(Batch.rowsOf(data, [2, 1]), [1, 1, 0]);
    expect(again.inputRows!.data).toBe(data.x);
    expect(Array.from(again.inputRows!.rows)).toEqual([1, 1, 2]);
    expect(Array.from(again.x)).toEqual([2, 3, 2, 3, 4, 5]);
    expect(Array.from(again.t)).toEqual([11, 11, 12]);
  });

  it('rowsOf names a row index that is not one of the data set\'s rows', () => {
    const data = Batch.of([[0], [1]], [[0], [1]]);
    for (const [rows, field] of [[[0, 2], 'rows[1]'], [[-1], 'rows[0]'], [[0.5], 'rows[0]'], [[NaN], 'rows[0]'], [[], 'rows']] as const) {
      expect(inputErrorOf(() => Batch.rowsOf(data, rows))?.field, JSON.stringify(rows)).toBe(field);
    }
  });
});
