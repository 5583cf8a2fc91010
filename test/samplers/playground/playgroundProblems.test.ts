import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/random/Random.js';
import { playgroundProblems, type PlaygroundPoints } from '../../../src/samplers/playground/playgroundProblems.js';

const n = 20_000;
const draw = (name: keyof typeof playgroundProblems, noise: number, seed = 1): PlaygroundPoints => playgroundProblems[name].generate(seededRandom(seed), n, noise);
const rows = ({ x, label }: PlaygroundPoints) => Array.from(label, (l, i) => ({ x: x[2 * i]!, y: x[2 * i + 1]!, l }));
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const variance = (v: number[]) => {
  const m = mean(v);
  return mean(v.map((a) => (a - m) ** 2));
};
const share = <T>(v: T[], p: (a: T) => boolean) => v.filter(p).length / v.length;

describe('playgroundProblems (20,000 points each: sampling error ≈ 0.004 on a share)', () => {
  it('lists the Playground\'s six problems with its point counts', () => {
    expect(Object.keys(playgroundProblems)).toEqual(['circle', 'xor', 'gauss', 'spiral', 'plane', 'multi-gauss']);
    expect(Object.values(playgroundProblems).map((p) => [p.kind, p.samples])).toEqual([
      ...Array(4).fill(['classification', 500]),
      ...Array(2).fill(['regression', 1200]),
    ]);
  });

  it('circle: +1 inside radius 2.5, −1 on the ring 3.5…5, half each without noise; noise flips labels near the edge', () => {
    const points = rows(draw('circle', 0));
    const r = (p: { x: number; y: number }) => Math.sqrt(p.x * p.x + p.y * p.y);
    expect(points.slice(0, n / 2).every((p) => p.l === 1 && r(p) < 2.5)).toBe(true);
    expect(points.slice(n / 2).every((p) => p.l === -1 && r(p) >= 3.5 - 1e-12 && r(p) < 5 + 1e-12)).toBe(true);
    // Radius uniform in [0, 2.5): mean 1.25.
    expect(mean(points.slice(0, n / 2).map(r))).toBeCloseTo(1.25, 1);
    // With noise, the label is read at a displaced point: inner points escape more often than outer ones come in.
    const noisy = rows(draw('circle', 0.5));
    const flipped = share(noisy, (p) => p.l !== (r(p) < 2.5 ? 1 : -1));
    expect(flipped).toBeGreaterThan(0.2);
    expect(share(noisy, (p) => p.l === 1)).toBeLessThan(0.4);
  });

  it('xor: coordinates 0.3…5.3 from the axes; label flips at exactly the rate uniform noise predicts', () => {
    for (const noise of [0, 0.5]) {
      const points = rows(draw('xor', noise));
      expect(points.every((p) => Math.abs(p.x) >= 0.3 && Math.abs(p.x) <= 5.3 && Math.abs(p.y) >= 0.3 && Math.abs(p.y) <= 5.3)).toBe(true);
      expect(share(points, (p) => p.l === 1)).toBeCloseTo(0.5, 1);
      // A coordinate a = |x| ~ U[0.3, 5.3] changes sign when the noise U[−5σ, 5σ] exceeds a against it:
      // p = E[max(0, 5σ − a)] / 10σ; the label flips when exactly one coordinate does: 2p(1 − p).
      const s = 5 * noise;
      const p = noise === 0 ? 0 : (Math.max(0, s - 0.3) ** 2 / 2 / 5) / (2 * s);
      const flipped = share(points, (q) => q.l !== (q.x * q.y >= 0 ? 1 : -1));
      expect(Math.abs(flipped - 2 * p * (1 - p))).toBeLessThan(0.01);
    }
  });

  it('gauss: exactly half at (2, 2) labelled +1 and half at (−2, −2) labelled −1, variance 0.5 + 7·noise per coordinate', () => {
    for (const noise of [0, 0.25, 0.5]) {
      const points = rows(draw('gauss', noise));
      const pos = points.slice(0, n / 2);
      const neg = points.slice(n / 2);
      expect(pos.every((p) => p.l === 1) && neg.every((p) => p.l === -1)).toBe(true);
      const want = 0.5 + 7 * noise;
      for (const [part, c] of [[pos, 2], [neg, -2]] as const) {
        for (const k of ['x', 'y'] as const) {
          const v = part.map((p) => p[k]);
          expect(Math.abs(mean(v) - c)).toBeLessThan(4 * Math.sqrt(want / (n / 2)));
          expect(Math.abs(variance(v) / want - 1)).toBeLessThan(0.05);
        }
      }
    }
  });

  it('spiral: two arms of 1.75 turns to radius 5, each coordinate off the curve by U[−noise, noise]', () => {
    for (const noise of [0, 0.3]) {
      const points = rows(draw('spiral', noise));
      const dev: number[] = [];
      points.forEach((p, k) => {
        const arm = k < n / 2 ? 0 : 1;
        const i = k - arm * (n / 2);
        const r = (i / (n / 2)) * 5;
        const t = (1.75 * i * 2 * Math.PI) / (n / 2) + arm * Math.PI;
        expect(p.l).toBe(arm === 0 ? 1 : -1);
        dev.push(p.x - r * Math.sin(t), p.y - r * Math.cos(t));
      });
      expect(Math.max(...dev.map(Math.abs))).toBeLessThanOrEqual(noise + 1e-12);
      expect(variance(dev)).toBeCloseTo(noise ** 2 / 3, 3);
    }
  });

  it('plane: points uniform in [−6, 6]², label (x + y)/10 plus noise of variance 0.24·noise²', () => {
    for (const noise of [0, 0.5]) {
      const points = rows(draw('plane', noise));
      expect(points.every((p) => Math.abs(p.x) <= 6 && Math.abs(p.y) <= 6)).toBe(true);
      expect(variance(points.map((p) => p.x))).toBeCloseTo(12, 0); // 12²/12
      const residual = points.map((p) => p.l - (p.x + p.y) / 10);
      expect(Math.abs(variance(residual) - 0.24 * noise ** 2)).toBeLessThan(0.003);
      if (noise === 0) expect(Math.max(...residual.map(Math.abs))).toBeLessThan(1e-15);
    }
  });

  it('multi-gauss: without noise the label is the largest signed bump max(0, 1 − d/2) of six centres; noise blurs it', () => {
    const centres = [[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]];
    const bumps = (x: number, y: number) => centres.map(([cx, cy, s]) => s! * Math.max(0, 1 - Math.hypot(x - cx!, y - cy!) / 2));
    const label = (x: number, y: number) => bumps(x, y).reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a), 0);
    const exact = rows(draw('multi-gauss', 0));
    expect(Math.max(...exact.map((p) => Math.abs(p.l - label(p.x, p.y))))).toBeLessThan(1e-12);
    // Each bump covers π·2² of the 144 square: 6·4π/144 ≈ 52% of points have a label ≠ 0.
    expect(share(exact, (p) => p.l !== 0)).toBeCloseTo((6 * 4 * Math.PI) / 144, 1);
    const noisy = rows(draw('multi-gauss', 0.5));
    expect(share(noisy, (p) => Math.abs(p.l - label(p.x, p.y)) > 0.1)).toBeGreaterThan(0.3);
  });

  it('same seed, same bits; another seed, other points', () => {
    for (const name of Object.keys(playgroundProblems) as (keyof typeof playgroundProblems)[]) {
      const [a, b, c] = [draw(name, 0.2, 5), draw(name, 0.2, 5), draw(name, 0.2, 6)];
      expect(a.x).toEqual(b.x);
      expect(a.label).toEqual(b.label);
      expect(a.x).not.toEqual(c.x);
    }
  });
});
