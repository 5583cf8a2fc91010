import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { Batch } from '../../src/network/Batch.js';
import { Network } from '../../src/network/Network.js';
import { engineCases } from '../engine/engines.js';
import { flat, maxRelativeError } from '../helpers/relativeError.js';

// Golden numpy traces (test/fixtures/README.md has the commands that made them): same initial
// parameters, same batches ⇒ every cost and every final parameter must match numpy.
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
const worst: Record<string, number> = {};
afterAll(() => console.log('worst trace-replay relative deviation per engine:', worst));

describe.each(engineCases)('numpy trace replay on $name', (c) => {
  it('has at least three traces of 20+ steps', () => {
    expect(traces.length).toBeGreaterThanOrEqual(3);
    for (const { trace } of traces) expect(trace.costs.length).toBeGreaterThanOrEqual(20);
  });

  it.each(traces)('$file', async ({ trace }) => {
    const net = Network.fromJSON(
      { layers: trace.sizes, activations: Array(trace.sizes.length - 1).fill(trace.activation), ...trace.initial },
      { engine: await c.make() },
    );
    const costs = trace.batches.map((b) => net.trainBatch(Batch.of(b.inputs, b.targets), trace.eta));
    const final = net.parameters();
    const costErr = maxRelativeError(costs, trace.costs, floor);
    const paramErr = maxRelativeError([...flat(final.weights), ...flat(final.biases)], [...flat(trace.final.weights), ...flat(trace.final.biases)], floor);
    worst[c.name] = Math.max(worst[c.name] ?? 0, costErr, paramErr);
    expect(costErr).toBeLessThanOrEqual(c.replayTolerance);
    expect(paramErr).toBeLessThanOrEqual(c.replayTolerance);
  });
});
