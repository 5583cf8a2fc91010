import { describe, expect, it } from 'vitest';
import { captureCli } from '../cli/captureCli.js';
import { at, scenarioVariant } from './scenarioVariant.js';

const noStackTrace = /\n\s+at |node_modules|Error:/;

describe('checkScenario: targets are evaluated on probe points at validation', () => {
  it.each([
    ['exp(x, y)', 'cannot be evaluated at', 'Too many arguments in function exp'],
    ['hypot()', 'cannot be evaluated at', 'Too few arguments in function hypot'],
    ['round(x, 100)', 'cannot be evaluated at', 'Number of decimals'],
    ['x!', 'cannot be evaluated at', 'Value must be non-negative'],
    ['1/0', 'is Infinity at', 'the target must be finite everywhere in the box'],
    ['sqrt(-1)', 'is NaN at', 'the target must be finite everywhere in the box'],
  ])('%s: exit 2 naming sampler.target', async (target, problem, detail) => {
    const path = scenarioVariant('scenarios/seed-fit.yaml', (s) => (at(s, 'sampler').target = target));
    const { code, stderr } = await captureCli(['validate', path]);
    expect(code).toBe(2);
    expect(stderr).toMatch(new RegExp(`variant\\.yaml:\\d+:\\d+: sampler\\.target: ${problem}`));
    expect(stderr).toContain(detail);
    expect(stderr).not.toMatch(noStackTrace);
  });

  it('the probes stay strictly inside the box: log(x) on [0, 1] and 1/x on [-1, 1] are accepted', async () => {
    for (const [target, box] of [['log(x) + y', [[0, 1], [0, 1]]], ['1/x + y', [[-1, 1], [-1, 1]]]] as const) {
      const path = scenarioVariant('scenarios/seed-fit.yaml', (s) => Object.assign(at(s, 'sampler'), { target, box }));
      expect((await captureCli(['validate', path])).code, target).toBe(0);
    }
  });

  it('a box of [-1e308, 1e308] (its width overflows) is refused at validation, naming the interval', async () => {
    const path = scenarioVariant('scenarios/seed-fit.yaml', (s) => (at(s, 'sampler').box = [[-1e308, 1e308], [-0.5, 0.5]]));
    const { code, stderr } = await captureCli(['validate', path]);
    expect(code).toBe(2);
    expect(stderr).toContain('sampler.box[0]: expected an interval whose width high - low is a finite number');
  });
});
