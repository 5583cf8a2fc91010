import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wasmEngine } from '../../../src/engine/wasm/wasmEngine.js';
import { Batch } from '../../../src/network/Batch.js';
import { Network } from '../../../src/network/Network.js';
import { seededRandom } from '../../../src/random/Random.js';
import { launchChromium } from '../../helpers/launchChromium.js';
import { trainingTrace } from './browser/trainingTrace.js';

// The engine bundled by vite (which copies the .wasm files it finds through
// `new URL(…, import.meta.url)`) and run in Chromium: fetch + instantiate, relaxed SIMD detection,
// and worker threads on a shared memory in a cross-origin-isolated page.
describe('the wasm engine in a browser (Chromium)', () => {
  let server: Server;
  let browser: Browser;
  let origin: string;
  let outDir: string;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'rxprop-browser-'));
    await build({
      root: fileURLToPath(new URL('./browser/', import.meta.url)),
      base: './',
      logLevel: 'error',
      build: { outDir, emptyOutDir: true, minify: false },
    });
    const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
    server = createServer((req, res) => {
      const file = join(outDir, new URL(req.url ?? '/', 'http://x').pathname.replace(/\/$/, '/index.html'));
      if (!file.startsWith(outDir) || !existsSync(file)) return void res.writeHead(404).end();
      // Cross-origin isolation, without which a page gets no SharedArrayBuffer (so no threads).
      res.writeHead(200, {
        'content-type': types[extname(file)] ?? 'application/octet-stream',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
      });
      res.end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('trains with the same costs as in Node, on one thread and on two', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/index.html`);
    await page.waitForFunction(() => typeof window.rxpropTrace === 'function');
    const single = await page.evaluate(() => window.rxpropTrace({ threads: 1, memoryMiB: 32 }));
    const threaded = await page.evaluate(() => window.rxpropTrace({ threads: 2, memoryMiB: 32 }));
    const node = trainingTrace(await wasmEngine({ threads: 1, memoryMiB: 32 }), { Batch, Network, seededRandom });
    expect(single.simd).toBe('relaxed'); // browsers ship relaxed SIMD without a flag
    expect(threaded.threads).toBe(2);
    expect(threaded.costs).toEqual(single.costs);
    // Same kernels on the same CPU; only a different V8 could round a relaxed FMA differently.
    single.costs.forEach((cost, k) => expect(Math.abs(cost - node[k]!) / node[k]!).toBeLessThan(1e-12));
    await page.close();
  });
});
