/**
 * What a classifier's training.gif costs: 100 frames of the spiral-validated scenario's grid
 * (40×40) drawn as a viridis heatmap, as decision regions with its 500 points (250 training, 250
 * test, laid over each frame from one pre-drawn layer), and as regions without points. Rounds
 * alternate the variants; every round's time is printed, and the best.
 *
 *   npx tsx bench/regions-gif-cost.ts [--frames 100] [--rounds 3]
 */
import { loadScenario } from '../src/scenario/loadScenario.js';
import { startScenario } from '../src/scenario/startScenario.js';
import { colorScale } from '../src/sinks/colorScale.js';
import type { Regions } from '../src/sinks/drawDecisionRegions.js';
import type { TrainingFrame } from '../src/sinks/drawTrainingFrame.js';
import { trainingGif } from '../src/sinks/trainingGif.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const frameCount = arg('frames', 100);
const rounds = arg('rounds', 3);

const run = await startScenario(await loadScenario('scenarios/spiral-validated'));
const grid = run.grid!;
const n = grid.nx * grid.ny;
// Stripes of both classes at every confidence level: as many region colours as a real frame.
const values = Float64Array.from({ length: n }, (_, k) => ((k % grid.nx) + Math.floor(k / grid.nx)) % 7 < 3 ? 0 : 1);
const confidence = Float64Array.from({ length: n }, (_, k) => (k % 13) / 12);
const field = { values, nx: grid.nx, ny: grid.ny, x: grid.x, y: grid.y };
const costs = Float64Array.from({ length: 50 * frameCount }, (_, k) => 1 / (k + 1));
const variants: Record<string, Regions | undefined> = {
  heatmap: undefined,
  'regions + 500 points': { map: run.classes!, confidence },
  'regions, no points': { map: run.classes!, confidence, points: false },
};
const options = { scale: colorScale([values]), chart: { steps: costs.length, yRange: [1e-4, 1] as [number, number], logScale: true } };
const times = new Map<string, number[]>();
for (let round = 0; round < rounds; round++) {
  for (const [name, regions] of Object.entries(variants)) {
    const frames: TrainingFrame[] = Array.from({ length: frameCount }, (_, f) => ({ step: (f + 1) * 50, costs: costs.subarray(0, (f + 1) * 50), prediction: field, ...(regions ? { regions } : {}) }));
    const start = performance.now();
    trainingGif(frames, options);
    times.set(name, [...(times.get(name) ?? []), performance.now() - start]);
  }
}
for (const [name, ms] of times) console.log(`${name.padEnd(22)} ${ms.map((t) => t.toFixed(0)).join(' ')} ms per ${frameCount} frames; best ${Math.min(...ms).toFixed(0)} ms (${(Math.min(...ms) / frameCount).toFixed(1)} ms a frame)`);
