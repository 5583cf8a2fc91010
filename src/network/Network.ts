import type { Matrix } from 'mathjs';
import { activation, type Activation, type ActivationName } from '../engine/activations.js';
import type { CompiledStep, Engine, StepPlan, Tensor } from '../engine/Engine.js';
import { assertKernels } from '../engine/KernelNotImplementedError.js';
import { InputError } from '../errors/InputError.js';
import type { Loss, LossName } from '../losses/Loss.js';
import { loss as lossNamed } from '../losses/losses.js';
import { regularization as checkRegularization, type Regularization } from '../losses/Regularization.js';
import { Optimizer, resolveOptimizer, type OptimizerConfig, type OptimizerJSON } from '../optimizers/Optimizer.js';
import { toFunction } from '../export/toFunction.js';
import type { Random } from '../random/Random.js';
import { Batch } from './Batch.js';
import { initialize, type Initializer } from './initializers.js';
import { toFlat, toFlatVector, toMatrix, toVector, type MatrixLike, type VectorLike } from './matrix.js';

/**
 * A fully connected network as plain data.
 *
 * @example
 * const spec: NetworkSpec = { layers: [2, 100, 1], activations: 'relu', init: { weights: { type: 'uniform', scale: 0.1 }, biases: { type: 'zeros' } } };
 */
export interface NetworkSpec {
  /** Units per layer, input first: the seed's `LayerSizes`, e.g. [2, 20, 30, 1]. */
  readonly layers: readonly number[];
  /** One activation for every layer above the input, or one name per such layer. */
  readonly activations: ActivationName | string | readonly string[];
  /** Defaults: Xavier weights, zero biases. */
  readonly init?: { readonly weights?: Initializer; readonly biases?: Initializer };
  /** The loss (default `mse`, the seed's); `softmax-ce` and `sigmoid-bce` need a linear last layer. */
  readonly loss?: LossName | string;
  /** The optimizer (default `{ type: 'sgd' }`, lr 0.001). */
  readonly optimizer?: OptimizerConfig;
  /** L1/L2 regularization of the weights (default none). */
  readonly regularization?: Regularization;
}

/** Weights ([n_in][n_out] per layer, the seed's orientation) and biases (n_out per layer) as plain arrays. */
export interface NetworkParameters {
  weights: number[][][];
  biases: number[][];
}

/** A network's JSON form: architecture plus parameters. */
export interface NetworkJSON extends NetworkParameters {
  layers: number[];
  activations: ActivationName[];
  /** Absent: mse. */
  loss?: string;
  /** Absent: a fresh SGD. */
  optimizer?: OptimizerJSON;
  regularization?: { l1: number; l2: number };
}

/** What to build a network with: the engine that runs it and, for a fresh network, the generator that draws its parameters. */
export interface NetworkOptions {
  readonly engine: Engine;
  readonly random: Random;
}

/**
 * What a network holds in its engine: every tensor it made and its compiled step. Kept apart from
 * the network (which points to it, never the reverse) so that {@link forgotten} can free it once
 * the network itself is collected.
 */
class EngineHold {
  readonly tensors = new Set<Tensor>();
  step: CompiledStep | undefined;

  constructor(readonly engine: Engine) {}

  zeros(rows: number, cols: number): Tensor {
    const t = this.engine.zeros(rows, cols);
    this.tensors.add(t);
    return t;
  }

  free(tensors: readonly Tensor[]): void {
    for (const t of tensors) if (this.tensors.delete(t)) this.engine.free?.(t);
  }

  freeAll(): void {
    this.step?.dispose?.();
    this.step = undefined;
    this.free([...this.tensors]);
  }
}

/**
 * Rows predict runs through the layers at a time: a 40×40 grid's 1600 rows of 100 activations
 * and their derivatives (2.6 MB in f64) outgrow a core's L2, 256 rows of them do not (the seed
 * net's snapshot: 162 → 134 µs CPU, bench/snapshot-cost.ts); a 2000-row [784,256,10] predict is
 * no slower (its packed product's panels are reused within a chunk).
 */
const predictChunkRows = 256;

// The backstop for networks nobody disposed: their engine memory goes back when they are collected.
const forgotten = new FinalizationRegistry<EngineHold>((hold) => {
  try {
    hold.freeAll();
  } catch {
    // An exception in a finalizer would end the process; a tensor left unfreed costs less.
  }
});

/**
 * A fully connected network y_{j+1} = f_j(y_j · W_j + b_j) with its loss, regularization and
 * optimizer (whose state lives beside the parameters, in the same engine).
 *
 * Cost convention (the lecture's, kept for every loss): the reported cost is C = Σ cost_row / B —
 * Σ(y − t)² / B for mse — and the update follows the gradient of J = C/2 for mse (so a learning
 * rate means what it means in the lecture), J = C for the cross-entropies, plus the regularization.
 * Unlike the seed, every layer's gradient is divided by B (the seed divides only the last layer's
 * dW: a bug).
 *
 * All buffers live in the engine and are allocated when the batch size first appears, so a
 * training step allocates nothing. {@link Network.dispose} gives them back (`using net = …` does it
 * at the end of the block); a network nobody disposed gives them back when it is collected.
 *
 * @example
 * const net = Network.create({ layers: [2, 30, 1], activations: 'sigmoid' }, { engine: mathjsEngine(), random: seededRandom(1) });
 * const cost = net.trainStep([[0.1, 0.2]], [[0.5]], 0.01);
 */
