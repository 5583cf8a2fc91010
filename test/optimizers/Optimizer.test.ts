import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/createEngine.js';
import { Batch } from '../../src/network/Batch.js';
import { Network } from '../../src/network/Network.js';
import { optimizers } from '../../src/optimizers/optimizers.js';
import { resolveOptimizer } from '../../src/optimizers/Optimizer.js';
import { seededRandom } from '../../src/random/Random.js';

describe('resolveOptimizer', () => {
  it('fills in PyTorch defaults', () => {
    expect(resolveOptimizer({ type: 'adam', lr: 0.01 }).hyperparameters).toEqual({ lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 });
    expect(resolveOptimizer({ type: 'adagrad' }).hyperparameters).toEqual({ lr: 0.01, eps: 1e-10 });
  });

  it('names the field and the fix for bad values', () => {
    expect(() => resolveOptimizer({ type: 'adam', beta1: -0.1 })).toThrow(/optimizer\.beta1: must be a number in \[0, 1\), got -0.1/);
    expect(() => resolveOptimizer({ type: 'sgd', lr: 0 })).toThrow(/optimizer\.lr: must be a finite number > 0/);
    expect(() => resolveOptimizer({ type: 'adma' as 'adam' })).toThrow(/optimizer\.type: unknown optimizer "adma" \(did you mean "adam"\?/);
    expect(() => resolveOptimizer({ type: 'adam', beta: 0.9 })).toThrow(/optimizer\.beta: unknown hyperparameter of adam "beta" \(did you mean "beta1"\?/);
  });

  it('has one rule per name, with distinct ABI ids', () => {
    expect(Object.keys(optimizers)).toEqual(['sgd', 'momentum', 'nesterov', 'adam', 'adamw', 'rmsprop', 'adagrad']);
    expect(new Set(Object.values(optimizers).map((o) => o.id)).size).toBe(7);
  });
});

describe('optimizer state', () => {
  const batches = Array.from({ length: 6 }, (_, k) => Batch.of([[0.1 * k, -0.2], [0.3, 0.05 * k]], [[0.2], [-0.1]]));
  const make = async () =>
    Network.create({ layers: [2, 5, 1], activations: ['tanh', 'linear'], optimizer: { type: 'adam', lr: 0.05 } }, { engine: await createEngine('wasm'), random: seededRandom(3) });

  it('survives toJSON/fromJSON: a restored network continues exactly as the original', async () => {
    const net = await make();
    batches.slice(0, 3).forEach((b) => net.trainBatch(b));
    const copy = Network.fromJSON(JSON.parse(JSON.stringify(net)), { engine: await createEngine('mathjs') });
    expect(copy.optimizer.step).toBe(3);
    expect(copy.optimizer.toJSON()).toEqual(net.optimizer.toJSON());
    const rest = batches.slice(3);
    expect(rest.map((b) => copy.trainBatch(b))).toEqual(rest.map((b) => net.trainBatch(b)).map((c) => expect.closeTo(c, 12)));
  });

  it('resets only on purpose: reset() and setOptimizer start over, training does not', async () => {
    const net = await make();
    batches.forEach((b) => net.trainBatch(b));
    expect(net.optimizer.step).toBe(6);
    expect(net.optimizer.toJSON().state['m']!.flat().some((v) => v !== 0)).toBe(true);
    net.optimizer.reset();
    expect(net.optimizer.step).toBe(0);
    expect(net.optimizer.toJSON().state['m']!.flat().every((v) => v === 0)).toBe(true);
    net.setOptimizer({ type: 'rmsprop' });
    expect(net.optimizer.toJSON()).toMatchObject({ type: 'rmsprop', step: 0, hyperparameters: { lr: 0.01, alpha: 0.99, eps: 1e-8 } });
  });
});
