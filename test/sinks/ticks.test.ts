import { describe, expect, it } from 'vitest';
import { formatNumber, logTicks, niceTicks } from '../../src/sinks/ticks.js';

describe('ticks', () => {
  it('picks round linear ticks inside the range', () => {
    expect(niceTicks(0, 2000, 5)).toEqual([0, 500, 1000, 1500, 2000]);
    expect(niceTicks(-0.5, 0.5, 4)).toEqual([-0.5, 0, 0.5]);
    expect(niceTicks(0, 0.3, 3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceTicks(1, 1, 5)).toEqual([1]);
  });

  it('puts log ticks on decades, or linear ticks inside one decade', () => {
    expect(logTicks(0.0005, 0.2)).toEqual([0.001, 0.01, 0.1]);
    const narrow = logTicks(0.002, 0.004);
    expect(narrow.length).toBeGreaterThan(0);
    narrow.forEach((v) => expect(v).toBeGreaterThanOrEqual(0.002));
  });

  it('formats labels short', () => {
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(0.000123)).toBe('1.23e-4');
    expect(formatNumber(1500)).toBe('1500');
    expect(formatNumber(0.27106)).toBe('0.271');
    expect(formatNumber(-2.5e6)).toBe('-2.5e6');
  });
});
