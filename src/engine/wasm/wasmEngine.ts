import { InputError } from '../../errors/InputError.js';
import { optionsObject } from '../../errors/optionsObject.js';
import type { Activation } from '../activations.js';
import type { CompiledStep, Engine, StepPlan, Tensor } from '../Engine.js';
import { FreeListAllocator } from './FreeListAllocator.js';
import { coefficientCount, fusedCodes, writeCoefficients } from './fusedUpdate.js';
import { loadWasmModule, sharedMemoryAvailable } from './loadWasmModule.js';
import { isNode, nodeModule } from './runtime.js';
import { kernelsFor, type PrecisionKernels, type WasmExports } from './WasmExports.js';
import { ThreadChooser } from './ThreadChooser.js';
import { controlBlockBytes, syncImports, WorkerPool, workerSpawner, type SpawnWorker } from './WorkerPool.js';

/**
 * How to build a WebAssembly engine. Everything is optional.
 *
 * @example
 * const options: WasmEngineOptions = { precision: 'f32', threads: 'auto', memoryMiB: 512 };
 */
export interface WasmEngineOptions {
  /** Storage precision (default f64). f32 is about twice as fast and agrees with f64 to ~1e-5 per parameter matrix, normwise (README: The WebAssembly engine). */
  readonly precision?: 'f64' | 'f32';
  /**
   * `'auto'` (default): fused steps above {@link threadThresholdFlops} run on worker threads (one per
   * core, at most 4) when the runtime can share memory, unless timing shows one thread faster (a
   * machine busier than its cores; see ThreadChooser); `'always'`: every fused step does (at least
   * 2 threads); `1`: never; `n ≥ 2`: always n threads.
   */
  readonly threads?: 'auto' | 'always' | number;
  /** Size of the engine's memory, declared in full up front (default 256 MiB; pages are committed only when touched). */
  readonly memoryMiB?: number;
  /** Use the relaxed-SIMD build (real FMA) when the runtime supports it (default true). */
  readonly relaxedSimd?: boolean;
  /** Where the four `rxprop-*.wasm` builds are served from (default: the package's `build/wasm/`). */
  readonly baseUrl?: URL | string;
  /** The engine's name (default: derived from the options, e.g. `wasm-f32`). */
  readonly name?: string;
}

/** An {@link Engine} on WebAssembly memory, with what it adds: explicit freeing and a look at its memory. */
export interface WasmEngine extends Engine {
  /** `'relaxed'` when the kernels use relaxed SIMD (fused multiply-add), else `'simd'`. */
  readonly simd: 'relaxed' | 'simd';
  /** Threads a fused step may use (1: single-threaded). */
  readonly maxThreads: number;
  free(t: Tensor): void;
  /** Copies rows of a data set straight into a tensor (see Engine.writeRows): a batch's inputs without a gathered copy. */
  writeRows(t: Tensor, data: Float64Array, rows: Uint32Array): void;
  compileStep(plan: StepPlan): WasmCompiledStep | undefined;
  /** A dense layer's forward pass in one kernel (see Engine.dense): each block of sums goes through the activation as it is finished. */
  dense(x: Tensor, w: Tensor, bias: Tensor, activation: Activation, y: Tensor, df: Tensor): void;
  /** Bytes of tensors and buffers in use, and the memory's capacity. */
  memoryUsage(): { used: number; capacity: number };
  /**
   * Starts the worker threads now and resolves once they run. `threads: 'auto'` otherwise starts
   * them at the first large step, which runs on one thread (same bits) until they are up.
   */
  startThreads(): Promise<void>;
  /** Stops the worker threads; the engine is unusable afterwards (its memory goes with the last reference). */
  dispose(): void;
}

/** A fused step of a wasm engine, which says how many threads it runs on. */
export interface WasmCompiledStep extends CompiledStep {
  /** Threads the step uses (a threaded step runs on one thread, with the same results, until its workers are up). */
  readonly threads: number;
}

/** Floating-point operations per fused step above which `threads: 'auto'` uses worker threads (below it, barriers cost more than they save). */
export const threadThresholdFlops = 5e6;