export class Network {
  readonly layers: readonly number[];
  readonly activations: readonly Activation[];
  readonly engine: Engine;
  readonly #hold: EngineHold;
  #disposed = false;
  readonly #W: Tensor[];
  readonly #b: Tensor[];
  // Per-batch-size buffers, laid out by #prepare.
  #B = 0;
  #ys: Tensor[] = [];
  #zs: Tensor[] = [];
  #dfs: Tensor[] = [];
  #deltas: Tensor[] = [];
  #dW: Tensor[] = [];
  #db: Tensor[] = [];
  #targets: Tensor | undefined;
  #compiled: CompiledStep | undefined;
  #hasGradients = false;
  // Buffers for predict's chunks, kept for the last row count used (snapshots reuse one grid).
  #predictRows = 0;
  #predictYs: Tensor[] = [];
  #predictDfs: Tensor[] = [];
  #predictTailRows = 0;
  #predictTailYs: Tensor[] = [];
  #predictTailDfs: Tensor[] = [];
  /** Zero tensors shaped like each parameter, for {@link Network.isFinite}. */
  #finiteProbes: { param: Tensor; probe: Tensor }[] | undefined;
  /** The fused step that last wrote every parameter, when it can tell whether they are finite. */
  #lastWriter: CompiledStep | undefined;
  #loss: Loss;
  #regularization: { l1: number; l2: number } = { l1: 0, l2: 0 };
  #optimizer: Optimizer;
  // Host copies for the loss (outputs in, output delta out) and the last batch's targets.
  #yHost = new Float64Array(0);
  #deltaHost = new Float64Array(0);
  #tHost: Float64Array | undefined;

