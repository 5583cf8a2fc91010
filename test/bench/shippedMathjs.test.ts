import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freshMathjsBundle } from '../../scripts/mathjsBundle.js';
import { fromSources } from '../helpers/fromSources.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Runs a module script under tsx (and the given preloads) from the repository root; returns stdout.
 * The script asks whether importing the factories' source gave the bundle's module record: one
 * module per URL, so they are the same object exactly when the hook redirected the source.
 */
const redirected = (preloads: string[]): string =>
  execFileSync(process.execPath, ['--import', 'tsx', ...preloads.flatMap((p) => ['--import', p]), '--input-type=module', '-e', `
    const source = await import('./src/mathjsFactories.ts');
    const bundle = await import('./dist/mathjsFactories.js');
    const { mathjsLoad } = await import('./bench/mathjsLoad.ts');
    console.log(JSON.stringify({ same: source === bundle, load: mathjsLoad(), matrix: typeof source.matrixDependencies }));
  `], { cwd: root, encoding: 'utf8' });

describe('bench/shippedMathjs.ts', () => {
  it('resolves the factories source to the package bundle and says so', () => {
    expect(freshMathjsBundle(), 'dist/mathjsFactories.js is missing or older than its source: run npm run build').toBeDefined();
    expect(JSON.parse(redirected(['./bench/shippedMathjs.ts']))).toEqual({ same: true, load: 'bundle', matrix: 'object' });
  }, 60_000);

  it('so do the tests\' child processes (scripts/shippedMathjs.ts, by test/helpers/fromSources.ts)', () => {
    expect(fromSources.slice(0, 2)).toEqual(['--import', 'tsx']);
    expect(JSON.parse(redirected(fromSources.slice(3)))).toEqual({ same: true, load: 'bundle', matrix: 'object' });
  }, 60_000);

  it('without it, the source is its own module and the header says entry', () => {
    expect(JSON.parse(redirected([]))).toEqual({ same: false, load: 'entry', matrix: 'object' });
  }, 60_000);
});