/** Doubles an f32 engine stages per conversion: 64 KiB, in L1 or L2 when they are demoted. */
const stageDoubles = 8192;

const MiB = 1 << 20;
const PAGE = 1 << 16;

/** A tensor of a wasm engine: a rows×cols block of its memory. */
class WasmTensor implements Tensor {
  constructor(
    readonly rows: number,
    readonly cols: number,
    /** Byte offset in the engine's memory; −1 once freed. */
    public ptr: number,
    /** Element index of the first value (ptr / bytes per element). */
    public index: number,
    readonly owner: object,
  ) {}

  /** A view of the tensor's values, made on first read: the memory never grows, so it never detaches. */
  view: Float64Array | Float32Array | undefined;
}

// Plan layout shared with assembly/step.ts (i32 words).
const P_HEADER = 8;
const LAYER_WORDS = 15;

/**
 * A WebAssembly SIMD engine: kernels written in AssemblyScript (`assembly/`), a memory declared at
 * full size up front with a free-list allocator over it, a fused training step (one WASM call per
 * step, allocating nothing), and optional worker threads on shared memory whose results are
 * bit-identical to the single-threaded ones.
 *
 * @example
 * const engine = await wasmEngine({ precision: 'f64' });
 * const net = Network.create({ layers: [2, 100, 1], activations: 'relu' }, { engine, random: seededRandom(1) });
 */
export async function wasmEngine(options: WasmEngineOptions = {}): Promise<WasmEngine> {
  optionsObject(options, "wasmEngine({ precision: 'f32' })");
  const precision = options.precision ?? 'f64';
  if (precision !== 'f64' && precision !== 'f32') throw new InputError('precision', `must be "f64" or "f32", got ${JSON.stringify(precision)}`);
  const threads = options.threads ?? 'auto';
  if (threads !== 'auto' && threads !== 'always' && !(Number.isInteger(threads) && threads >= 1 && threads <= 64)) {
    throw new InputError('threads', `must be "auto", "always" or a whole number from 1 to 64, got ${JSON.stringify(threads)}`);
  }
  const memoryMiB = options.memoryMiB ?? 256;
  if (!(Number.isInteger(memoryMiB) && memoryMiB >= 1 && memoryMiB <= 4095)) {
    throw new InputError('memoryMiB', `must be a whole number of MiB from 1 to 4095, got ${JSON.stringify(memoryMiB)}`);
  }
  const canShare = sharedMemoryAvailable();
  const forceThreads = threads === 'always' || (typeof threads === 'number' && threads > 1);
  if (forceThreads && !canShare) {
    throw new InputError('threads', 'worker threads need SharedArrayBuffer, which this runtime withholds', 'serve the page cross-origin isolated (COOP/COEP headers), or use threads: 1');
  }
  const cores = Math.min(4, await availableCores());
  const maxThreads = threads === 'auto' ? (canShare ? cores : 1) : threads === 'always' ? Math.max(2, cores) : threads;
  const shared = maxThreads > 1;
  const loaded = await loadWasmModule({ shared, preferRelaxed: options.relaxedSimd ?? true, ...(options.baseUrl !== undefined && { baseUrl: options.baseUrl }) });
  const pages = (memoryMiB * MiB) / PAGE;
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared });
  const { exports } = await WebAssembly.instantiate(loaded.module, { env: { memory, ...syncImports(memory) } });
  const name = options.name ?? `wasm${precision === 'f32' ? '-f32' : ''}${threads === 1 ? '-single' : forceThreads ? '-threads' : ''}`;
  const engine = new WasmEngineImpl({
    name, precision, memory, exports: exports as unknown as WasmExports, module: loaded.module,
    simd: loaded.relaxed ? 'relaxed' : 'simd', maxThreads, forceThreads,
    spawn: shared ? await workerSpawner() : undefined,
  });
  // Asked-for threads are running before the engine is handed out; 'auto' starts them on first need.
  if (forceThreads) await engine.startThreads();
  return engine;
}

async function availableCores(): Promise<number> {
  if (isNode) return (await nodeModule<typeof import('node:os')>('node:os')).availableParallelism();
  return globalThis.navigator?.hardwareConcurrency ?? 1;
}

