import { cpus } from 'node:os';
import { describe, expect, it } from 'vitest';
import { cpuModel } from '../../bench/cpuModel.js';

describe('cpuModel', () => {
  const name = cpus()[0]?.model.trim() || 'unknown';

  it('adds the family, the model and the widest vector extension from /proc/cpuinfo', () => {
    const zen3 = 'processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 1\nmodel name\t: AMD EPYC\nflags\t\t: fpu sse2 avx fma avx2 bmi2\n';
    expect(cpuModel(zen3)).toBe(`${name} (family 25 model 1, avx2)`);
    expect(cpuModel(zen3.replace('avx2', 'avx2 avx512f'))).toBe(`${name} (family 25 model 1, avx512)`);
  });

  it('falls back to what it can read: the extension alone, or the bare name', () => {
    expect(cpuModel('flags\t\t: sse2 avx\n')).toBe(`${name} (avx)`);
    expect(cpuModel('Features\t: fp asimd\n')).toBe(name);
    expect(cpuModel(null)).toBe(name);
  });
});
