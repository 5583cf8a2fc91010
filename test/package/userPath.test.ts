import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/launchChromium.js';

const exec = promisify(execFile);
const repo = fileURLToPath(new URL('../../', import.meta.url));
const node = process.execPath; // under CI's Node 24 run, the consumers run on Node 24 too

/** Runs a command; resolves with its exit code and output (never rejects on a non-zero exit). */
async function sh(file: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(file, args, { cwd, timeout: 150_000, maxBuffer: 16 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number | string; stdout?: string; stderr?: string; message: string };
    return { code: typeof err.code === 'number' ? err.code : 1, stdout: err.stdout ?? '', stderr: err.stderr ?? err.message };
  }
}

async function ok(file: string, args: string[], cwd: string): Promise<string> {
  const result = await sh(file, args, cwd);
  if (result.code !== 0) throw new Error(`${file} ${args.join(' ')} exited ${result.code}:\n${result.stderr}\n${result.stdout}`);
  return result.stdout;
}

/** A small core example, as a user writes it: trains a few steps on the default (wasm) engine. */
const trainExample = `
const engine = await createEngine();
const net = Network.create({ layers: [2, 10, 1], activations: 'sigmoid' }, { engine, random: seededRandom(1) });
const batch = Batch.of([[0.1, 0.2], [-0.3, 0.4]], [[0.5], [0.1]]);
const costs = Array.from({ length: 50 }, () => net.trainBatch(batch, 0.5));
const result = { engine: engine.name, first: costs[0], last: costs.at(-1) };
`;

/**
 * The user's path (issue 10): the packed tarball installed into a fresh project, used four ways.
 * One install for all four (from npm's cache, which `npm ci` filled), to keep it lean.
 */
