import { isNode, nodeModule } from './runtime.js';

/** Which build of the kernels: relaxed SIMD (real FMA) or plain SIMD, shared memory (threads) or not. */
export interface WasmVariant {
  readonly relaxed: boolean;
  readonly shared: boolean;
}

/** A compiled kernel module and the variant it is. */
export interface LoadedModule extends WasmVariant {
  readonly module: WebAssembly.Module;
}

// Literal URLs, so that bundlers (vite) see and copy the files.
const builds = {
  simd: new URL('../../../build/wasm/rxprop-simd.wasm', import.meta.url),
  relaxed: new URL('../../../build/wasm/rxprop-relaxed.wasm', import.meta.url),
  'simd-shared': new URL('../../../build/wasm/rxprop-simd-shared.wasm', import.meta.url),
  'relaxed-shared': new URL('../../../build/wasm/rxprop-relaxed-shared.wasm', import.meta.url),
};

const fileName = (v: WasmVariant): keyof typeof builds => `${v.relaxed ? 'relaxed' : 'simd'}${v.shared ? '-shared' : ''}`;

/**
 * The URL of one build: beside `baseUrl` when given (the four `rxprop-*.wasm` files served from
 * anywhere), else in the package's `build/wasm/`.
 *
 * @example
 * wasmUrl({ relaxed: true, shared: false }); // file:///…/build/wasm/rxprop-relaxed.wasm
 */
export function wasmUrl(variant: WasmVariant, baseUrl?: URL | string): URL {
  const name = fileName(variant);
  return baseUrl === undefined ? builds[name] : new URL(`rxprop-${name}.wasm`, baseUrl);
}

async function fetchBytes(url: URL): Promise<ArrayBuffer> {
  if (url.protocol === 'file:') {
    const { readFile } = await nodeModule<typeof import('node:fs/promises')>('node:fs/promises');
    try {
      const bytes = await readFile(url);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    } catch (error) {
      throw new Error(`rxprop: the WebAssembly kernels are not built (${url.pathname} is missing): run \`npm run build:wasm\` (\`npm ci\` runs it)`, { cause: error });
    }
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`rxprop: could not fetch the WebAssembly kernels from ${url.href}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

/**
 * Node 20's V8 knows relaxed SIMD only behind a flag. The flag is refused in NODE_OPTIONS, but set
 * at run time before compiling it works; newer Node versions and browsers validate without it.
 */
async function validatesRelaxed(bytes: ArrayBuffer): Promise<boolean> {
  if (WebAssembly.validate(bytes)) return true;
  if (!isNode) return false;
  const v8 = await nodeModule<typeof import('node:v8')>('node:v8');
  v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  return WebAssembly.validate(bytes);
}

const cache = new Map<string, Promise<LoadedModule>>();

/**
 * Fetches and compiles the kernels (once per variant and location per process): the relaxed-SIMD
 * build when `preferRelaxed` and the runtime accepts it, else the plain SIMD build (~20% slower).
 *
 * @example
 * const { module, relaxed } = await loadWasmModule({ shared: false, preferRelaxed: true });
 */
export function loadWasmModule(options: { shared: boolean; preferRelaxed: boolean; baseUrl?: URL | string }): Promise<LoadedModule> {
  const key = `${options.shared}/${options.preferRelaxed}/${options.baseUrl ?? ''}`;
  let loaded = cache.get(key);
  if (!loaded) {
    loaded = (async () => {
      if (options.preferRelaxed) {
        const bytes = await fetchBytes(wasmUrl({ relaxed: true, shared: options.shared }, options.baseUrl));
        if (await validatesRelaxed(bytes)) return { module: await WebAssembly.compile(bytes), relaxed: true, shared: options.shared };
      }
      const bytes = await fetchBytes(wasmUrl({ relaxed: false, shared: options.shared }, options.baseUrl));
      if (!WebAssembly.validate(bytes)) throw new Error('rxprop: this runtime lacks WebAssembly SIMD; use the mathjs engine (createEngine("mathjs"))');
      return { module: await WebAssembly.compile(bytes), relaxed: false, shared: options.shared };
    })();
    cache.set(key, loaded);
    loaded.catch(() => cache.delete(key));
  }
  return loaded;
}

/** True when this runtime can share a WebAssembly memory with workers (browsers: only cross-origin isolated pages). */
export function sharedMemoryAvailable(): boolean {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  return typeof SharedArrayBuffer !== 'undefined' && typeof Atomics !== 'undefined' && isolated !== false;
}
