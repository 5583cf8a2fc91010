import { describe, expect, it } from 'vitest';
import { initialize } from '../../src/network/initializers.js';
import { seededRandom } from '../../src/random/Random.js';

describe('initialize', () => {
  const draw = (init: Parameters<typeof initialize>[0], nIn = 50, nOut = 40) => {
    const out = new Float64Array(nIn * nOut);
    initialize(init, out, nIn, nOut, seededRandom(1));
    return out;
  };
  const bound = (a: Float64Array) => Math.max(...a.map(Math.abs));

  it('uniform stays within ±scale and fills it', () => {
    const w = draw({ type: 'uniform', scale: 0.1 });
    expect(bound(w)).toBeLessThanOrEqual(0.1);
    expect(bound(w)).toBeGreaterThan(0.099);
  });

  it('zeros are zeros', () => {
    expect(draw({ type: 'zeros' }).every((v) => v === 0)).toBe(true);
  });

  it('xavier and he use their fan-in/fan-out limits', () => {
    expect(bound(draw({ type: 'xavier' }))).toBeLessThanOrEqual(Math.sqrt(6 / 90));
    expect(bound(draw({ type: 'xavier' }))).toBeGreaterThan(0.99 * Math.sqrt(6 / 90));
    expect(bound(draw({ type: 'he' }))).toBeLessThanOrEqual(Math.sqrt(6 / 50));
    expect(bound(draw({ type: 'he' }))).toBeGreaterThan(0.99 * Math.sqrt(6 / 50));
  });

  it('names unknown initializers', () => {
    expect(() => draw({ type: 'orthogonal' } as never)).toThrow('init.type: unknown initializer "orthogonal" (use one of: uniform, zeros, xavier, he)');
  });
});