/** Flops of one fused step: three products (forward, delta, gradient) of 2·B·n_in·n_out each, per layer. */
function stepFlops(plan: StepPlan): number {
  const B = plan.ys[0]!.rows;
  return plan.weights.reduce((sum, w) => sum + 6 * B * w.rows * w.cols, 0);
}

/** A compiled step's plan block in the engine's memory, until the step is disposed. */
interface LivePlan {
  readonly ptr: number;
  live: boolean;
}

// Plans and pools are reclaimed with their owners: a network re-plans when its batch size changes.
const planRegistry = new FinalizationRegistry<() => void>((release) => release());

interface EngineParts {
  name: string;
  precision: 'f64' | 'f32';
  memory: WebAssembly.Memory;
  exports: WasmExports;
  module: WebAssembly.Module;
  simd: 'relaxed' | 'simd';
  maxThreads: number;
  forceThreads: boolean;
  spawn: SpawnWorker | undefined;
}

class WasmEngineImpl implements WasmEngine {
  readonly name: string;
  readonly precision: 'f64' | 'f32';
  readonly simd: 'relaxed' | 'simd';
  readonly maxThreads: number;
  readonly #parts: EngineParts;
  readonly #k: PrecisionKernels;
  readonly #heap: FreeListAllocator;
  readonly #bytes: number;
  readonly #view: Float64Array | Float32Array;
  readonly #i32: Int32Array;
  /** The memory as doubles (the f32 engine's host writes stage their doubles here). */
  readonly #f64: Float64Array;
  /** f32 engines: byte offset of a buffer of {@link stageDoubles} doubles for {@link WasmEngineImpl.write}; 0 for f64. */
  readonly #stage: number = 0;
  #disposed = false;
  // Scratch for packing, one slot per thread, grown (never shrunk) as larger products appear.
  #scratch = 0;
  #scratchStride = 0;
  #scratchSlots = 0;
  #pool: WorkerPool | undefined;
  #ctrl = 0;

