import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
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

/** Options of {@link loadScenario}. */
export interface LoadOptions {
  /** Relative paths resolve against this (default: the process's working directory). */
  readonly cwd?: string;
  /**
   * Let samplers read data files outside the scenario's folder (`../x.csv`, `/data/x.csv`).
   * Off by default: a scenario from elsewhere must not read any file on the machine.
   */
  readonly allowOutsideData?: boolean;
}

/**
 * Scenario files larger than this are refused before they are read: a scenario is a page of text.
 *
 * @example
 * if (statSync(file).size > maxScenarioBytes) console.log('too large for a scenario');
 */
export const maxScenarioBytes = 2 ** 20;

/**
 * Reads, parses and validates a scenario file, then reads the data files its samplers name and
 * checks their shapes against the network. `path` may omit the extension (`scenarios/seed-fit`)
 * and is resolved against `cwd`; messages name it as given. Data files resolve inside the
 * scenario's folder unless `allowOutsideData`. Any problem is a {@link ScenarioError} listing all
 * of them with file:line:column.
 *
 * @example
 * const { scenario, phases } = await loadScenario('scenarios/seed-fit');
 */
export async function loadScenario(path: string, options: LoadOptions = {}): Promise<LoadedScenario> {
  const cwd = options.cwd ?? process.cwd();
  const file = await findFile(path, cwd);
  const { scenario, source } = parseScenario(await readScenarioText(file, cwd), file);
  const specs: { phase: PhaseSpec; at: PropertyKey[] }[] = scenario.phases
    ? scenario.phases.map((phase, i) => ({ phase, at: ['phases', i] }))
    : [{ phase: { sampler: scenario.sampler!, training: scenario.training! }, at: [] }];
  const problems: FieldProblem[] = [];
  const phases = await Promise.all(
    specs.map(async ({ phase, at }): Promise<LoadedPhase> => {
      try {
        const data = await readSamplerData(phase.sampler, resolve(cwd, dirname(file)), options.allowOutsideData ?? false, scenario.network.layers);
        return data === undefined ? phase : { ...phase, data };
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        const field = phase.sampler.type === 'mnist' ? 'type' : e.field === 'batchSize' ? 'batchSize' : 'file';
        problems.push({ path: [...at, 'sampler', field], message: e.problem, ...(e.hint ? { hint: e.hint } : {}) });
        return phase;
      }
    }),
  );
  if (problems.length > 0) throw new ScenarioError(file, problems.map((p) => locate(source, p)));
  return { scenario, phases, file };
}

/** The scenario's text, refused when it is too large or cannot be read. */
async function readScenarioText(file: string, cwd: string): Promise<string> {
  const refuse = (message: string, hint?: string): ScenarioError => new ScenarioError(file, [{ file, path: [], message, ...(hint ? { hint } : {}) }]);
  const size = (await stat(resolve(cwd, file))).size;
  if (size > maxScenarioBytes) throw refuse(`is ${size} bytes; a scenario file has at most ${maxScenarioBytes}`, 'put large data in a data file (sampler type dataset)');
  try {
    return await readFile(resolve(cwd, file), 'utf8');
  } catch (e) {
    throw refuse(`cannot be read (${(e as NodeJS.ErrnoException).code ?? 'unknown error'})`, 'check the file\'s permissions');
  }
}

async function findFile(path: string, cwd: string): Promise<string> {
  for (const ext of extensions) {
    const candidate = `${path}${ext}`;
    const found = await stat(resolve(cwd, candidate)).then((s) => s.isFile(), () => false);
    if (found) return candidate;
  }
  // A folder (or a device) of that name exists: "no such file" would send the user looking for a typo.
  const other = await stat(resolve(cwd, path)).catch(() => undefined);
  const message = other === undefined ? 'no such scenario file' : `is ${other.isDirectory() ? 'a folder' : 'not a regular file'}, not a scenario file`;
  throw new ScenarioError(path, [{ file: path, path: [], message, hint: `looked for ${extensions.map((e) => `${path}${e}`).join(', ')}` }]);
}

/** Reads a sampler's data file, named relative to the scenario's folder `dir` (absolute). */
async function readSamplerData(sampler: SamplerSpec, dir: string, allowOutside: boolean, layers: readonly number[]): Promise<DataRows | DataRows[] | MnistDigits | undefined> {
  if (sampler.type === 'mnist') return loadMnist();
  const nIn = layers[0]!;
  const nOut = layers[layers.length - 1]!;
  if (sampler.type === 'dataset') {
    await checkDataPath(sampler.file, dir, allowOutside);
    const rows = await readDataset(sampler.file, sampler.inputs ?? nIn, dir);
    checkWidths(rows, '', nIn, nOut);
    if (sampler.batchSize > rows.inputs.length) {
      throw new InputError('batchSize', `is ${sampler.batchSize} but the data set has ${rows.inputs.length} rows`, `use a batchSize of at most ${rows.inputs.length}`);
    }
    return rows;
  }
  if (sampler.type === 'batches') {
    await checkDataPath(sampler.file, dir, allowOutside);
    const batches = await readBatches(sampler.file, dir);
    batches.forEach((rows, i) => checkWidths(rows, `batches[${i}].`, nIn, nOut));
    return batches;
  }
  return undefined;
}

/**
 * Refuses a data file outside the scenario's folder `dir` (absolute, or `../` out of it, also
 * through symbolic links) unless outside data is allowed. Nothing is read.
 */
async function checkDataPath(file: string, dir: string, allowOutside: boolean): Promise<void> {
  if (allowOutside) return;
  const path = resolve(dir, file);
  const outside = new InputError('file', `"${file}" is outside the scenario's folder`, 'put the data beside the scenario, or allow it explicitly (rxprop run --allow-outside-data)');
  if (isAbsolute(file) || !inside(dir, path)) throw outside;
  const [realDir, realPath] = await Promise.all([realpath(dir), realpath(path).catch(() => path)]);
  if (!inside(realDir, realPath)) throw outside;
}

function inside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

function checkWidths(rows: DataRows, prefix: string, nIn: number, nOut: number): void {
  const inWidth = rows.inputs[0]!.length;
  const outWidth = rows.targets[0]!.length;
  if (inWidth !== nIn) throw new InputError('file', `${prefix}inputs have ${inWidth} columns but network.layers[0] is ${nIn}`, 'match the input layer to the data');
  if (outWidth !== nOut) throw new InputError('file', `${prefix}targets have ${outWidth} columns but the output layer has ${nOut} units`, 'match the output layer to the data');
}
