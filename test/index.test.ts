import { describe, expect, expectTypeOf, it } from 'vitest';
import * as rxprop from '../src/index.js';
import type { Batch, Network, Snapshot, TrainStep, TrainingRun } from '../src/index.js';
import * as rxpropNode from '../src/node.js';

describe('public API', () => {
  it("exports the library's building blocks by name from the core entry (rxprop)", () => {
    for (const name of ['Network', 'Batch', 'createEngine', 'seededRandom', 'fillUniform', 'fromFunction', 'functionBatchMaker', 'fixedBatch', 'fromBatches', 'fromDataset', 'train', 'trainingRun', 'parseScenario', 'startScenario', 'connect', 'createRunConnection', 'drawHeatmap', 'drawDecisionRegions', 'drawCostChart', 'InputError', 'DivergenceError', 'earlyStopping', 'reduceOnPlateau', 'scheduleOf', 'constant', 'stepDecay', 'exponentialDecay', 'cosineDecay', 'linearWarmup', 'oneCycle'] as const) {
      expect(typeof rxprop[name], name).toBe('function');
    }
  });

  it('keeps what needs Node out of the core and in rxprop/node, which re-exports the core', () => {
    for (const name of ['loadScenario', 'serve', 'costPng', 'heatmapPng', 'decisionRegionsPng', 'trainingGif', 'OutputWriter', 'writeFileAtomic', 'runCli'] as const) {
      expect(typeof rxpropNode[name], name).toBe('function');
      expect(name in rxprop, name).toBe(false);
    }
    for (const name of Object.keys(rxprop)) expect(rxpropNode[name as keyof typeof rxpropNode], name).toBe(rxprop[name as keyof typeof rxprop]);
  });

  it('types the streams in plain numbers and mathjs matrices', () => {
    expectTypeOf<TrainStep['cost']>().toEqualTypeOf<number>();
    expectTypeOf<Snapshot['prediction']>().toEqualTypeOf<import('mathjs').Matrix>();
    expectTypeOf<TrainingRun['steps$']>().toEqualTypeOf<import('rxjs').Observable<TrainStep>>();
    expectTypeOf(rxprop.train).returns.toEqualTypeOf<import('rxjs').OperatorFunction<Batch, TrainStep>>();
    expectTypeOf<ReturnType<Network['predict']>>().toEqualTypeOf<import('mathjs').Matrix>();
  });

  it('exports the loss and optimizer registries, typed by name', () => {
    expect(Object.keys(rxprop.optimizers)).toEqual(['sgd', 'momentum', 'nesterov', 'adam', 'adamw', 'rmsprop', 'adagrad']);
    expect(Object.keys(rxprop.losses)).toEqual(['mse', 'softmax-ce', 'sigmoid-bce']);
    expectTypeOf<rxprop.OptimizerConfig['type']>().toEqualTypeOf<rxprop.OptimizerName | rxprop.OptimizerRule<never>>();
    expectTypeOf<TrainStep['accuracy']>().toEqualTypeOf<number | undefined>();
  });
});
