import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../errors/InputError.js';
import { loadMnist } from '../samplers/mnist/loadMnist.js';
import type { MnistDigits } from '../samplers/mnist/mnistDigits.js';
import type { FieldProblem } from './checkScenario.js';
import { locate, parseScenario } from './parseScenario.js';
import { readBatches, readDataset, type DataRows } from './readDataFile.js';
import { ScenarioError } from './ScenarioError.js';
import type { PhaseSpec, SamplerSpec, Scenario } from './scenarioSchema.js';

/** A phase with its data files read (for `dataset`, `batches` and `mnist` samplers). */
export interface LoadedPhase extends PhaseSpec {
  readonly data?: DataRows | readonly DataRows[] | MnistDigits;
}

/** A validated scenario, its phases normalised to a list, and where it came from. */
export interface LoadedScenario {
  readonly scenario: Scenario;
  readonly phases: readonly LoadedPhase[];
  /** The file as given, with the extension found. */
  readonly file: string;
}

const extensions = ['', '.yaml', '.yml', '.json'];

/**
 * Reads, parses and validates a scenario file, then reads the data files its samplers name and
 * checks their shapes against the network. `path` may omit the extension (`scenarios/seed-fit`)
 * and is resolved against `cwd`; messages name it as given. Any problem is a
 * {@link ScenarioError} listing all of them with file:line:column.
 *
 * @example
 * const { scenario, phases } = await loadScenario('scenarios/seed-fit');
 */
export async function loadScenario(path: string, options: { cwd?: string } = {}): Promise<LoadedScenario> {
  const cwd = options.cwd ?? process.cwd();
  const file = await findFile(path, cwd);
  const { scenario, source } = parseScenario(await readFile(resolve(cwd, file), 'utf8'), file);
  const specs: { phase: PhaseSpec; at: PropertyKey[] }[] = scenario.phases
    ? scenario.phases.map((phase, i) => ({ phase, at: ['phases', i] }))
    : [{ phase: { sampler: scenario.sampler!, training: scenario.training! }, at: [] }];
  const problems: FieldProblem[] = [];
  const phases = await Promise.all(
    specs.map(async ({ phase, at }): Promise<LoadedPhase> => {
      try {
        const data = await readSamplerData(phase.sampler, dirname(file), cwd, scenario.network.layers);
        return data === undefined ? phase : { ...phase, data };
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        problems.push({ path: [...at, 'sampler', phase.sampler.type === 'mnist' ? 'type' : 'file'], message: e.problem, ...(e.hint ? { hint: e.hint } : {}) });
        return phase;
      }
    }),
  );
  if (problems.length > 0) throw new ScenarioError(file, problems.map((p) => locate(source, p)));
  return { scenario, phases, file };
}

async function findFile(path: string, cwd: string): Promise<string> {
  for (const ext of extensions) {
    const candidate = `${path}${ext}`;
    const found = await stat(resolve(cwd, candidate)).then((s) => s.isFile(), () => false);
    if (found) return candidate;
  }
  throw new ScenarioError(path, [{ file: path, path: [], message: 'no such scenario file', hint: `looked for ${extensions.map((e) => `${path}${e}`).join(', ')}` }]);
}

/** Reads a sampler's data file, named relative to the scenario's directory `dir` (itself relative to `cwd`, as messages show it). */
async function readSamplerData(sampler: SamplerSpec, dir: string, cwd: string, layers: readonly number[]): Promise<DataRows | DataRows[] | MnistDigits | undefined> {
  if (sampler.type === 'mnist') return loadMnist();
  const nIn = layers[0]!;
  const nOut = layers[layers.length - 1]!;
  if (sampler.type === 'dataset') {
    const rows = await readDataset(join(dir, sampler.file), sampler.inputs ?? nIn, cwd);
    checkWidths(rows, '', nIn, nOut);
    return rows;
  }
  if (sampler.type === 'batches') {
    const batches = await readBatches(join(dir, sampler.file), cwd);
    batches.forEach((rows, i) => checkWidths(rows, `batches[${i}].`, nIn, nOut));
    return batches;
  }
  return undefined;
}

function checkWidths(rows: DataRows, prefix: string, nIn: number, nOut: number): void {
  const inWidth = rows.inputs[0]!.length;
  const outWidth = rows.targets[0]!.length;
  if (inWidth !== nIn) throw new InputError('file', `${prefix}inputs have ${inWidth} columns but network.layers[0] is ${nIn}`, 'match the input layer to the data');
  if (outWidth !== nOut) throw new InputError('file', `${prefix}targets have ${outWidth} columns but the output layer has ${nOut} units`, 'match the output layer to the data');
}
