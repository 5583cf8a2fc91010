import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import type { RunExtension } from '../../src/cli/runExtensions.js';
import { heatmapLayout } from '../../src/sinks/drawHeatmap.js';
import { viridis } from '../../src/sinks/viridis.js';
import { captureCli } from './captureCli.js';

const outDir = (): string => mkdtempSync(join(tmpdir(), 'rxprop-cli-'));
const noStackTrace = /\n\s+at |node_modules|Error:/;

describe('rxprop usage errors (exit 2, a hint, no stack trace)', () => {
  it.each([
    [['run', 'scenarios/seed-fit', '--stpes', '5'], /unknown option '--stpes'[\s\S]*Did you mean --steps\?/],
    [['run', 'scenarios/seed-fit', '--steps', '-3'], /--steps <n>' argument '-3' is invalid\. expected a whole number ≥ 1/],
    [['run', 'scenarios/seed-fit', '--steps', '2.5'], /argument '2\.5' is invalid\. expected a whole number ≥ 1/],
    [['run', 'scenarios/seed-fit', '--seed', 'abc'], /--seed <n>' argument 'abc' is invalid\. expected a whole number/],
    [['run', 'scenarios/seed-fit', '--engine', 'cuda'], /argument 'cuda' is invalid\. Allowed choices are mathjs/],
    [['run'], /missing required argument 'scenario'/],
    [['rnu', 'scenarios/seed-fit'], /unknown command 'rnu'[\s\S]*Did you mean run\?/],
    [['run', 'scenarios/no-such-thing'], /no such scenario file \(looked for scenarios\/no-such-thing, scenarios\/no-such-thing\.yaml/],
    [['validate'], /missing required argument 'scenario'/],
  ])('%j', async (argv, message) => {
    const { code, stdout, stderr } = await captureCli(argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(noStackTrace);
  });

  it('prints help with exit 0 on --help, and with exit 2 when called without a command', async () => {
    const help = await captureCli(['run', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--out <dir>[\s\S]*--steps <n>[\s\S]*--json/);
    const bare = await captureCli([]);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toMatch(/Commands:[\s\S]*run[\s\S]*validate[\s\S]*schema/);
  });
});

describe('rxprop schema and validate', () => {
  it('prints the JSON Schema', async () => {
    const { code, stdout } = await captureCli(['schema']);
    expect(code).toBe(0);
    const schema = JSON.parse(stdout) as { title: string; properties: Record<string, unknown> };
    expect(schema.title).toBe('rxprop scenario');
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['network', 'sampler', 'training', 'phases', 'outputs']));
  });

  it('validates several files, reporting each, exit 2 if any is bad', async () => {
    const { code, stdout, stderr } = await captureCli(['validate', 'scenarios/seed-fit', 'test/scenario/bad/negative-eta.yaml', 'scenarios/seed-animate.yaml']);
    expect(code).toBe(2);
    expect(stdout).toContain('ok scenarios/seed-fit: seed-fit, network [2, 100, 1], 1 phase, 2000 steps');
    expect(stdout).toContain('ok scenarios/seed-animate.yaml');
    expect(stderr).toContain('negative-eta.yaml:13:32: training.optimizer.eta: expected a learning rate > 0, found -0.001');
  });
});

describe('rxprop run', () => {
  it('piped: one JSON line per logged step on stdout and nothing else; files and summary as promised', async () => {
    const out = outDir();
    const { code, stdout, stderr } = await captureCli(['run', 'scenarios/seed-animate', '--steps', '6', '--engine', 'mathjs', '--out', out]);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { step: number; cost: number });
    expect(lines.map((l) => l.step)).toEqual([1, 2, 3, 4, 5, 6]);
    lines.forEach((l) => expect(l.cost).toBeGreaterThan(0));
    expect(stderr).toMatch(/final cost [\d.e-]+ \(mean of the last 1 step\)/);
    expect(readdirSync(out).sort()).toEqual(['checkpoint', 'cost.png', 'costs.csv', 'metrics.jsonl', 'model.json', 'prediction.png', 'target.png', 'training.gif']);
    expect(readFileSync(join(out, 'metrics.jsonl'), 'utf8')).toBe(stdout);
  });

  it('on a terminal: progress bar, final cost, cost chart, files written', async () => {
    const out = outDir();
    const { code, stdout } = await captureCli(['run', 'scenarios/seed-fit', '--steps', '30', '--engine', 'mathjs', '--out', out], { tty: true });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^seed-fit: network \[2, 100, 1\] on mathjs, 30 steps\n/);
    expect(stdout).toMatch(/\rstep 30\/30 \[█{24}\] 100%  cost [\d.e-]+ +\d+ steps\/s/);
    expect(stdout).toMatch(/final cost/);
    expect(stdout).toMatch(/┤/);
    expect(stdout).not.toMatch(/^\{"step"/m);
    expect(stdout).toContain('wrote 7 files to');
  });

  it('draws target and prediction on one colour scale that ends where their data ends', async () => {
    const out = outDir();
    expect((await captureCli(['run', 'scenarios/seed-fit', '--steps', '20', '--engine', 'mathjs', '--out', out])).code).toBe(0);
    const [target, prediction] = ['target.png', 'prediction.png'].map((f) => PNG.sync.read(readFileSync(join(out, f))));
    const rgb = (png: PNG, x: number, y: number): number[] => [...png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 3)];
    const { bar, image, cell } = heatmapLayout({ nx: 40, ny: 40 }, { x: 0, y: 0, width: target!.width, height: target!.height });
    expect(cell).toBe(8);
    const cells = (png: PNG): string[] => Array.from({ length: 1600 }, (_, k) => rgb(png, image.x + (k % 40) * 8 + 4, image.y + Math.floor(k / 40) * 8 + 4).join());
    const all = [...cells(target!), ...cells(prediction!)];
    for (const png of [target!, prediction!]) {
      expect([png.width, png.height]).toEqual([target!.width, target!.height]);
      expect(rgb(png, bar.x + 9, bar.y)).toEqual(viridis(1));
      expect(rgb(png, bar.x + 9, bar.y + bar.height - 1)).toEqual(viridis(0));
    }
    // The scale's ends are the data's extremes: some cell of the pair is drawn in each end colour.
    expect(all).toContain(viridis(1).join());
    expect(all).toContain(viridis(0).join());
  });

  it('hands the run to extensions before it starts; Ctrl-C (abort) stops early and still writes the files', async () => {
    const out = outDir();
    const controller = new AbortController();
    const seen: number[] = [];
    const stopAt3: RunExtension = {
      options: (command) => command.option('--stop-at <n>', 'test option'),
      attach: (run, options) => {
        const stopAt = Number(options['stopAt']);
        run.steps$.subscribe(({ step }) => {
          seen.push(step);
          if (step === stopAt) controller.abort();
        });
        return async () => {
          seen.push(-1);
        };
      },
    };
    const { code, stderr } = await captureCli(['run', 'scenarios/seed-fit', '--engine', 'mathjs', '--out', out, '--stop-at', '3'], { signal: controller.signal, extensions: [stopAt3] });
    expect(code).toBe(130); // an interrupted run must not look finished
    expect(seen).toEqual([1, 2, 3, -1]);
    expect(stderr).toContain('interrupted after 3 steps');
    expect(readFileSync(join(out, 'costs.csv'), 'utf8').trim().split('\n')).toHaveLength(4);
  });

  it('a run that diverges exits 1, says what happened, and writes every file up to the last finite step', async () => {
    const out = join(outDir(), 'diverged');
    const { code, stdout, stderr } = await captureCli(['run', 'test/cli/fixtures/diverges.yaml', '--engine', 'mathjs', '--out', out]);
    expect(code).toBe(1);
    const step = Number(/error: training diverged at step (\d+)/.exec(stderr)?.[1]);
    expect(step).toBeGreaterThan(1);
    // The pictures of the prediction need a finite snapshot: here the weights overflow with the cost.
    const files = readdirSync(out).sort();
    expect(files).toEqual(expect.arrayContaining(['cost.png', 'costs.csv', 'metrics.jsonl', 'model.json', 'target.png']));
    expect(stderr).toContain('model.json holds the last good parameters, from step 0');
    expect(stderr).toContain(`wrote ${files.length} files with the ${step - 1} steps before the divergence to ${out}`);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout.trim().split('\n').map((l) => (JSON.parse(l) as { step: number }).step)).toEqual(Array.from({ length: step - 1 }, (_, i) => i + 1));
    const rows = readFileSync(join(out, 'costs.csv'), 'utf8').trim().split('\n').slice(1);
    expect(rows).toHaveLength(step - 1);
    for (const row of rows) expect(Number.isFinite(Number(row.split(',')[1]))).toBe(true);
  });

  it('--quiet prints nothing; --seed changes the run, the same seed repeats it bit for bit', async () => {
    const costs = async (seed: string): Promise<string> => {
      const out = outDir();
      const { stdout, stderr } = await captureCli(['run', 'scenarios/seed-fit', '--steps', '5', '--engine', 'mathjs', '--seed', seed, '--quiet', '--out', out]);
      expect(stdout + stderr).toBe('');
      return readFileSync(join(out, 'costs.csv'), 'utf8');
    };
    const [a, b, c] = [await costs('4'), await costs('4'), await costs('5')];
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });
});