describe('rxprop as an installed package', () => {
  let dir: string;
  let project: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rxprop-package-'));
    project = join(dir, 'project');
    mkdirSync(project);
    // The library's modules from the current sources; the kernels and dashboard are npm ci's.
    await ok('npm', ['run', 'build:lib'], repo);
    const [packed] = JSON.parse(await ok('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], repo)) as { filename: string }[];
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    await ok('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(dir, packed!.filename)], project);
  }, 300_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true }); // ~7,700 files: seconds on a loaded machine
  }, 60_000);

  it('(a) imports in plain Node (ESM, and require) and trains on the default wasm engine', async () => {
    writeFileSync(join(project, 'train.mjs'), `import { Batch, createEngine, Network, seededRandom } from 'rxprop';\n${trainExample}\nconsole.log(JSON.stringify(result));\n`);
    const result = JSON.parse(await ok(node, ['train.mjs'], project)) as { engine: string; first: number; last: number };
    expect(result.engine).toBe('wasm');
    expect(result.last).toBeLessThan(result.first / 2);
    // ESM only; Node's require(esm) (20.19+, 22.12+) loads it too.
    expect(await ok(node, ['-e', "console.log(typeof require('rxprop').createEngine)"], project)).toBe('function\n');
  }, 60_000);

  it('(b) type-checks a core example in a strict NodeNext TypeScript project without @types/node', async () => {
    const tsconfig = { compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM'], types: [], strict: true, skipLibCheck: true, noEmit: true }, files: ['example.ts'] };
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(tsconfig));
    writeFileSync(
      join(project, 'example.ts'),
      `import { Batch, createEngine, fromFunction, Network, seededRandom, train, type TrainStep } from 'rxprop';\nimport { take } from 'rxjs';\n${trainExample}
const costOf = (s: TrainStep): number => s.cost;
fromFunction({ target: 'sin(3*x)', box: [[-1, 1]], batchSize: 8, seed: 1 })
  .pipe(train(() => Network.create({ layers: [1, 4, 1], activations: 'tanh' }, { engine, random: seededRandom(2) }), { eta: 0.1 }), take(3))
  .subscribe((s) => console.log(costOf(s), result.engine));
`,
    );
    const checked = await sh(node, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], project);
    expect(checked.stdout + checked.stderr).toBe('');
    expect(checked.code).toBe(0);
  }, 60_000);

  it('(c) runs the packaged seed-fit scenario with the installed CLI, once @napi-rs/canvas is there for the pictures', async () => {
    const bin = join(project, 'node_modules/.bin/rxprop');
    expect(await ok(node, [bin, '--version'], project)).toBe(`${(JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }).version}\n`);
    const scenario = 'node_modules/rxprop/scenarios/seed-fit';
    const withoutCanvas = await sh(node, [bin, 'run', scenario, '--steps', '20', '--out', 'out'], project);
    expect(withoutCanvas.code).toBe(1);
    expect(withoutCanvas.stderr).toContain('needs the optional package @napi-rs/canvas, which is not installed: npm install @napi-rs/canvas');
    expect(withoutCanvas.stderr).not.toMatch(/\n\s+at /);

    await ok('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '@napi-rs/canvas@1.1.1'], project);
    const run = await sh(node, [bin, 'run', scenario, '--steps', '20', '--out', 'out', '--json'], project);
    expect(run.stderr).toContain('wrote 7 files');
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(/^\{"step":20,/);
    expect(readdirSync(join(project, 'out')).sort()).toEqual(['checkpoint', 'cost.png', 'costs.csv', 'metrics.jsonl', 'model.json', 'prediction.png', 'target.png', 'training.gif']);

    // --serve: the server (loaded only then) serves the packaged dashboard.
    const served = spawn(node, [bin, 'run', scenario, '--steps', '20', '--out', 'out', '--json', '--serve', '0', '--keep-serving'], { cwd: project, stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      let stderr = '';
      const url = await new Promise<string>((resolve, reject) => {
        served.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          const found = /dashboard: (http:\/\/\S+)/.exec(stderr);
          if (found) resolve(found[1]!);
        });
        served.once('exit', (code) => reject(new Error(`rxprop --serve exited ${code}: ${stderr}`)));
      });
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<script type="module"');
    } finally {
      served.kill();
    }
  }, 120_000);

  it('(d) bundles for the browser with vite (no Node built-ins) and trains in Chromium with the packaged kernels', async () => {
    const page = join(project, 'page');
    const web = join(project, 'web');
    mkdirSync(page);
    writeFileSync(join(page, 'index.html'), '<!doctype html><meta charset="utf-8"><title>rxprop</title><script type="module" src="./main.js"></script>');
    writeFileSync(join(page, 'main.js'), `import { Batch, createEngine, Network, seededRandom } from 'rxprop';\n${trainExample}\nwindow.result = result;\n`);
    const warnings: string[] = [];
    await build({
      configFile: false,
      root: page,
      base: './',
      logLevel: 'warn',
      customLogger: { info: () => {}, warn: (m) => warnings.push(m), warnOnce: (m) => warnings.push(m), error: (m) => warnings.push(m), clearScreen: () => {}, hasErrorLogged: () => false, hasWarned: false },
      build: { outDir: web, emptyOutDir: true },
    });
    expect(warnings).toEqual([]);
    const assets = readdirSync(join(web, 'assets'));
    expect(assets.filter((f) => f.endsWith('.wasm'))).toHaveLength(4); // the kernels, found by new URL(…, import.meta.url)
    const bundle = assets.filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(web, 'assets', f), 'utf8')).join('\n');
    expect(bundle).not.toMatch(/from\s*["']node:|require\(["']node:|__vite-browser-external|externalized for browser compatibility/);
    expect(bundle).not.toContain('@napi-rs/canvas');

    const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
    const server: Server = createServer((req, res) => {
      const file = join(web, new URL(req.url ?? '/', 'http://x').pathname.replace(/\/$/, '/index.html'));
      if (!file.startsWith(web) || !existsSync(file)) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    let browser: Browser | undefined;
    try {
      const address = server.address();
      browser = await launchChromium();
      const tab = await browser.newPage();
      const errors: string[] = [];
      tab.on('pageerror', (e) => errors.push(e.message));
      await tab.goto(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`);
      await tab.waitForFunction(() => 'result' in window, undefined, { timeout: 30_000 }).catch(() => {}); // a page error shows below
      expect(errors).toEqual([]);
      const result = (await tab.evaluate(() => (window as unknown as { result: unknown }).result)) as { engine: string; first: number; last: number };
      expect(result.engine).toBe('wasm');
      expect(result.last).toBeLessThan(result.first / 2);
    } finally {
      await browser?.close();
      server.close();
    }
  }, 120_000);
});