  private constructor(engine: Engine, layers: readonly number[], activations: readonly Activation[], lossName: string | undefined) {
    assertKernels(engine);
    this.engine = engine;
    this.layers = Object.freeze([...layers]);
    this.activations = Object.freeze([...activations]);
    this.#loss = this.#checkLoss(lossName ?? 'mse'); // before anything is made in the engine
    const hold = (this.#hold = new EngineHold(engine));
    forgotten.register(this, hold, hold);
    this.#W = [];
    this.#b = [];
    for (let j = 0; j < layers.length - 1; j++) {
      this.#W.push(hold.zeros(layers[j]!, layers[j + 1]!));
      this.#b.push(hold.zeros(1, layers[j + 1]!));
    }
    this.#optimizer = this.#newOptimizer({ type: 'sgd' });
  }

  /**
   * A fresh network with parameters drawn from `random` (all weights, then all biases, layer by
   * layer, row-major: same seed ⇒ same bits).
   *
   * @example
   * Network.create({ layers: [2, 20, 30, 1], activations: 'sigmoid', init: { weights: { type: 'uniform', scale: 1 }, biases: { type: 'uniform', scale: 1 } } }, { engine, random: seededRandom(7) });
   */
  static create(spec: NetworkSpec, options: NetworkOptions): Network {
    checkEngine(options);
    // From JavaScript both are easy to forget; without them the first draw failed deep inside.
    if (typeof (options.random as Partial<Random> | undefined)?.next !== 'function') {
      throw new InputError('random', `must be a generator such as seededRandom(1), got ${String(options.random)}`, 'Network.create(spec, { engine, random: seededRandom(1) })');
    }
    if (typeof spec !== 'object' || spec === null) throw new InputError('spec', `must be an object, got ${String(spec)}`, "e.g. { layers: [2, 100, 1], activations: 'relu' }");
    const { layers, activations } = validateSpec(spec);
    // Checked before anything is made in the engine, as the initializers are below.
    if (spec.optimizer !== undefined) resolveOptimizer(spec.optimizer);
    const reg = checkRegularization(spec.regularization);
    const wInit = spec.init?.weights ?? { type: 'xavier' };
    const bInit = spec.init?.biases ?? { type: 'zeros' };
    const L = layers.length - 1;
    const weights: Float64Array[] = [];
    const biases: Float64Array[] = [];
    for (let j = 0; j < L; j++) {
      const w = new Float64Array(layers[j]! * layers[j + 1]!);
      initialize(wInit, w, layers[j]!, layers[j + 1]!, options.random, 'init.weights');
      weights.push(w);
    }
    for (let j = 0; j < L; j++) {
      const b = new Float64Array(layers[j + 1]!);
      initialize(bInit, b, layers[j]!, layers[j + 1]!, options.random, 'init.biases');
      biases.push(b);
    }
    // Made once the initializers have accepted their settings: a bad one leaves nothing in the engine.
    const net = new Network(options.engine, layers, activations, spec.loss);
    if (spec.optimizer !== undefined) net.setOptimizer(spec.optimizer);
    net.#regularization = reg;
    weights.forEach((w, j) => net.engine.write(net.#W[j]!, w));
    biases.forEach((b, j) => net.engine.write(net.#b[j]!, b));
    return net;
  }

  /**
   * Rebuilds a network from {@link Network.toJSON} output, on any engine.
   *
   * @example
   * const copy = Network.fromJSON(net.toJSON(), { engine: mathjsEngine() });
   */
  static fromJSON(json: NetworkJSON, options: Pick<NetworkOptions, 'engine'>): Network {
    checkEngine(options);
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new InputError('json', `must be a network's JSON form (an object), got ${Array.isArray(json) ? 'an array' : String(json)}`, 'pass net.toJSON() or JSON.parse of a saved model.json');
    }
    const { layers, activations } = validateSpec({ layers: json.layers, activations: json.activations });
    // The parameters are checked against the layers before the network is made: a damaged file
    // claiming layers of 10⁹ units otherwise had them allocated first (out of memory on mathjs).
    const parameters = flatParameters(json, layers);
    const net = new Network(options.engine, layers, activations, json.loss);
    try {
      net.#writeParameters(parameters);
      if (json.optimizer !== undefined) net.#optimizer = net.#newOptimizer(json.optimizer);
      if (json.regularization !== undefined) net.setRegularization(json.regularization);
    } catch (err) {
      net.dispose();
      throw err;
    }
    return net;
  }

  /** Number of weight layers (the seed's `NumLayers`). */
  get depth(): number {
    return this.layers.length - 1;
  }

  /** The loss the network trains on and reports. */
  get loss(): Loss {
    return this.#loss;
  }

  /** The optimizer: its rule, hyperparameters, step count and state. */
  get optimizer(): Optimizer {
    return this.#optimizer;
  }

  /** The L1/L2 coefficients of the weights' regularization (0: none). */
  get regularization(): { readonly l1: number; readonly l2: number } {
    return this.#regularization;
  }

  /**
   * Sets the optimizer; its state starts at zero (the one way, with {@link Optimizer.reset}, to
   * reset it), or, from a JSON form (`optimizer.toJSON()`), at the saved state and step count.
   *
   * @example
   * net.setOptimizer({ type: 'adam', lr: 0.01 });
   */
  setOptimizer(config: OptimizerConfig | OptimizerJSON): void {
    const next = this.#newOptimizer(config);
    this.#hold.free(this.#optimizer.slotTensors());
    this.#optimizer = next;
    this.#replan();
  }

  /**
   * Sets the loss (a registry name); cross-entropies need a linear last layer.
   *
   * @example
   * net.setLoss('softmax-ce');
   */
  setLoss(name: LossName | string): void {
    this.#loss = this.#checkLoss(name);
    this.#replan();
  }

  /**
   * Sets the L1/L2 regularization of the weights (`{}`: none).
   *
   * @example
   * net.setRegularization({ l2: 1e-4 });
   */
  setRegularization(r: Regularization): void {
    this.#regularization = checkRegularization(r);
    this.#replan();
  }

  /**
   * One training step on `batch`: forward, backprop, the optimizer's update. Returns the cost
   * before the update. `lr` overrides the optimizer's learning rate for this step (the seed's
   * `eta` for SGD). This is the hot path: it allocates nothing once the batch size has been seen.
   *
   * @example
   * const cost = net.trainBatch(Batch.of(x, t), 0.001);
   */
  trainBatch(batch: Batch, lr?: number): number {
    if (lr !== undefined) checkEta(lr);
    this.#load(batch);
    if (this.#compiled) {
      this.#hasGradients = true;
      this.#lastWriter = this.#compiled.parametersFinite ? this.#compiled : undefined;
      this.#optimizer.countStep();
      return this.#compiled.run(lr ?? this.#optimizer.hyperparameters.lr, this.#optimizer.step);
    }
    this.#forwardLoaded();
    const cost = this.#backwardLoaded();
    this.update(lr);
    return cost;
  }

  /**
   * The classification accuracy of the last training step's batch (before its update): the
   * fraction of rows whose largest logit is the target class (softmax-ce), or of labels predicted
   * right (sigmoid-bce). Undefined for mse or before a step.
   *
   * @example
   * net.trainBatch(batch); net.lastAccuracy(); // 0.93
   */
  lastAccuracy(): number | undefined {
    if (!this.#loss.accuracy || !this.#tHost || this.#B === 0) return undefined;
    const y = this.engine.read(this.#ys[this.depth]!, this.#yHost);
    return this.#loss.accuracy(y, this.#tHost, this.#B, this.layers[this.depth]!);
  }

  /**
   * {@link Network.trainBatch} on matrices (mathjs or nested arrays).
   *
   * @example
   * net.trainStep([[0.1, 0.2]], [[0.3]], 0.01);
   */
  trainStep(inputs: MatrixLike, targets: MatrixLike, lr?: number): number {
    return this.trainBatch(Batch.of(inputs, targets), lr);
  }

  /**
   * Forward pass keeping what backprop needs; returns a copy of the output.
   * Call {@link Network.backward} with the same batch's targets next.
   *
   * @example
   * const y = net.forward(batch); const cost = net.backward(batch);
   */
  forward(batch: Batch): Matrix {
    this.#load(batch);
    this.#forwardLoaded();
    return this.#readMatrix(this.#ys[this.depth]!);
  }

  /**
   * Backprop after {@link Network.forward} on the same batch: fills the gradients of the objective
   * J (C/2 for mse, C for the cross-entropies, plus the regularization) and returns the cost C.
   *
   * @example
   * net.forward(batch); const cost = net.backward(batch); const { weights } = net.gradients();
   */
  backward(batch: Batch): number {
    this.#checkLive();
    this.#checkBatch(batch);
    if (batch.size !== this.#B) throw new InputError('batch', `has ${batch.size} rows but the last forward pass had ${this.#B}`, 'call forward on the same batch first');
    this.engine.write(this.#targets!, batch.t);
    this.#tHost = batch.t;
    return this.#backwardLoaded();
  }

  /**
   * Applies the last computed gradients with the optimizer (SGD: W −= lr·dW, b −= lr·db), with its
   * learning rate or `lr`.
   *
   * @example
   * net.forward(batch); net.backward(batch); net.update(0.01);
   */
  update(lr?: number): void {
    if (lr !== undefined) checkEta(lr);
    this.#checkLive();
    if (!this.#hasGradients) throw new Error('update() needs gradients: call forward() and backward() first');
    this.#lastWriter = undefined;
    this.#optimizer.apply(lr);
  }

  /**
   * The cost C of `batch` (Σ(y − t)²/B for mse) without touching gradients or parameters.
   *
   * @example
   * net.evaluate(testBatch);
   */
  evaluate(batch: Batch): number {
    this.#checkBatch(batch);
    const y = this.predictInto(batch.x, batch.size);
    return this.#loss.evaluate(y, batch.t, undefined, batch.size, this.layers[this.depth]!) / batch.size;
  }

  /**
   * The classification accuracy on `batch` (see {@link Network.lastAccuracy}); undefined for mse.
   *
   * @example
   * net.accuracy(testBatch); // 0.97
   */
  accuracy(batch: Batch): number | undefined {
    this.#checkBatch(batch);
    if (!this.#loss.accuracy) return undefined;
    return this.#loss.accuracy(this.predictInto(batch.x, batch.size), batch.t, batch.size, this.layers[this.depth]!);
  }

  /**
   * The network's output for `inputs`, keeping nothing for backprop.
   *
   * @example
   * net.predict([[0, 0], [0.5, 0.5]]); // 2×1 mathjs matrix
   */
  predict(inputs: MatrixLike): Matrix {
    const { data, rows, cols } = toFlat(inputs, 'inputs');
    this.#checkWidth(cols, 'inputs');
    return toMatrix(this.predictInto(data, rows), rows, this.layers[this.depth]!);
  }

  /**
   * Low-level predict on flat row-major inputs into `out` (allocated if absent, else at least
   * rows × outputs long). Used by snapshots, which evaluate the same grid over and over without
   * building mathjs matrices. The rows go through the layers a chunk at a time, each layer in one
   * `dense` kernel where the engine has it; every row gets the values a single product would.
   *
   * @example
   * const out = net.predictInto(gridXY, 1600);
   */
  predictInto(x: Float64Array, rows: number, out?: Float64Array): Float64Array {
    this.#checkLive();
    if (!Number.isInteger(rows) || rows < 0) throw new InputError('rows', `must be a whole number ≥ 0, got ${String(rows)}`, 'pass how many rows of inputs x holds');
    // Chunks are views of x: an array that is not a Float64Array (from JavaScript) is copied once.
    if (!(x instanceof Float64Array)) x = Float64Array.from(x as ArrayLike<number>);
    if (x.length !== rows * this.layers[0]!) {
      throw new InputError('inputs', `has ${x.length} values, expected ${rows}×${this.layers[0]}`, `give one row of ${this.layers[0]} values per sample`);
    }
    const width = this.layers[0]!;
    const units = this.layers[this.depth]!;
    out ??= new Float64Array(rows * units);
    if (out.length < rows * units) {
      throw new InputError('out', `holds ${out.length} values, expected ${rows}×${units}`, `pass an array of at least ${rows * units} values, or none`);
    }
    const chunk = Math.min(rows, predictChunkRows);
    if (chunk !== this.#predictRows) this.#preparePredict(chunk);
    for (let r = 0, n = chunk; r < rows; r += n) {
      // The last rows go through buffers of their own size, and take up to 3 more rows than a
      // chunk rather than leave 1–3 alone: a product's path depends on whether it has 4 rows.
      n = rows - r < chunk + 4 ? rows - r : chunk;
      const ys = n === chunk ? this.#predictYs : this.#predictTail(n);
      const dfs = n === chunk ? this.#predictDfs : this.#predictTailDfs;
      this.#predictLayers(ys, dfs, x.subarray(r * width, (r + n) * width));
      this.engine.read(ys[this.depth]!, out.subarray(r * units, (r + n) * units));
    }
    return out;
  }

  /** One chunk's forward pass: its inputs into ys[0], its outputs left in ys[depth]. */
  #predictLayers(ys: readonly Tensor[], dfs: readonly Tensor[], x: Float64Array): void {
    const e = this.engine;
    e.write(ys[0]!, x);
    for (let j = 0; j < this.depth; j++) {
      if (e.dense) {
        e.dense(ys[j]!, this.#W[j]!, this.#b[j]!, this.activations[j]!, ys[j + 1]!, dfs[j]!);
        continue;
      }
      // z is written into y's buffer; biasActivation reads z before writing y element by element.
      e.matMul(ys[j]!, this.#W[j]!, ys[j + 1]!, false, false, 1);
      e.biasActivation(ys[j + 1]!, this.#b[j]!, this.activations[j]!, ys[j + 1]!, dfs[j]!);
    }
  }

  /**
   * dJ/dW and dJ/db of the last backward pass (J: the update's objective, C/2 for mse, with the
   * regularization), as mathjs matrices.
   *
   * @example
   * const { weights, biases } = net.gradients();
   */
  gradients(): { weights: Matrix[]; biases: Matrix[] } {
    this.#checkLive();
    if (!this.#hasGradients) throw new Error('gradients() needs a backward pass first');
    return {
      weights: this.#dW.map((t) => this.#readMatrix(t)),
      biases: this.#db.map((t) => toVector(this.engine.read(t))),
    };
  }

  /**
   * Copies of the weights, [n_in][n_out] per layer, as mathjs matrices.
   *
   * @example
   * net.weights()[0].size(); // [2, 100]
   */
  weights(): Matrix[] {
    this.#checkLive();
    return this.#W.map((t) => this.#readMatrix(t));
  }

  /**
   * Copies of the biases, one mathjs vector per layer.
   *
   * @example
   * net.biases()[0].size(); // [100]
   */
  biases(): Matrix[] {
    this.#checkLive();
    return this.#b.map((t) => toVector(this.engine.read(t)));
  }

  /**
   * Copies of weights ([n_in×n_out], row-major) and biases as flat Float64Arrays, without
   * building mathjs matrices: what a snapshot keeps, at a tenth of {@link Network.weights}' cost.
   *
   * @example
   * const { weights, biases } = net.flatParameters(); // weights[0].length === 2 * 100
   */
  flatParameters(): { weights: Float64Array[]; biases: Float64Array[] } {
    this.#checkLive();
    return { weights: this.#W.map((t) => this.engine.read(t)), biases: this.#b.map((t) => this.engine.read(t)) };
  }

  /**
   * Copies of weights and biases as plain nested arrays (the seed's orientation).
   *
   * @example
   * const { weights, biases } = net.parameters();
   */
  parameters(): NetworkParameters {
    this.#checkLive();
    return {
      weights: this.#W.map((t) => nested(this.engine.read(t), t.rows, t.cols)),
      biases: this.#b.map((t) => Array.from(this.engine.read(t))),
    };
  }

  /**
   * Replaces weights and biases (mathjs matrices or plain arrays); shapes and finiteness are
   * checked and errors name the layer.
   *
   * @example
   * net.setParameters({ weights: trace.initial.weights, biases: trace.initial.biases });
   */
  setParameters(params: { readonly weights: readonly MatrixLike[]; readonly biases: readonly VectorLike[] }): void {
    this.#checkLive();
    this.#writeParameters(flatParameters(params, this.layers));
  }

  #writeParameters({ weights, biases }: { readonly weights: readonly Float64Array[]; readonly biases: readonly Float64Array[] }): void {
    this.#lastWriter = undefined;
    weights.forEach((w, j) => this.engine.write(this.#W[j]!, w));
    biases.forEach((b, j) => this.engine.write(this.#b[j]!, b));
  }

  /**
   * True when every weight and bias is finite (the divergence check the train operator runs).
   *
   * @example
   * if (!net.isFinite()) throw new Error('diverged');
   */
  isFinite(): boolean {
    this.#checkLive();
    // A fused step that wrote every parameter may already know (its update probes as it goes).
    if (this.#lastWriter) return this.#lastWriter.parametersFinite!();
    // Inside the engine, no copy out: probe += 0·w stays 0 for finite w and turns NaN for ±∞ or
    // NaN (0·∞ = NaN), and Σprobe² is then 0 or NaN — exact, with no overflow for large w.
    const e = this.engine;
    const probes = (this.#finiteProbes ??= [...this.#W, ...this.#b].map((param) => ({ param, probe: this.#hold.zeros(param.rows, param.cols) })));
    for (let k = 0; k < probes.length; k++) {
      const { param, probe } = probes[k]!;
      e.axpy(0, param, probe);
      if (e.sumSquares(probe) !== 0) {
        e.write(probe, new Float64Array(probe.rows * probe.cols)); // re-arm for a later check
        return false;
      }
    }
    return true;
  }

  /**
   * Architecture and parameters as JSON-safe data.
   *
   * @example
   * fs.writeFileSync('net.json', JSON.stringify(net));
   */
  toJSON(): NetworkJSON {
    return {
      layers: [...this.layers],
      activations: this.activations.map((a) => a.name),
      ...this.parameters(),
      loss: this.#loss.name,
      optimizer: this.#optimizer.toJSON(),
      regularization: { ...this.#regularization },
    };
  }

  /**
   * An independent copy, on the same or another engine.
   *
   * @example
   * const onWasm = net.clone(await createEngine('wasm'));
   */
  clone(engine: Engine = this.engine): Network {
    return Network.fromJSON(this.toJSON(), { engine });
  }

  /**
   * The forward pass as standalone JavaScript source (see {@link toFunction}).
   *
   * @example
   * const predict = new Function(`${net.toFunction()}\nreturn predict;`)();
   */
  toFunction(): string {
    return toFunction(this);
  }

  /**
   * Gives every tensor of the network back to its engine (idempotent). Any later use throws. A
   * network made by a factory inside `train` is disposed when its subscription ends; one you made
   * is yours to dispose (or to leave to the garbage collector, which frees it too, in its own time).
   *
   * @example
   * const net = Network.create(spec, { engine, random: seededRandom(1) });
   * try { net.trainBatch(batch, 0.01); } finally { net.dispose(); }
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    forgotten.unregister(this.#hold);
    this.#hold.freeAll();
    // Nothing of the engine's stays reachable from a disposed network (mathjs tensors are plain garbage).
    this.#W.length = this.#b.length = 0;
    this.#ys = this.#zs = this.#dfs = this.#deltas = this.#dW = this.#db = this.#predictYs = this.#predictDfs = this.#predictTailYs = this.#predictTailDfs = [];
    this.#targets = this.#compiled = this.#lastWriter = this.#finiteProbes = undefined;
    this.#hasGradients = false;
  }

  /**
   * {@link Network.dispose}, for `using`.
   *
   * @example
   * { using net = Network.create(spec, { engine, random: seededRandom(1) }); net.trainBatch(batch, 0.01); } // disposed here
   */
  [Symbol.dispose](): void {
    this.dispose();
  }

  #checkLive(): void {
    if (this.#disposed) throw new Error('this network was disposed (its engine memory was given back): clone() a network before disposing it to keep using a copy');
  }

  #checkWidth(cols: number, field: 'inputs' | 'targets'): void {
    const expected = field === 'inputs' ? this.layers[0]! : this.layers[this.depth]!;
    if (cols !== expected) {
      const layer = field === 'inputs' ? 'input' : 'output';
      const noun = field === 'inputs' ? 'input' : 'target';
      throw new InputError(field, `has ${plural(cols, 'column')} but the ${layer} layer has ${plural(expected, 'unit')}`, `give ${plural(expected, noun)} per sample, or change network.layers`);
    }
  }

  #checkBatch(batch: Batch): void {
    // Structural, and only reads: this runs at every step. Plain rows here used to be reported
    // as "has undefined columns", and no batch at all as a TypeError.
    if (typeof (batch as Partial<Batch> | undefined)?.inputDim !== 'number') {
      throw new InputError('batch', `must be a Batch, got ${Array.isArray(batch) ? 'an array' : String(batch)}`, 'make one with Batch.of(inputs, targets), or use net.trainStep(inputs, targets, eta)');
    }
    this.#checkWidth(batch.inputDim, 'inputs');
    this.#checkWidth(batch.targetDim, 'targets');
  }

  #load(batch: Batch): void {
    this.#checkLive();
    this.#checkBatch(batch);
    if (batch.size !== this.#B) this.#prepare(batch.size);
    // A batch of a data set's rows goes straight from the data set into the engine.
    const rows = batch.inputRows;
    if (rows && this.engine.writeRows) this.engine.writeRows(this.#ys[0]!, rows.data, rows.rows);
    else this.engine.write(this.#ys[0]!, batch.x);
    this.engine.write(this.#targets!, batch.t);
    this.#tHost = batch.t;
  }

  #forwardLoaded(): void {
    const e = this.engine;
    for (let j = 0; j < this.depth; j++) {
      e.matMul(this.#ys[j]!, this.#W[j]!, this.#zs[j]!, false, false, 1);
      e.biasActivation(this.#zs[j]!, this.#b[j]!, this.activations[j]!, this.#ys[j + 1]!, this.#dfs[j]!);
    }
  }

  #backwardLoaded(): number {
    const e = this.engine;
    const L = this.depth;
    const invB = 1 / this.#B;
    const { l1, l2 } = this.#regularization;
    let delta = this.#deltas[L - 1]!;
    const loss = this.#loss;
    let cost: number;
    if (loss.evaluateInEngine) cost = loss.evaluateInEngine(e, this.#ys[L]!, this.#targets!, delta) / this.#B;
    else {
      // On host copies (the loss states itself on plain arrays); B·∂J/∂y comes back.
      const y = e.read(this.#ys[L]!, this.#yHost);
      cost = loss.evaluate(y, this.#tHost!, this.#deltaHost, this.#B, this.layers[L]!) / this.#B;
      e.write(delta, this.#deltaHost);
    }
    e.mul(delta, this.#dfs[L - 1]!, delta);
    for (let j = L - 1; j >= 0; j--) {
      e.matMul(this.#ys[j]!, delta, this.#dW[j]!, true, false, invB);
      if (l1 !== 0 || l2 !== 0) e.regularize(l1, l2, this.#W[j]!, this.#dW[j]!);
      e.sumColumns(delta, this.#db[j]!, invB);
      if (j > 0) {
        const prev = this.#deltas[j - 1]!;
        e.matMul(delta, this.#W[j]!, prev, false, true, 1);
        e.mul(prev, this.#dfs[j - 1]!, prev);
        delta = prev;
      }
    }
    this.#hasGradients = true;
    return cost;
  }

  #prepare(B: number): void {
    const n = this.layers;
    // A new batch size replaces every per-batch buffer and the step over them: give the old ones
    // back (engines with a fixed memory need it). The old step can no longer vouch for the parameters.
    this.#hold.free([...this.#ys, ...this.#zs, ...this.#dfs, ...this.#deltas, ...this.#dW, ...this.#db, ...(this.#targets ? [this.#targets] : [])]);
    this.#hold.step?.dispose?.();
    // Until the new buffers are all made (an engine may run out of memory half way), nothing is laid out.
    this.#compiled = this.#hold.step = this.#lastWriter = undefined;
    this.#B = 0;
    const hold = this.#hold;
    this.#ys = n.map((units) => hold.zeros(B, units));
    this.#zs = n.slice(1).map((units) => hold.zeros(B, units));
    this.#dfs = n.slice(1).map((units) => hold.zeros(B, units));
    this.#deltas = n.slice(1).map((units) => hold.zeros(B, units));
    this.#dW = this.#W.map((w) => hold.zeros(w.rows, w.cols));
    this.#db = this.#b.map((b) => hold.zeros(1, b.cols));
    this.#targets = hold.zeros(B, n[this.depth]!);
    this.#yHost = new Float64Array(B * n[this.depth]!);
    this.#deltaHost = new Float64Array(B * n[this.depth]!);
    this.#hasGradients = false;
    this.#B = B;
    this.#replan();
  }

  /** Binds the optimizer to the gradient buffers and asks the engine for a fused step (which it may decline). */
  #replan(): void {
    if (this.#B === 0) return;
    this.#optimizer.bindGradients([...this.#dW, ...this.#db]);
    // A step over another loss or optimizer is given back; it can no longer vouch for the parameters.
    this.#hold.step?.dispose?.();
    this.#compiled = this.#hold.step = this.#lastWriter = undefined;
    const plan: StepPlan = {
      weights: this.#W,
      biases: this.#b,
      activations: this.activations,
      ys: this.#ys,
      dfs: this.#dfs,
      deltas: this.#deltas,
      dWeights: this.#dW,
      dBiases: this.#db,
      targets: this.#targets!,
      loss: this.#loss,
      optimizer: {
        name: this.#optimizer.rule.name,
        id: this.#optimizer.rule.id,
        hyperparameters: this.#optimizer.hyperparameters,
        slots: this.#W.map((_, k) => this.#optimizer.slotsOf(k)).concat(this.#b.map((_, k) => this.#optimizer.slotsOf(this.depth + k))),
      },
      regularization: this.#regularization,
    };
    this.#compiled = this.#hold.step = this.engine.compileStep?.(plan);
  }

  #newOptimizer(config: OptimizerConfig | OptimizerJSON): Optimizer {
    const params = [...this.#W.map((value) => ({ value, isWeight: true })), ...this.#b.map((value) => ({ value, isWeight: false }))];
    return new Optimizer(config, this.engine, params, 'optimizer', (rows, cols) => this.#hold.zeros(rows, cols));
  }

  #checkLoss(name: string): Loss {
    const found = lossNamed(name);
    const last = this.activations[this.depth - 1]!;
    if (found.needsLinearOutput && last.name !== 'linear') {
      throw new InputError('loss', `${found.name} needs a linear last layer (its outputs are the logits), but the last activation is ${last.name}`, `make the last activation linear, e.g. activations: [relu, linear]`);
    }
    return found;
  }

  /** Buffers for predict's full chunks of `rows` rows. */
  #preparePredict(rows: number): void {
    this.#hold.free([...this.#predictYs, ...this.#predictDfs]);
    this.#predictRows = 0;
    this.#predictYs = this.#predictBuffers(rows, this.layers);
    this.#predictDfs = this.#predictBuffers(rows, this.layers.slice(1));
    this.#predictRows = rows;
  }

  /**
   * Buffers for predict's last chunk when it is not a full one (fewer rows, or up to 3 more): kept,
   * as a snapshot's grid predicts the same rows every time.
   */
  #predictTail(rows: number): Tensor[] {
    if (rows !== this.#predictTailRows) {
      this.#hold.free([...this.#predictTailYs, ...this.#predictTailDfs]);
      this.#predictTailRows = 0;
      this.#predictTailYs = this.#predictBuffers(rows, this.layers);
      this.#predictTailDfs = this.#predictBuffers(rows, this.layers.slice(1));
      this.#predictTailRows = rows;
    }
    return this.#predictTailYs;
  }

  #predictBuffers(rows: number, widths: readonly number[]): Tensor[] {
    return widths.map((units) => this.#hold.zeros(rows, units));
  }

  #readMatrix(t: Tensor): Matrix {
    return toMatrix(this.engine.read(t), t.rows, t.cols);
  }
}

/** The learning rate of every step: finite and > 0 (a comparison or two, nothing allocated). */
function checkEta(eta: number): void {
  if (typeof eta !== 'number' || !(eta > 0 && eta < Infinity)) throw new InputError('eta', `must be a finite number > 0, got ${String(eta)}`, 'the seed uses eta: 0.001');
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function nested(data: Float64Array, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, i) => Array.from(data.subarray(i * cols, (i + 1) * cols)));
}

/** Weights and biases as flat arrays, checked against `layers`: one per layer, each of its shape, every value finite. */
function flatParameters(params: { readonly weights: readonly MatrixLike[]; readonly biases: readonly VectorLike[] }, layers: readonly number[]): { weights: Float64Array[]; biases: Float64Array[] } {
  const L = layers.length - 1;
  for (const key of ['weights', 'biases'] as const) {
    const list: unknown = params[key];
    if (!Array.isArray(list)) throw new InputError(key, `must be a list of ${L} layers, got ${String(list)}`, 'use the output of toJSON() or parameters()');
    if (list.length !== L) throw new InputError(key, `has ${list.length} layers, the network has ${L}`);
  }
  const weights = params.weights.map((w, j) => {
    const f = toFlat(w, `weights[${j}]`);
    if (f.rows !== layers[j] || f.cols !== layers[j + 1]) {
      throw new InputError(`weights[${j}]`, `is ${f.rows}×${f.cols}, expected ${layers[j]}×${layers[j + 1]}`, 'weights are [n_in][n_out]');
    }
    return f.data;
  });
  const biases = params.biases.map((b, j) => {
    const f = toFlatVector(b, `biases[${j}]`);
    if (f.length !== layers[j + 1]) throw new InputError(`biases[${j}]`, `has ${f.length} values, expected ${layers[j + 1]}`);
    return f;
  });
  return { weights, biases };
}

/** The engine option, checked: from JavaScript, `Network.create(spec)` alone otherwise fails on a missing property. */
function checkEngine(options: Partial<Pick<NetworkOptions, 'engine'>> | undefined): void {
  if (typeof options?.engine !== 'object' || options.engine === null) {
    throw new InputError('engine', `is required, got ${String(options?.engine)}`, 'pass { engine: await createEngine() }');
  }
}

function validateSpec(spec: Pick<NetworkSpec, 'layers' | 'activations'>): { layers: number[]; activations: Activation[] } {
  const layers = spec.layers as unknown;
  if (!Array.isArray(layers) || layers.length < 2) {
    throw new InputError('layers', `must list at least two layer sizes (input and output), got ${JSON.stringify(layers)}`, 'e.g. layers: [2, 100, 1]');
  }
  layers.forEach((units: unknown, i) => {
    if (typeof units !== 'number' || !Number.isInteger(units) || units < 1) {
      throw new InputError(`layers[${i}]`, `must be a positive integer, got ${JSON.stringify(units)}`, 'give a whole number of units ≥ 1');
    }
  });
  const L = layers.length - 1;
  if (typeof spec.activations !== 'string' && !Array.isArray(spec.activations)) {
    throw new InputError('activations', `must be an activation name or a list of ${L}, got ${JSON.stringify(spec.activations)}`, "e.g. activations: 'relu' (linear, sigmoid, relu, tanh)");
  }
  const names = typeof spec.activations === 'string' ? Array<string>(L).fill(spec.activations) : [...(spec.activations as readonly string[])];
  if (names.length !== L) {
    throw new InputError('activations', `lists ${names.length} activations for ${L} layers`, `give one name for all layers or exactly ${L} names`);
  }
  return { layers: layers as number[], activations: names.map((name, j) => activation(name, typeof spec.activations === 'string' ? 'activations' : `activations[${j}]`)) };
}
