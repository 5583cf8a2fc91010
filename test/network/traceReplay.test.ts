import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { Batch } from '../../src/network/Batch.js';
import { Network } from '../../src/network/Network.js';
import { engineCases } from '../engine/engines.js';
import { flat, maxRelativeError, normwiseError } from '../helpers/relativeError.js';

// Golden numpy traces (test/fixtures/README.md has the commands that made them): same initial
// parameters, same batches ⇒ every cost and every final parameter matrix must match numpy. f64
// engines are also held to every single parameter; in f32 a small entry carries the rounding of
// the large terms it came from (5.3e-5 relative here, 2.5e-2 seen on unseen traces), so the
// parameters are compared as matrices, normwise, as the README states.
interface Trace {
  sizes: number[];
  activation: string;
  eta: number;
  batchSize: number;
  initial: { weights: number[][][]; biases: number[][] };
  batches: { inputs: number[][]; targets: number[][] }[];
  costs: number[];
  final: { weights: number[][][]; biases: number[][] };
}

const fixtures = new URL('../fixtures/', import.meta.url);
const traces = readdirSync(fixtures)
  .filter((f) => f.startsWith('trace-') && f.endsWith('.json'))
  .map((file) => ({ file, trace: JSON.parse(readFileSync(new URL(file, fixtures), 'utf8')) as Trace }));

/** Values that are ~0 are compared absolutely below this magnitude (a relative error of 0 means nothing). */
const floor = 1e-12;
const worst: Record<string, { costs: number; normwise: number; elementwise: number }> = {};
afterAll(() => console.log('worst trace-replay deviation per engine (costs relative, parameter matrices normwise, single parameters relative):', worst));

describe.each(engineCases)('numpy trace replay on $name', (c) => {
  it('has at least three traces of 20+ steps', () => {
    expect(traces.length).toBeGreaterThanOrEqual(3);
    for (const { trace } of traces) expect(trace.costs.length).toBeGreaterThanOrEqual(20);
  });

  it.each(traces)('$file', async ({ trace }) => {
    const engine = await c.make();
    const net = Network.fromJSON({ layers: trace.sizes, activations: Array(trace.sizes.length - 1).fill(trace.activation), ...trace.initial }, { engine });
    const costs = trace.batches.map((b) => net.trainBatch(Batch.of(b.inputs, b.targets), trace.eta));
    const final = net.parameters();
    const matrices = [...final.weights.map((w, j) => [w, trace.final.weights[j]]), ...final.biases.map((b, j) => [b, trace.final.biases[j]])];
    const err = {
      costs: maxRelativeError(costs, trace.costs, floor),
      normwise: Math.max(...matrices.map(([ours, numpy]) => normwiseError(flat(ours), flat(numpy)))),
      elementwise: maxRelativeError([...flat(final.weights), ...flat(final.biases)], [...flat(trace.final.weights), ...flat(trace.final.biases)], floor),
    };
    const w = (worst[c.name] ??= { costs: 0, normwise: 0, elementwise: 0 });
    for (const k of ['costs', 'normwise', 'elementwise'] as const) w[k] = Math.max(w[k], err[k]);
    expect(err.costs).toBeLessThanOrEqual(c.replayCostTolerance ?? c.replayTolerance);
    expect(err.normwise).toBeLessThanOrEqual(c.replayTolerance);
    if (engine.precision === 'f64') expect(err.elementwise).toBeLessThanOrEqual(c.replayTolerance);
  });
});
