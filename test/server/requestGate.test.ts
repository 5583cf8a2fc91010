import { describe, expect, it } from 'vitest';
import { requestGate } from '../../src/server/requestGate.js';

describe('requestGate', () => {
  it('limits each connection, and all of them together', () => {
    let now = 0;
    const gate = requestGate({ perConnection: 4, total: 6, burstSeconds: 1, now: () => now });
    const [a, b, c] = [{}, {}, {}];
    expect(Array.from({ length: 5 }, () => gate(a))).toEqual(['pass', 'pass', 'pass', 'pass', 'flood']);
    expect(gate(b)).toBe('pass');
    expect(gate(b)).toBe('pass');
    expect(gate(c)).toBe('busy'); // six served in total
    now += 1000;
    expect(gate(c)).toBe('pass');
  });

  it('counts an expensive request as several', () => {
    const gate = requestGate({ perConnection: 10, total: 100, burstSeconds: 1, now: () => 0 });
    const a = {};
    expect(gate(a, 5)).toBe('pass');
    expect(gate(a, 5)).toBe('pass');
    expect(gate(a)).toBe('flood');
  });
});
