import { engineNames } from '../engine/createEngine.js';
import { InputError } from '../errors/InputError.js';
import type { LossName } from '../losses/Loss.js';
import { losses } from '../losses/losses.js';
import { compileTarget } from '../samplers/compileTarget.js';
import { memoryProblems } from './memoryProblems.js';
import { playgroundData } from '../samplers/playground/playgroundData.js';
import { networkSchema, samplerSchema, type SamplerSpec } from './scenarioSchema.js';
import { checkValidationSection } from './validationSchema.js';

/** A problem found by {@link checkScenario}, before it is given a file position. */
export interface FieldProblem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly hint?: string;
}

/**
 * Checks across fields that a schema cannot express: either `sampler` + `training` or `phases`;
 * the engine against the registry;
 * the input layer against each sampler's box; the output layer against each target; the
 * activations count against the layers; target expressions (unknown variables, syntax, and
 * evaluated at probe points inside the box: arguments mathjs refuses, non-finite values); whether
 * the requested pictures can be drawn; the memory the run needs ({@link memoryProblems}). Works on the raw file data, section by section, so it
 * reports alongside schema errors elsewhere in the file (all errors at once).
 *
 * @example
 * checkScenario({ network: { layers: [3, 1], activations: 'relu' }, sampler: { type: 'function', target: 'x', box: [[0, 1], [0, 1]], batchSize: 10 }, training: { steps: 1, optimizer: { type: 'sgd', eta: 0.1 } } });
 * // [{ path: ['sampler', 'box'], message: 'has 2 intervals but network.layers[0] is 3 …' }]
 */
export function checkScenario(raw: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return problems;
  const data = raw as Record<string, unknown>;
  const phases = phaseList(data, problems);
  const engine = data['engine'];
  if (typeof engine === 'string' && !engineNames().includes(engine)) {
    problems.push({ path: ['engine'], message: `unknown engine "${engine}"`, hint: `use one of: ${engineNames().join(', ')}` });
  }
  const network = networkSchema.safeParse(data['network']);
  if (!network.success) return problems;
  const { layers, activations } = network.data;
  const nIn = layers[0]!;
  const nOut = layers[layers.length - 1]!;
  if (Array.isArray(activations) && activations.length !== layers.length - 1) {
    problems.push({
      path: ['network', 'activations'],
      message: `lists ${activations.length} activations but network.layers has ${layers.length - 1} layers above the input`,
      hint: `give one name for all layers or exactly ${layers.length - 1} names`,
    });
  }
  const lastActivation = Array.isArray(activations) ? activations.at(-1) : activations;
  const lossName = network.data.loss;
  if (lossName !== undefined && losses[lossName as LossName].needsLinearOutput && lastActivation !== 'linear') {
    problems.push({
      path: ['network', 'loss'],
      message: `${lossName} needs a linear last layer (its outputs are the logits), but the last activation is ${lastActivation}`,
      hint: 'make the last activation linear, e.g. activations: [relu, linear]',
    });
  }
  let hasExpression = false;
  for (const { path, sampler } of phases) {
    problems.push(...checkSampler(sampler, path, nIn, nOut));
    if ((sampler.type === 'function' || sampler.type === 'fixed') && !isRandomTarget(sampler.target)) hasExpression = true;
  }
  problems.push(...checkValidationSection(data, lossName));
  const outputs = (data['outputs'] ?? {}) as Record<string, unknown>;
  if (nIn !== 2) {
    for (const key of ['prediction', 'animation', 'target'] as const) {
      if (outputs[key] !== undefined && outputs[key] !== false) {
        problems.push({ path: ['outputs', key], message: `needs a network with 2 inputs (pictures are drawn over the input plane), this one has ${nIn}`, hint: `remove outputs.${key} or set it to false` });
      }
    }
  } else if (outputs['target'] === true && !hasExpression) {
    problems.push({ path: ['outputs', 'target'], message: 'needs a phase whose sampler has a target expression', hint: 'remove outputs.target or set it to false' });
  }
  problems.push(...memoryProblems(data));
  return problems;
}

/** The phases whose sampler parses, with the path of that sampler; reports a bad sampler/training/phases combination. */
function phaseList(data: Record<string, unknown>, problems: FieldProblem[]): { path: PropertyKey[]; sampler: SamplerSpec }[] {
  const has = (key: string): boolean => data[key] !== undefined;
  if (has('phases')) {
    for (const key of ['sampler', 'training']) {
      if (has(key)) problems.push({ path: [key], message: `cannot be used together with phases`, hint: `move it into a phase, or remove phases` });
    }
    const phases = Array.isArray(data['phases']) ? data['phases'] : [];
    return phases.flatMap((phase: unknown, i) => {
      const parsed = samplerSchema.safeParse((phase as Record<string, unknown> | null)?.['sampler']);
      return parsed.success ? [{ path: ['phases', i, 'sampler'], sampler: parsed.data }] : [];
    });
  }
  if (!has('sampler') || !has('training')) {
    const missing = !has('sampler') && !has('training') ? 'sampler and training' : has('sampler') ? 'training' : 'sampler';
    problems.push({ path: has('sampler') ? ['sampler'] : has('training') ? ['training'] : [], message: `missing ${missing}`, hint: 'give sampler and training for one phase, or a list of phases' });
  }
  const sampler = samplerSchema.safeParse(data['sampler']);
  return sampler.success ? [{ path: ['sampler'], sampler: sampler.data }] : [];
}

