/**
 * rxprop's public API, hand-picked: everything a user needs, nothing internal. This entry is the
 * browser-safe core (`rxprop`): no Node built-ins and no native modules in its import graph
 * (test/package/coreImports.test.ts), so it runs in Node, in browsers and in bundles alike. Files,
 * pictures, the server and the CLI are in `rxprop/node` (src/node.ts).
 *
 * @example
 * import { Network, createEngine, seededRandom } from 'rxprop';
 */

// Engines: the kernel interface, the reference engine, engines by name.
export type { CompiledStep, Engine, StepPlan, Tensor } from './engine/Engine.js';
export { activation, activations, type Activation, type ActivationName } from './engine/activations.js';
export { createEngine, defaultEngineName, engineNames } from './engine/createEngine.js';
export { KernelNotImplementedError } from './engine/KernelNotImplementedError.js';
export { mathjsEngine } from './engine/mathjs/mathjsEngine.js';
export { wasmEngine, type WasmEngine, type WasmEngineOptions } from './engine/wasm/wasmEngine.js';

// Networks and data.
export { Batch } from './network/Batch.js';
export type { Initializer } from './network/initializers.js';
export type { MatrixLike, VectorLike } from './network/matrix.js';
export { Network, type NetworkJSON, type NetworkOptions, type NetworkParameters, type NetworkSpec } from './network/Network.js';
export { math, type RxpropMath } from './math.js';

// Losses, optimizers and regularization: registries by name, each rule in its own file.
export { loss, losses } from './losses/losses.js';
export type { Loss, LossName } from './losses/Loss.js';
export { regularization, type Regularization } from './losses/Regularization.js';
export { optimizers, type OptimizerName } from './optimizers/optimizers.js';
export { Optimizer, resolveOptimizer, type OptimizerConfig, type OptimizerJSON } from './optimizers/Optimizer.js';
export type { HyperparameterRange, Hyperparameters, OptimizerRule, ParameterState } from './optimizers/OptimizerRule.js';

// Export: a trained network as standalone code.
export { toFunction } from './export/toFunction.js';
export { activationSources } from './export/activationSources.js';
export { onnxActivations, toOnnx, type ToOnnxOptions } from './export/toOnnx.js';

// Randomness and errors.
export { fillUniform, restoreRandom, seededRandom, uniform, type Random, type RandomState, type SeededRandom } from './random/Random.js';
export { InputError } from './errors/InputError.js';

// Samplers: cold, seeded Observables of batches. Any Observable<Batch> is a sampler too.
export { compileTarget } from './samplers/compileTarget.js';
export { fixedBatch } from './samplers/fixedBatch.js';
export { fromBatches } from './samplers/fromBatches.js';
export { fromDataset, type DatasetBatchOptions, type FromDatasetOptions } from './samplers/fromDataset.js';
export { fromFunction, functionBatchMaker, type FromFunctionOptions, type TargetFunction } from './samplers/fromFunction.js';
export { playground, type PlaygroundOptions, type PlaygroundSamplers } from './samplers/playground/playground.js';
export { playgroundData, type PlaygroundData, type PlaygroundDataOptions, type PlaygroundEncoding } from './samplers/playground/playgroundData.js';
export { playgroundProblems, type PlaygroundPoints, type PlaygroundProblem, type PlaygroundProblemName } from './samplers/playground/playgroundProblems.js';
export { mnist, type MnistOptions, type MnistSamplers } from './samplers/mnist/mnist.js';
export { mnistDigits, mnistPixels, type MnistDigits } from './samplers/mnist/mnistDigits.js';
export { mnistSplit, type MnistSplitOptions } from './samplers/mnist/mnistSplit.js';
export { loadMnist, type LoadMnistOptions } from './samplers/mnist/loadMnist.js';
export { shiftImages, type ShiftImagesOptions } from './samplers/mnist/shiftImages.js';
export { boxOf, withBox, type Box, type Sampler, type SamplerOptions } from './samplers/Sampler.js';
export { isResumable, resumableSampler, withResumableBox, type BatchCursor, type ResumableSampler, type SamplerCursor, type SamplerState } from './samplers/ResumableSampler.js';

// Operators: training as streams.
export { train, type NetworkSource, type TrainOptions } from './operators/train.js';
export { trainingRun, trainingRunOf, type RunCheckpointing, type TrainingRun, type TrainingRunOptions } from './operators/trainingRun.js';

