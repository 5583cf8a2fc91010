import type { Activation } from './activations.js';

/**
 * A rows×cols matrix owned by an engine. Its storage is private to the engine that made it
 * (a mathjs matrix, a slice of WebAssembly memory, …): data leaves only through {@link Engine.read},
 * so an in-place update never changes what a caller already holds.
 *
 * @example
 * const t = engine.zeros(2, 3);
 * engine.write(t, [1, 2, 3, 4, 5, 6]); // row-major
 */
export interface Tensor {
  readonly rows: number;
  readonly cols: number;
}

/**
 * Everything one training step touches, laid out once by the network so that an engine may fuse the
 * whole step (forward, backprop, update) into a single call with no allocation.
 * Layer j maps `ys[j]` (B×n_j) to `ys[j+1]` (B×n_{j+1}) through `weights[j]` (n_j×n_{j+1}).
 */
export interface StepPlan {
  readonly weights: readonly Tensor[];
  readonly biases: readonly Tensor[];
  readonly activations: readonly Activation[];
  /** ys[0] is the input batch, ys[L] the output. */
  readonly ys: readonly Tensor[];
  /** f'(z) of each layer. */
  readonly dfs: readonly Tensor[];
  /** dC/dz of each layer. */
  readonly deltas: readonly Tensor[];
  readonly dWeights: readonly Tensor[];
  readonly dBiases: readonly Tensor[];
  readonly targets: Tensor;
  /** The loss whose output delta starts backprop (src/losses/: name and ABI id). */
  readonly loss: { readonly name: string; readonly id: number };
  /**
   * The optimizer whose update ends the step (src/optimizers/): its rule's name and ABI id, its
   * hyperparameters, and the state tensors of each parameter (every layer's weights, then biases).
   */
  readonly optimizer: {
    readonly name: string;
    readonly id: number;
    readonly hyperparameters: Readonly<Record<string, number>>;
    readonly slots: readonly (readonly Tensor[])[];
  };
  /** L1/L2 coefficients added to the weights' gradients (0: none). */
  readonly regularization: { readonly l1: number; readonly l2: number };
}

/** A fused training step made by {@link Engine.compileStep}: runs one step, returns the cost. */
export interface CompiledStep {
  /**
   * One step with learning rate `lr` (the optimizer's, or the caller's override) as the
   * optimizer's step `t` (1 on the first; the optimizer keeps the count, the step its bias
   * corrections).
   */
  run(lr: number, t: number): number;
  /**
   * Whether every weight and bias the last `run` wrote is finite, when the engine learns it as a
   * by-product of the update (the network otherwise checks the parameters itself).
   */
  parametersFinite?(): boolean;
  /** Gives the step's own engine memory back (idempotent); `run` must not be called afterwards. */
  dispose?(): void;
}

/**
 * The kernels a dense network needs. The network code sees only this interface; each engine
 * (mathjs reference, WebAssembly SIMD, …) implements it in its own folder.
 *
 * Cost convention (the seed's): reported cost = Σ(y − t)² / B; gradients are those of half that.
 *
 * @example
 * const engine = mathjsEngine();
 * const a = engine.zeros(2, 2), b = engine.zeros(2, 2), c = engine.zeros(2, 2);
 * engine.matMul(a, b, c, false, true, 1); // c = a · bᵀ
 */
export interface Engine {
  readonly name: string;
  /** Storage precision of tensors; reads always return float64. */
  readonly precision: 'f64' | 'f32';
  /** A new zero-filled rows×cols tensor. */
  zeros(rows: number, cols: number): Tensor;
  /** Copies `data` (row-major, rows·cols values) into `t`. */
  write(t: Tensor, data: ArrayLike<number>): void;
  /**
   * Optional: copies rows `rows[r]` of `data` (row-major, t.cols wide) into row r of `t`, as
   * `write` of those rows gathered would, without the gathered copy (a batch of a data set's rows,
   * `Batch.rowsOf`).
   */
  writeRows?(t: Tensor, data: Float64Array, rows: Uint32Array): void;
  /** Copies `t` out, row-major, into `out` (or a new array). */
  read(t: Tensor, out?: Float64Array): Float64Array;
  /** out = alpha · op(a) · op(b), op(x) = xᵀ when its flag is set. */
  matMul(a: Tensor, b: Tensor, out: Tensor, transA: boolean, transB: boolean, alpha: number): void;
  /** Row-wise: y = f(z + bias) and df = f'(z + bias); `bias` is 1×cols. `y` may alias `z` (predict reuses one buffer). */
  biasActivation(z: Tensor, bias: Tensor, activation: Activation, y: Tensor, df: Tensor): void;
  /**
   * Optional: a dense layer's forward pass in one kernel, y = f(x · w + bias) and df = f'(x · w + bias)
   * (x B×n_in, w n_in×n_out, bias 1×n_out), the values of `matMul` (alpha 1) then
   * `biasActivation`. Engines whose product finishes each block of sums through the activation
   * implement it, so predict writes the B×n_out activations once instead of storing the sums and
   * reading them back; without it the network runs the two kernels. y and df must not share
   * memory with the inputs or each other.
   */
  dense?(x: Tensor, w: Tensor, bias: Tensor, activation: Activation, y: Tensor, df: Tensor): void;
  /** out = a − b */
  sub(a: Tensor, b: Tensor, out: Tensor): void;
  /** out = a ⊙ b (elementwise) */
  mul(a: Tensor, b: Tensor, out: Tensor): void;
  /** Σ a_ij² */
  sumSquares(a: Tensor): number;
  /** out (1×cols) = alpha · Σ_rows a */
  sumColumns(a: Tensor, out: Tensor, alpha: number): void;
  /** y += alpha · x */
  axpy(alpha: number, x: Tensor, y: Tensor): void;
  /** y = alpha · x + beta · y (moving averages and momentum buffers of the optimizers) */
  axpby(alpha: number, x: Tensor, beta: number, y: Tensor): void;
  /** s = beta · s + alpha · g ⊙ g (moving averages and running sums of squared gradients) */
  addSquares(alpha: number, g: Tensor, beta: number, s: Tensor): void;
  /** p −= lr · m ⊘ (√(sScale · s) + eps), elementwise: the step of Adam, RMSprop and Adagrad */
  adaptiveStep(lr: number, m: Tensor, s: Tensor, sScale: number, eps: number, p: Tensor): void;
  /** g += l2 · w + l1 · sign(w), sign(0) = 0: the gradient of L2 and L1 regularization on w */
  regularize(l1: number, l2: number, w: Tensor, g: Tensor): void;
  /**
   * Optional: fuse one whole training step over `plan` into one call (fast engines do); undefined
   * when the engine cannot fuse the plan's loss, optimizer or regularization (the network then
   * runs the step kernel by kernel).
   */
  compileStep?(plan: StepPlan): CompiledStep | undefined;
  /**
   * Optional: gives `t`'s storage back; `t` must not be used afterwards. Engines whose memory is
   * fixed up front (wasm) implement it; the network calls it when a new batch size replaces buffers
   * and when it is disposed.
   */
  free?(t: Tensor): void;
}

/** The kernel names every engine must implement (the optional fused step is not among them). */
export const requiredKernels = [
  'zeros', 'write', 'read', 'matMul', 'biasActivation', 'sub', 'mul', 'sumSquares', 'sumColumns', 'axpy',
  'axpby', 'addSquares', 'adaptiveStep', 'regularize',
] as const satisfies readonly (keyof Engine)[];
