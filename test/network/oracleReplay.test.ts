import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/createEngine.js';
import { replayTrace, type NumpyTrace } from '../../src/cli/replayCommand.js';
import { Network } from '../../src/network/Network.js';
import { engineCases } from '../engine/engines.js';
import { flat, maxRelativeError, normwiseRelativeError } from '../helpers/relativeError.js';

// Golden traces of the numpy oracle, ../shared/reference/train_numpy.py (commands in
// test/fixtures/README.md): same start, same batches ⇒ every cost (elementwise) and the final
// parameters (normwise) must match, for every optimizer, loss and regularizer.
/** A train_numpy.py trace: everything `replayTrace` reads, with the oracle's results filled in. */
type OracleTrace = Required<Pick<NumpyTrace, 'activations' | 'loss' | 'optimizer' | 'l1' | 'l2' | 'costs' | 'final'>> & NumpyTrace & { batchSize: number };

const fixtures = new URL('../fixtures/', import.meta.url);
const traces = readdirSync(fixtures)
  .filter((f) => f.startsWith('train-') && f.endsWith('.json'))
  .map((file) => ({ file, trace: JSON.parse(readFileSync(new URL(file, fixtures), 'utf8')) as OracleTrace }));

const worst: Record<string, Record<string, number>> = {};
afterAll(() => console.log('worst oracle-replay relative deviation per engine and optimizer:', JSON.stringify(worst, null, 1)));

describe('the oracle traces', () => {
  it('cover every optimizer, every loss, both regularizers, several depths and batch size 1', () => {
    expect(traces.length).toBeGreaterThanOrEqual(12);
    const ts = traces.map((t) => t.trace);
    expect(new Set(ts.map((t) => t.optimizer.name))).toEqual(new Set(['sgd', 'momentum', 'nesterov', 'adam', 'adamw', 'rmsprop', 'adagrad']));
    expect(new Set(ts.map((t) => t.loss))).toEqual(new Set(['mse', 'softmax-ce', 'sigmoid-bce']));
    expect(ts.some((t) => t.l1 > 0) && ts.some((t) => t.l2 > 0)).toBe(true);
    expect(new Set(ts.map((t) => t.sizes.length)).size).toBeGreaterThanOrEqual(3);
    expect(ts.some((t) => t.batchSize === 1)).toBe(true);
  });
});

// Every registered variant, not only the shared suites' four: the threading choice made explicit
// (single: the one-thread step; f32-threads: the f32 step split over worker threads).
const f64 = engineCases.find((c) => c.name === 'wasm')!;
const f32 = engineCases.find((c) => c.name === 'wasm-f32')!;
const variants = [
  ...engineCases,
  { ...f64, name: 'wasm-single', make: () => createEngine('wasm-single') },
  { ...f32, name: 'wasm-f32-single', make: () => createEngine('wasm-f32-single') },
  { ...f32, name: 'wasm-f32-threads', make: () => createEngine('wasm-f32-threads') },
];

describe.each(variants)('oracle trace replay on $name', (c) => {
  it.each(traces)('$file', async ({ trace }) => {
    const engine = await c.make();
    let net!: Network;
    // The public replay path (`rxprop replay`): the trace's loss, optimizer and regularization.
    const { costs, final } = replayTrace(trace, (spec) => (net = Network.fromJSON({ ...spec, activations: spec.activations as never, ...trace.initial }, { engine })));
    const costErr = maxRelativeError(costs, trace.costs, 1e-12);
    const paramErr = normwiseRelativeError([...flat(final.weights), ...flat(final.biases)], [...flat(trace.final.weights), ...flat(trace.final.biases)]);
    const byOptimizer = (worst[c.name] ??= {});
    byOptimizer[trace.optimizer.name] = Math.max(byOptimizer[trace.optimizer.name] ?? 0, costErr, paramErr);
    expect(net.optimizer.step).toBe(trace.batches.length);
    expect(costErr).toBeLessThanOrEqual(c.oracleTolerance);
    expect(paramErr).toBeLessThanOrEqual(c.oracleTolerance);
  });
});
