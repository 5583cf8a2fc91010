import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freshMathjsBundle } from '../../scripts/mathjsBundle.js';

describe('freshMathjsBundle', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rxprop-mathjs-bundle-'));
  const file = (name: string, seconds?: number): URL => {
    const path = join(dir, name);
    writeFileSync(path, '');
    if (seconds !== undefined) utimesSync(path, seconds, seconds);
    return pathToFileURL(path);
  };

  it('gives the bundle when it is at least as new as the source', () => {
    const bundle = file('new.js', 2000);
    expect(freshMathjsBundle(bundle, file('old.ts', 1000))).toEqual(bundle);
    expect(freshMathjsBundle(bundle, file('same.ts', 2000))).toEqual(bundle);
  });

  it('keeps the source (undefined) when the bundle is stale or either file is missing', () => {
    expect(freshMathjsBundle(file('stale.js', 1000), file('edited.ts', 2000))).toBeUndefined();
    expect(freshMathjsBundle(pathToFileURL(join(dir, 'missing.js')), file('source.ts'))).toBeUndefined();
    expect(freshMathjsBundle(file('bundle.js'), pathToFileURL(join(dir, 'missing.ts')))).toBeUndefined();
  });
});