  constructor(parts: EngineParts) {
    this.#parts = parts;
    this.name = parts.name;
    this.precision = parts.precision;
    this.simd = parts.simd;
    this.maxThreads = parts.maxThreads;
    this.#k = kernelsFor(parts.exports, parts.precision);
    this.#bytes = parts.precision === 'f64' ? 8 : 4;
    this.#view = parts.precision === 'f64' ? new Float64Array(parts.memory.buffer) : new Float32Array(parts.memory.buffer);
    this.#i32 = new Int32Array(parts.memory.buffer);
    this.#f64 = new Float64Array(parts.memory.buffer);
    this.#heap = new FreeListAllocator(parts.exports.heapBase(), parts.memory.buffer.byteLength);
    // Allocated with the engine, so that memory use is the same before and after the first write.
    if (this.#bytes === 4) this.#stage = this.#allocate(8 * stageDoubles, 'the f32 conversion buffer');
  }

  zeros(rows: number, cols: number): Tensor {
    if (!(Number.isInteger(rows) && Number.isInteger(cols) && rows >= 1 && cols >= 1)) {
      throw new InputError('shape', `a tensor needs whole positive dimensions, got ${rows}×${cols}`);
    }
    const ptr = this.#allocate(rows * cols * this.#bytes, `a ${rows}×${cols} ${this.precision} tensor`);
    const t = new WasmTensor(rows, cols, ptr, ptr / this.#bytes, this);
    this.#view.fill(0, t.index, t.index + rows * cols);
    return t;
  }

  free(t: Tensor): void {
    const x = this.#own(t, 'free');
    this.#heap.release(x.ptr);
    x.ptr = -1;
    x.index = -1;
  }

  write(t: Tensor, data: ArrayLike<number>): void {
    const x = this.#own(t, 'write');
    if (data.length !== x.rows * x.cols) throw new RangeError(`${this.name}.write: ${data.length} values for a ${x.rows}×${x.cols} tensor`);
    if (this.#stage !== 0 && data instanceof Float64Array) this.#demote(data, 0, data.length, x.ptr);
    else this.#view.set(data, x.index);
  }

  /**
   * data[from, from + n) into the f32 values at byte `dst`: the doubles are copied into the module's
   * memory a buffer at a time (a memcpy) and demoted there, four per instruction, with the rounding
   * Float32Array.set applies one value at a time, 10× slower.
   */
  #demote(data: Float64Array, from: number, n: number, dst: number): void {
    const { demoteToF32 } = this.#parts.exports;
    for (let k = 0; k < n; k += stageDoubles) {
      const m = Math.min(stageDoubles, n - k);
      // The whole array when it fits (a training batch): no view allocated per step.
      this.#f64.set(m === data.length ? data : data.subarray(from + k, from + k + m), this.#stage / 8);
      demoteToF32(this.#stage, dst + 4 * k, m);
    }
  }

  writeRows(t: Tensor, data: Float64Array, rows: Uint32Array): void {
    const x = this.#own(t, 'writeRows');
    const width = x.cols;
    if (rows.length !== x.rows) throw new RangeError(`${this.name}.writeRows: ${rows.length} rows for a ${x.rows}×${width} tensor`);
    if (this.#stage !== 0 && width <= stageDoubles) {
      // f32: as many whole rows as the buffer holds, gathered into it, then demoted at once.
      const per = Math.floor(stageDoubles / width);
      const stage = this.#stage / 8;
      for (let r0 = 0; r0 < rows.length; r0 += per) {
        const m = Math.min(per, rows.length - r0);
        for (let i = 0; i < m; i++) {
          const from = this.#rowStart(data, rows[r0 + i]!, width);
          this.#f64.set(data.subarray(from, from + width), stage + i * width);
        }
        this.#parts.exports.demoteToF32(this.#stage, x.ptr + 4 * r0 * width, m * width);
      }
      return;
    }
    for (let r = 0; r < rows.length; r++) {
      const from = this.#rowStart(data, rows[r]!, width);
      if (this.#stage !== 0) this.#demote(data, from, width, x.ptr + 4 * r * width);
      else this.#view.set(data.subarray(from, from + width), x.index + r * width);
    }
  }

  /** Index in `data` of its row `row` of `width` values, checked to lie inside it. */
  #rowStart(data: Float64Array, row: number, width: number): number {
    const from = row * width;
    if (!(from + width <= data.length)) throw new RangeError(`${this.name}.writeRows: row ${row} is past the ${data.length / width} rows of data`);
    return from;
  }

  read(t: Tensor, out = new Float64Array(t.rows * t.cols)): Float64Array {
    const x = this.#own(t, 'read');
    const n = x.rows * x.cols;
    if (out.length < n) throw new RangeError(`${this.name}.read: out holds ${out.length} values, the tensor ${n}`);
    // A memcpy (or f32 → f64 conversion) through a view kept on the tensor: no allocation per read.
    out.set((x.view ??= this.#view.subarray(x.index, x.index + n)));
    return out;
  }

  matMul(a: Tensor, b: Tensor, out: Tensor, transA: boolean, transB: boolean, alpha: number): void {
    const A = this.#own(a, 'matMul');
    const B = this.#own(b, 'matMul');
    const C = this.#own(out, 'matMul');
    const M = transA ? A.cols : A.rows;
    const K = transA ? A.rows : A.cols;
    const N = transB ? B.rows : B.cols;
    if ((transB ? B.cols : B.rows) !== K || C.rows !== M || C.cols !== N) {
      throw new RangeError(`${this.name}.matMul: op(a) is ${M}×${K}, op(b) is ${transB ? B.cols : B.rows}×${N}, out is ${C.rows}×${C.cols}`);
    }
    if (this.#overlaps(C, A) || this.#overlaps(C, B)) throw new RangeError(`${this.name}.matMul: out must not share memory with a or b`);
    const scratch = this.#scratchFor(this.#k.matMulScratch(M, N, K, transA, transB), 1);
    this.#k.matMul(A.ptr, B.ptr, C.ptr, M, N, K, transA, transB, alpha, scratch);
  }

  biasActivation(z: Tensor, bias: Tensor, activation: Activation, y: Tensor, df: Tensor): void {
    const Z = this.#own(z, 'biasActivation');
    const b = this.#own(bias, 'biasActivation');
    this.#sameShape('biasActivation', Z, this.#own(y, 'biasActivation'), this.#own(df, 'biasActivation'));
    if (b.rows !== 1 || b.cols !== Z.cols) throw new RangeError(`${this.name}.biasActivation: bias is ${b.rows}×${b.cols}, expected 1×${Z.cols}`);
    this.#k.biasActivation(Z.ptr, b.ptr, (y as WasmTensor).ptr, (df as WasmTensor).ptr, Z.rows, Z.cols, activation.id);
  }

  dense(x: Tensor, w: Tensor, bias: Tensor, activation: Activation, y: Tensor, df: Tensor): void {
    const X = this.#own(x, 'dense');
    const W = this.#own(w, 'dense');
    const b = this.#own(bias, 'dense');
    const [Y, D] = this.#sameShape('dense', this.#own(y, 'dense'), this.#own(df, 'dense'));
    const [M, K, N] = [X.rows, X.cols, W.cols];
    if (W.rows !== K || Y.rows !== M || Y.cols !== N) throw new RangeError(`${this.name}.dense: x is ${M}×${K}, w ${W.rows}×${N}, y ${Y.rows}×${Y.cols}`);
    if (b.rows !== 1 || b.cols !== N) throw new RangeError(`${this.name}.dense: bias is ${b.rows}×${b.cols}, expected 1×${N}`);
    for (const out of [Y, D]) {
      if (this.#overlaps(out, X) || this.#overlaps(out, W) || this.#overlaps(out, b)) throw new RangeError(`${this.name}.dense: y and df must not share memory with x, w or bias`);
    }
    if (this.#overlaps(Y, D)) throw new RangeError(`${this.name}.dense: y and df must not share memory`);
    const scratch = this.#scratchFor(this.#k.matMulScratch(M, N, K, false, false), 1);
    this.#k.dense(X.ptr, W.ptr, b.ptr, Y.ptr, D.ptr, M, N, K, activation.id, scratch);
  }

  sub(a: Tensor, b: Tensor, out: Tensor): void {
    const [A, B, C] = this.#sameShape('sub', this.#own(a, 'sub'), this.#own(b, 'sub'), this.#own(out, 'sub'));
    this.#k.sub(A.ptr, B.ptr, C.ptr, A.rows, A.cols);
  }

  mul(a: Tensor, b: Tensor, out: Tensor): void {
    const [A, B, C] = this.#sameShape('mul', this.#own(a, 'mul'), this.#own(b, 'mul'), this.#own(out, 'mul'));
    this.#k.mul(A.ptr, B.ptr, C.ptr, A.rows, A.cols);
  }

  sumSquares(a: Tensor): number {
    const A = this.#own(a, 'sumSquares');
    return this.#k.sumSquares(A.ptr, A.rows, A.cols);
  }

  sumColumns(a: Tensor, out: Tensor, alpha: number): void {
    const A = this.#own(a, 'sumColumns');
    const C = this.#own(out, 'sumColumns');
    if (C.rows !== 1 || C.cols !== A.cols) throw new RangeError(`${this.name}.sumColumns: out is ${C.rows}×${C.cols}, expected 1×${A.cols}`);
    this.#k.sumColumns(A.ptr, C.ptr, A.rows, A.cols, alpha);
  }

  axpy(alpha: number, x: Tensor, y: Tensor): void {
    const [X, Y] = this.#sameShape('axpy', this.#own(x, 'axpy'), this.#own(y, 'axpy'));
    this.#k.axpy(alpha, X.ptr, Y.ptr, X.rows, X.cols);
  }

  axpby(alpha: number, x: Tensor, beta: number, y: Tensor): void {
    const [X, Y] = this.#sameShape('axpby', this.#own(x, 'axpby'), this.#own(y, 'axpby'));
    this.#k.axpby(alpha, X.ptr, beta, Y.ptr, X.rows * X.cols);
  }

  addSquares(alpha: number, g: Tensor, beta: number, s: Tensor): void {
    const [G, S] = this.#sameShape('addSquares', this.#own(g, 'addSquares'), this.#own(s, 'addSquares'));
    this.#k.addSquares(alpha, G.ptr, beta, S.ptr, G.rows * G.cols);
  }

  adaptiveStep(lr: number, m: Tensor, s: Tensor, sScale: number, eps: number, p: Tensor): void {
    const [M, S, P] = this.#sameShape('adaptiveStep', this.#own(m, 'adaptiveStep'), this.#own(s, 'adaptiveStep'), this.#own(p, 'adaptiveStep'));
    this.#k.adaptiveStep(lr, M.ptr, S.ptr, sScale, eps, P.ptr, M.rows * M.cols);
  }

  regularize(l1: number, l2: number, w: Tensor, g: Tensor): void {
    const [W, G] = this.#sameShape('regularize', this.#own(w, 'regularize'), this.#own(g, 'regularize'));
    this.#k.regularize(l1, l2, W.ptr, G.ptr, W.rows * W.cols);
  }

  compileStep(plan: StepPlan): WasmCompiledStep | undefined {
    const layers = this.#checkPlan(plan);
    // A loss or optimizer the step does not know (a custom rule) runs kernel by kernel.
    const codes = fusedCodes(plan);
    if (!codes) return undefined;
    const B = plan.ys[0]!.rows;
    const k = this.#k;
    let need = 0;
    layers.forEach(([nIn, nOut], j) => {
      need = Math.max(need, k.matMulScratch(B, nOut, nIn, false, false), k.matMulScratch(nIn, nOut, B, true, false));
      if (j > 0) need = Math.max(need, k.matMulScratch(B, nIn, nOut, false, true));
    });
    const threaded = this.maxThreads > 1 && (this.#parts.forceThreads || stepFlops(plan) >= threadThresholdFlops);
    this.#scratchFor(need, threaded ? this.maxThreads : 1);

    // The plan block: header, one record per layer, each row's cost (f64), each thread's
    // finiteness probe (f64), then the optimizer's coefficients (f64).
    const words = P_HEADER + LAYER_WORDS * layers.length;
    const rowCostOffset = Math.ceil((words * 4) / 8) * 8;
    const probesOffset = rowCostOffset + 8 * B;
    const coefficientsOffset = probesOffset + 8 * this.maxThreads;
    const ptr = this.#allocate(coefficientsOffset + 8 * coefficientCount, `a step plan for batch ${B}`);
    const w = this.#i32.subarray(ptr >> 2, (ptr >> 2) + words);
    const at = (t: Tensor | undefined): number => (t === undefined ? 0 : this.#own(t, 'compileStep').ptr);
    w.set([layers.length, B, at(plan.targets), ptr + rowCostOffset, ptr + probesOffset, codes.loss, codes.optimizer, ptr + coefficientsOffset]);
    const slots = plan.optimizer.slots;
    layers.forEach(([nIn, nOut], j) => {
      const [ws1, ws2] = slots[j] ?? [];
      const [bs1, bs2] = slots[layers.length + j] ?? [];
      w.set([nIn, nOut, plan.activations[j]!.id, at(plan.ys[j]!), at(plan.ys[j + 1]!), at(plan.weights[j]!), at(plan.biases[j]!),
        at(plan.dWeights[j]!), at(plan.dBiases[j]!), at(plan.dfs[j]!), at(plan.deltas[j]!), at(ws1), at(ws2), at(bs1), at(bs2)], P_HEADER + LAYER_WORDS * j);
    });

    const probes = new Float64Array(this.#i32.buffer, ptr + probesOffset, this.maxThreads);
    const coefficients = new Float64Array(this.#i32.buffer, ptr + coefficientsOffset, coefficientCount);
    const prepare = codes.optimizer < 0 ? () => {} : (t: number) => writeCoefficients(plan, t, coefficients);
    const block: LivePlan = { ptr, live: true };
    const compiled = threaded ? this.#threadedStep(block, probes, prepare) : this.#singleStep(block, probes, prepare);
    const heap = this.#heap;
    // The plan block goes back on dispose(), or when the step is collected: whichever comes first.
    const token = {};
    planRegistry.register(compiled, () => heap.release(ptr), token);
    compiled.dispose = () => {
      if (!block.live) return;
      block.live = false;
      planRegistry.unregister(token);
      heap.release(ptr);
    };
    return compiled;
  }

  memoryUsage(): { used: number; capacity: number } {
    return { used: this.#heap.used, capacity: this.#heap.capacity };
  }

  dispose(): void {
    this.#pool?.terminate();
    this.#pool = undefined;
    this.#disposed = true;
  }

  #singleStep(live: LivePlan, probes: Float64Array, prepare: (t: number) => void): WasmCompiledStep {
    const step = this.#k.step;
    const plan = live.ptr;
    return {
      threads: 1,
      run: (eta, t) => {
        this.#checkLive(live);
        prepare(t);
        return step(plan, eta, this.#scratch);
      },
      parametersFinite: () => probes[0] === 0,
    };
  }

  #threadedStep(live: LivePlan, probes: Float64Array, prepare: (t: number) => void): WasmCompiledStep {
    const pool = this.#startPool();
    const plan = live.ptr;
    const { step, threadedStep } = this.#k;
    const precision = this.precision === 'f64' ? 0 : 1;
    /** Threads of the last run: each wrote its own probe. */
    let ran = 1;
    // 'auto' keeps timing both ways, since both give the same bits: on a machine busier than its
    // cores, threads that keep waiting for a descheduled partner lose to one thread.
    const chooser = this.#parts.forceThreads ? undefined : new ThreadChooser();
    return {
      threads: pool.threads,
      run: (eta, t) => {
        this.#checkLive(live);
        prepare(t);
        // Until the workers have started, one thread computes the very same bits.
        if (!pool.ready) {
          ran = 1;
          return step(plan, eta, this.#scratch);
        }
        const threaded = chooser?.threaded() ?? true;
        const start = chooser ? performance.now() : 0;
        let cost: number;
        if (threaded) {
          ran = pool.threads;
          pool.start(plan, precision, this.#scratch, this.#scratchStride, eta);
          cost = threadedStep(this.#ctrl);
        } else {
          ran = 1;
          cost = step(plan, eta, this.#scratch);
        }
        chooser?.record(threaded, performance.now() - start);
        return cost;
      },
      parametersFinite: () => {
        for (let t = 0; t < ran; t++) if (probes[t] !== 0) return false;
        return true;
      },
    };
  }

  #checkLive(plan: LivePlan): void {
    if (this.#disposed) throw new Error(`engine "${this.name}" was disposed`);
    if (!plan.live) throw new Error(`${this.name}: this compiled step was disposed`);
  }

  async startThreads(): Promise<void> {
    if (this.maxThreads > 1) await this.#startPool().whenReady();
  }

  #startPool(): WorkerPool {
    if (!this.#pool) {
      const { spawn, module, memory } = this.#parts;
      this.#ctrl = this.#allocate(controlBlockBytes, 'the thread control block');
      const pool = new WorkerPool(spawn!, module, memory, this.#ctrl, this.maxThreads);
      this.#pool = pool;
      planRegistry.register(this, () => pool.terminate());
    }
    return this.#pool;
  }

  #scratchFor(bytesPerThread: number, slots: number): number {
    if (bytesPerThread > this.#scratchStride || slots > this.#scratchSlots) {
      const stride = Math.ceil(Math.max(bytesPerThread, this.#scratchStride) / 64) * 64;
      const count = Math.max(slots, this.#scratchSlots);
      const ptr = this.#allocate(stride * count, `${count} packing buffer(s) of ${stride} bytes`);
      if (this.#scratchSlots > 0) this.#heap.release(this.#scratch);
      this.#scratch = ptr;
      this.#scratchStride = stride;
      this.#scratchSlots = count;
    }
    return this.#scratch;
  }

  #allocate(bytes: number, what: string): number {
    if (this.#disposed) throw new Error(`engine "${this.name}" was disposed`);
    const ptr = this.#heap.allocate(bytes);
    if (ptr === undefined) {
      const mib = (n: number): string => (n / MiB).toFixed(1);
      throw new Error(
        `engine "${this.name}" is out of memory: ${what} needs ${bytes.toLocaleString('en-US')} bytes, ` +
          `${mib(this.#heap.used)} of ${mib(this.#heap.capacity)} MiB are in use. ` +
          `Create the engine with more memory, e.g. wasmEngine({ memoryMiB: ${2 ** Math.ceil(Math.log2((this.#heap.capacity + bytes) / MiB + 1))} }), or dispose networks you no longer need (network.dispose()).`,
      );
    }
    return ptr;
  }

  #own(t: Tensor, kernel: string): WasmTensor {
    if (!(t instanceof WasmTensor) || t.owner !== this) throw new TypeError(`${this.name}.${kernel}: the tensor belongs to another engine`);
    if (t.ptr < 0) throw new Error(`${this.name}.${kernel}: the tensor was freed`);
    return t;
  }

  #sameShape<T extends WasmTensor[]>(kernel: string, ...ts: T): T {
    const [first] = ts;
    for (const t of ts) {
      if (t.rows !== first!.rows || t.cols !== first!.cols) {
        throw new RangeError(`${this.name}.${kernel}: shapes differ (${ts.map((x) => `${x.rows}×${x.cols}`).join(', ')})`);
      }
    }
    return ts;
  }

  #overlaps(x: WasmTensor, y: WasmTensor): boolean {
    return x.ptr < y.ptr + y.rows * y.cols * this.#bytes && y.ptr < x.ptr + x.rows * x.cols * this.#bytes;
  }

  /** Checks that the plan's tensors are this engine's and fit together; returns [n_in, n_out] per layer. */
  #checkPlan(plan: StepPlan): [number, number][] {
    const L = plan.weights.length;
    const B = plan.ys[0]?.rows ?? 0;
    const fail = (what: string): never => {
      throw new RangeError(`${this.name}.compileStep: ${what}`);
    };
    if (L < 1 || plan.ys.length !== L + 1) fail(`${L} weight matrices but ${plan.ys.length} activations`);
    const lists = [plan.biases, plan.activations, plan.dfs, plan.deltas, plan.dWeights, plan.dBiases];
    if (lists.some((list) => list.length !== L)) fail('per-layer lists differ in length');
    const expect = (t: Tensor | undefined, rows: number, cols: number, what: string): void => {
      if (!t) return fail(`${what} is missing`);
      this.#own(t, 'compileStep');
      if (t.rows !== rows || t.cols !== cols) fail(`${what} is ${t.rows}×${t.cols}, expected ${rows}×${cols}`);
    };
    const layers = plan.weights.map((w): [number, number] => [w.rows, w.cols]);
    layers.forEach(([nIn, nOut], j) => {
      expect(plan.weights[j], nIn, nOut, `weights[${j}]`);
      expect(plan.ys[j], B, nIn, `ys[${j}]`);
      expect(plan.biases[j], 1, nOut, `biases[${j}]`);
      expect(plan.dfs[j], B, nOut, `dfs[${j}]`);
      expect(plan.deltas[j], B, nOut, `deltas[${j}]`);
      expect(plan.dWeights[j], nIn, nOut, `dWeights[${j}]`);
      expect(plan.dBiases[j], 1, nOut, `dBiases[${j}]`);
    });
    expect(plan.ys[L], B, layers[L - 1]![1], `ys[${L}]`);
    expect(plan.targets, B, layers[L - 1]![1], 'targets');
    // The optimizer's state: per parameter (weights, then biases) up to two tensors of its shape.
    const slots = plan.optimizer.slots;
    if (slots.length !== 0 && slots.length !== 2 * L) fail(`optimizer.slots has ${slots.length} entries for ${2 * L} parameters`);
    slots.forEach((list, k) => {
      const [rows, cols] = k < L ? layers[k]! : [1, layers[k - L]![1]];
      if (list.length > 2) fail(`optimizer.slots[${k}] has ${list.length} tensors, at most 2 fuse`);
      list.forEach((t, i) => expect(t, rows, cols, `optimizer.slots[${k}][${i}]`));
    });
    return layers;
  }
}