// Checkpoints: a run's state as plain JSON, and resuming from it.
export { checkCheckpoint, type CheckpointOptions, type TrainingCheckpoint } from './checkpoint/TrainingCheckpoint.js';
export { restoreNetwork } from './checkpoint/restoreNetwork.js';
export { snapshots, type SnapshotOptions } from './operators/snapshots.js';
export { snapshotter } from './operators/snapshotter.js';
export { gridInputs, gridOver } from './operators/grid.js';
export { exhaustMapLatest } from './operators/exhaustMapLatest.js';
export { DivergenceError } from './operators/DivergenceError.js';
export { earlyStopping, type EarlyStoppingOptions } from './operators/earlyStopping.js';
export { reduceOnPlateau, type ReduceOnPlateauOptions } from './operators/reduceOnPlateau.js';
export { validation, evaluateAt, type HeldOutClasses, type ValidationOptions, type ValidationStep } from './operators/validation.js';
export type { RunEarlyStopping, EarlyStop } from './operators/validationWatcher.js';
export type { RunReduceOnPlateau } from './operators/trainingRun.js';
export { hyperparameter, type Hyperparameter, type HyperparameterSource } from './operators/hyperparameter.js';
export { RunControl, type ControlState } from './operators/RunControl.js';
export type { PlateauOptions } from './operators/plateau.js';
export { TimeSliceScheduler, timeSliceScheduler, type TimeSliceSchedulerOptions, type YieldingScheduler } from './scheduler/TimeSliceScheduler.js';
export { StepRate } from './operators/StepRate.js';
export type { TrainStep } from './operators/TrainStep.js';
export type { Grid, Snapshot } from './operators/Snapshot.js';

// Schedules: hyperparameters as functions of the step and Observables keyed on it.
export { scheduleOf, type Schedule } from './schedules/Schedule.js';
export { constant } from './schedules/constant.js';
export { stepDecay } from './schedules/stepDecay.js';
export { exponentialDecay } from './schedules/exponentialDecay.js';
export { cosineDecay } from './schedules/cosineDecay.js';
export { linearWarmup } from './schedules/linearWarmup.js';
export { oneCycle } from './schedules/oneCycle.js';

// Scenarios: experiments as validated data (files on disk: loadScenario from rxprop/node).
export type { LoadedScenario } from './scenario/loadScenario.js';
export { parseScenario } from './scenario/parseScenario.js';
export { startScenario, type ScenarioOverrides, type ScenarioRun } from './scenario/startScenario.js';
export { ScenarioError } from './scenario/ScenarioError.js';
export type { ScenarioProblem } from './scenario/ScenarioProblem.js';
export { scenarioJsonSchema } from './scenario/scenarioJsonSchema.js';
export { scenarioSchema, type PhaseSpec, type SamplerSpec, type Scenario, type ScenarioInput, type TrainingSpec } from './scenario/scenarioSchema.js';

// Pictures, drawn on any 2D canvas context (a browser's, or @napi-rs/canvas through rxprop/node).
export { colorScale, type ColorScale } from './sinks/colorScale.js';
export { viridis, viridisCss } from './sinks/viridis.js';
export { drawCostChart, type CostChartOptions } from './sinks/drawCostChart.js';
export { drawHeatmap, type Field } from './sinks/drawHeatmap.js';
export { drawDecisionRegions, type Regions } from './sinks/drawDecisionRegions.js';
export { planePixel } from './sinks/planePixel.js';
export { readClasses, type ClassMap, type ClassPoints, type ClassReading } from './sinks/ClassMap.js';
export { classColor, classPalette, regionColor } from './sinks/classPalette.js';
export { accuracyRange, drawAccuracyChart, type AccuracyChartOptions, type AccuracyPoint } from './sinks/drawAccuracyChart.js';
export { confusionMatrix, type ConfusionMatrix } from './sinks/confusionMatrix.js';
export { drawConfusionMatrix } from './sinks/drawConfusionMatrix.js';
export { drawMisclassified, type LabeledImages, type MisclassifiedOptions } from './sinks/drawMisclassified.js';
export { classify, type Classified } from './sinks/classify.js';
export type { Context2D } from './sinks/Context2D.js';

// Following a run served by another process (rxprop/node's `serve`, or `rxprop run --serve`).
export type { ControlAction, ControlData, EvaluationData, MisclassifiedExample, RunState, RunStatus, ServerMessage, SnapshotData, ValidationTuple } from './protocol/protocol.js';
export { decodePixels } from './protocol/protocol.js';
export { connect } from './client/connect.js';
export { ConnectionRefusedError, createRunConnection, type ControlReply, type RunConnection, type RunConnectionOptions } from './client/createRunConnection.js';
