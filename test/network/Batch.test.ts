import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/InputError.js';
import { Batch } from '../../src/network/Batch.js';

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
});