function isRandomTarget(target: unknown): target is { random: [number, number][] } {
  return typeof target === 'object' && target !== null && !Array.isArray(target);
}

function checkSampler(sampler: SamplerSpec, path: readonly PropertyKey[], nIn: number, nOut: number): FieldProblem[] {
  if (sampler.type === 'playground') return checkPlayground(sampler, path, nIn, nOut);
  if (sampler.type === 'mnist') return checkMnist(path, nIn, nOut);
  if (sampler.type !== 'function' && sampler.type !== 'fixed') return [];
  const problems: FieldProblem[] = [];
  if (sampler.box.length !== nIn) {
    problems.push({
      path: [...path, 'box'],
      message: `has ${sampler.box.length} interval${sampler.box.length === 1 ? '' : 's'} but network.layers[0] is ${nIn} (one interval per input)`,
      hint: `give ${nIn} intervals, or change the input layer to ${sampler.box.length}`,
    });
  }
  const target = sampler.target;
  if (isRandomTarget(target)) {
    if (target.random.length !== nOut) {
      problems.push({ path: [...path, 'target', 'random'], message: `has ${target.random.length} intervals but the output layer has ${nOut} units`, hint: `give one interval per output unit` });
    }
    return problems;
  }
  const expressions = typeof target === 'string' ? [target] : target;
  if (expressions.length !== nOut) {
    problems.push({
      path: [...path, 'target'],
      message: `gives ${expressions.length} expression${expressions.length === 1 ? '' : 's'} but the output layer has ${nOut} unit${nOut === 1 ? '' : 's'}`,
      hint: nOut === 1 ? 'give one expression, or change the last layer size' : `give a list of ${nOut} expressions, one per output unit`,
    });
  }
  expressions.forEach((expression, i) => {
    const at = typeof target === 'string' ? [...path, 'target'] : [...path, 'target', i];
    try {
      probe(compileTarget(expression, sampler.box.length), sampler.box);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      problems.push({ path: at, message: e.problem, ...(e.hint ? { hint: e.hint } : {}) });
    }
  });
  return problems;
}

/**
 * Evaluates a compiled target at fixed points strictly inside the box (never on its edges or at
 * its centre, where a legitimate `log(x)` or `1/x` may be infinite but is never sampled), so an
 * expression that mathjs cannot evaluate or that is not finite fails validation, not the run.
 */
function probe(f: (x: ArrayLike<number>) => number, box: readonly (readonly [number, number])[]): void {
  const point = new Float64Array(box.length);
  for (let k = 0; k < 8; k++) {
    box.forEach(([lo, hi], d) => {
      const t = (0.1234 + k * 0.618034 + d * 0.414214) % 1;
      point[d] = lo + (hi - lo) * (0.05 + 0.9 * t);
    });
    const value = f(point);
    if (!Number.isFinite(value)) throw new InputError('target', `is ${value} at (${Array.from(point, (v) => Number(v.toPrecision(6))).join(', ')})`, 'the target must be finite everywhere in the box');
  }
}

/** A Playground sampler: its options together (drawing the points checks them), 2 inputs, 1 output (2 one-hot). */
function checkPlayground(sampler: Extract<SamplerSpec, { type: 'playground' }>, path: readonly PropertyKey[], nIn: number, nOut: number): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const { type: _, batchSize, epochs: __, ...options } = sampler;
  try {
    const { train } = playgroundData({ ...options, seed: 0 });
    if (batchSize > train.size) {
      problems.push({ path: [...path, 'batchSize'], message: `is ${batchSize} but the training part has ${train.size} points`, hint: 'lower batchSize or raise samples or trainFraction' });
    }
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    problems.push({ path: [...path, e.field], message: e.problem, ...(e.hint ? { hint: e.hint } : {}) });
  }
  if (nIn !== 2) problems.push({ path: [...path, 'problem'], message: `has 2 inputs (x, y) but network.layers[0] is ${nIn}`, hint: 'start the network with 2 units' });
  const width = sampler.encoding === 'one-hot' ? 2 : 1;
  if (nOut !== width) {
    problems.push({
      path: [...path, sampler.encoding === undefined ? 'problem' : 'encoding'],
      message: `gives ${width} target${width === 1 ? '' : 's'} per point but the output layer has ${nOut} unit${nOut === 1 ? '' : 's'}`,
      hint: width === 1 ? 'end the network with 1 unit, or use encoding: one-hot with 2' : 'end the network with 2 units',
    });
  }
  return problems;
}

/** An MNIST sampler: 784 pixels in, 10 digits out. */
function checkMnist(path: readonly PropertyKey[], nIn: number, nOut: number): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (nIn !== 784) problems.push({ path: [...path, 'type'], message: `gives 784 inputs (28×28 pixels) but network.layers[0] is ${nIn}`, hint: 'start the network with 784 units' });
  if (nOut !== 10) problems.push({ path: [...path, 'type'], message: `gives 10 targets (one-hot digits) but the output layer has ${nOut} unit${nOut === 1 ? '' : 's'}`, hint: 'end the network with 10 units' });
  return problems;
}
