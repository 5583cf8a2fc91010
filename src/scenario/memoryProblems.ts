import type { FieldProblem } from './checkScenario.js';
import { networkSchema, samplerSchema, trainingSchema } from './scenarioSchema.js';

/**
 * What a scenario may ask for: the WebAssembly engine's memory (its default size, declared in
 * full up front) and the arrays the run keeps in JavaScript (batches, animation frames, the cost
 * curve, the stop rule's window).
 *
 * @example
 * memoryBudget.engineBytes / 2 ** 20; // 256 (MiB)
 */
export const memoryBudget = { engineBytes: 256 * 2 ** 20, hostBytes: 1024 * 2 ** 20 } as const;

/** One part of the estimate, charged to the field that makes it large. */
interface Charge {
  readonly path: readonly PropertyKey[];
  readonly bytes: number;
  readonly what: string;
  readonly hint: string;
}

const f64 = 8;

/**
 * The memory a scenario needs, estimated from its numbers before anything is allocated (f64,
 * rounded up): parameters with their gradients and optimizer state, each phase's batch through
 * every layer, the snapshot grid through every layer; in JavaScript, the batches, the animation
 * frames kept for training.gif, 8 bytes per step of the cost curve and of an `until` window.
 * When the engine's or JavaScript's share exceeds {@link memoryBudget}, one problem is reported at
 * the field with the largest charge (`sampler.batchSize`, `network.layers[1]`, `snapshots.grid`,
 * `training.until.window`, …), with the estimate and what to change. Works on raw file data;
 * sections that do not parse are left to the schema's own messages.
 *
 * @example
 * memoryProblems({ network: { layers: [2, 100, 1], activations: 'relu' }, sampler: { type: 'function', target: 'x', box: [[0, 1], [0, 1]], batchSize: 1e9 }, training: { steps: 1, optimizer: { type: 'sgd', eta: 0.1 } } });
 * // [{ path: ['sampler', 'batchSize'], message: 'needs about 2.3 TiB of engine memory …' }]
 */
export function memoryProblems(data: Record<string, unknown>): FieldProblem[] {
  const network = networkSchema.safeParse(data['network']);
  if (!network.success) return [];
  const layers = network.data.layers;
  const units = layers.reduce((a, n) => a + n, 0);
  const [nIn, nOut] = [layers[0]!, layers[layers.length - 1]!];
  const engine: Charge[] = [];
  const host: Charge[] = [];

  let widest = 0;
  let params = 0;
  layers.forEach((n, i) => {
    if (i > 0) params += (layers[i - 1]! + 1) * n;
    if (n > layers[widest]!) widest = i;
  });
  // Weights and biases, their gradients, and room for two optimizer moments.
  engine.push({ path: ['network', 'layers', widest], bytes: 4 * params * f64, what: `a layer of ${layers[widest]} units (${params} parameters in all)`, hint: 'use fewer units' });

  const phases = Array.isArray(data['phases'])
    ? (data['phases'] as unknown[]).map((p, i) => ({ at: ['phases', i] as PropertyKey[], phase: (p ?? {}) as Record<string, unknown> }))
    : [{ at: [] as PropertyKey[], phase: data }];
  let totalSteps: number | undefined = 0;
  for (const { at, phase } of phases) {
    const sampler = samplerSchema.safeParse(phase['sampler']);
    if (sampler.success && 'batchSize' in sampler.data) {
      const b = sampler.data.batchSize;
      const path = [...at, 'sampler', 'batchSize'];
      // The inputs, then pre-activations, activations and deltas of every layer above them.
      engine.push({ path, bytes: b * (nIn + 3 * (units - nIn)) * f64, what: `a batch of ${b} through ${units} units`, hint: 'use a smaller batchSize' });
      host.push({ path, bytes: 2 * b * (nIn + nOut) * f64, what: `batches of ${b} samples`, hint: 'use a smaller batchSize' });
    }
    const training = trainingSchema.safeParse(phase['training']);
    if (!training.success) continue;
    const { steps, until } = training.data;
    totalSteps = steps === undefined || totalSteps === undefined ? undefined : totalSteps + steps;
    if (steps !== undefined) host.push({ path: [...at, 'training', 'steps'], bytes: steps * f64, what: `the cost curve of ${steps} steps`, hint: 'run fewer steps' });
    if (until) host.push({ path: [...at, 'training', 'until', 'window'], bytes: until.window * f64, what: `a window of ${until.window} costs`, hint: 'use a window of at most a few thousand steps' });
  }

  const snapshots = (data['snapshots'] ?? {}) as Record<string, unknown>;
  const grid = (snapshots['grid'] ?? {}) as Record<string, unknown>;
  const size = (v: unknown): number => (Number.isSafeInteger(v) && (v as number) > 0 ? (v as number) : 40);
  if (nIn === 2) {
    const cells = size(grid['nx']) * size(grid['ny']);
    const path = snapshots['grid'] === undefined ? ['snapshots'] : ['snapshots', 'grid'];
    engine.push({ path, bytes: 2 * cells * units * f64, what: `a ${cells}-point grid through ${units} units`, hint: 'use a smaller grid (nx, ny)' });
    const outputs = (data['outputs'] ?? {}) as Record<string, unknown>;
    const animation = outputs['animation'];
    if (animation !== false) {
      const maxFrames = size((animation as Record<string, unknown> | undefined)?.['maxFrames'] ?? 200);
      const every = size(snapshots['everySteps'] ?? Math.ceil((totalSteps ?? 10_000) / 100));
      const frames = Math.min(maxFrames + 1, totalSteps === undefined ? Infinity : Math.ceil(totalSteps / every) + 1);
      host.push({ path, bytes: frames * cells * f64, what: `${frames} animation frames of ${cells} points`, hint: 'use a smaller grid, fewer frames (outputs.animation.maxFrames) or fewer snapshots (snapshots.everySteps)' });
    }
  }
  // The widest layer also makes every batch and grid pass wide: charge it its share of those.
  const engineTotal = sum(engine);
  const [params$, ...passes] = engine;
  engine[0] = { ...params$!, bytes: params$!.bytes + (layers[widest]! / units) * sum(passes) };
  const engineProblem = over(engine, engineTotal, memoryBudget.engineBytes, 'engine memory');
  const hostProblem = over(host, sum(host), memoryBudget.hostBytes, 'memory outside the engine');
  // One problem per field: the engine's, when both point at the same one.
  return [engineProblem, hostProblem?.path.join() === engineProblem?.path.join() ? undefined : hostProblem].filter((p) => p !== undefined);
}

const sum = (charges: readonly Charge[]): number => charges.reduce((a, c) => a + c.bytes, 0);

/** The problem when `total` exceeds `budget`, at the field of the largest charge. */
function over(charges: readonly Charge[], total: number, budget: number, where: string): FieldProblem | undefined {
  if (total <= budget) return undefined;
  const top = charges.reduce((a, c) => (c.bytes > a.bytes ? c : a));
  return { path: top.path, message: `needs about ${bytes(total)} of ${where}, mostly for ${top.what}; at most ${bytes(budget)} is available`, hint: top.hint };
}

/** A byte count for people: `bytes(3 * 2 ** 30)` is '3 GiB'. */
function bytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) [n, i] = [n / 1024, i + 1];
  return `${Number(n.toPrecision(3))} ${units[i]}`;
}
