import { describe, expect, it } from 'vitest';
import { colorScale } from '../../src/sinks/colorScale.js';
import { viridis, viridisCss } from '../../src/sinks/viridis.js';

describe('viridis', () => {
  it('runs from matplotlib viridis dark purple to yellow, clamping outside [0, 1]', () => {
    expect(viridis(0)).toEqual([0x44, 0x01, 0x54]);
    expect(viridis(1)).toEqual([0xfd, 0xe7, 0x25]);
    expect(viridis(-3)).toEqual(viridis(0));
    expect(viridis(7)).toEqual(viridis(1));
    expect(viridis(Number.NaN)).toEqual(viridis(0));
    expect(viridis(0.5)).toEqual([0x21, 0x91, 0x8c]);
    expect(viridisCss(1)).toBe('rgb(253,231,37)');
  });

  it('gets brighter (green rises) monotonically along the map', () => {
    const greens = Array.from({ length: 101 }, (_, k) => viridis(k / 100)[1]);
    greens.slice(1).forEach((g, k) => expect(g).toBeGreaterThanOrEqual(greens[k]!));
  });
});

describe('colorScale', () => {
  it('spans exactly the finite values of every array given', () => {
    const scale = colorScale([[0.2, 0.5], new Float64Array([-0.1, Number.NaN, 0.3])]);
    expect([scale.min, scale.max]).toEqual([-0.1, 0.5]);
    expect(scale.unit(-0.1)).toBe(0);
    expect(scale.unit(0.5)).toBe(1);
    expect(scale.unit(0.2)).toBeCloseTo(0.5);
    expect(scale.unit(9)).toBe(1);
  });

  it('draws a constant field mid-scale and survives no data', () => {
    const flat = colorScale([[2, 2, 2]]);
    expect(flat.unit(2)).toBe(0.5);
    expect([colorScale([]).min, colorScale([]).max]).toEqual([0, 1]);
  });
});
