import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

/** A scenario as plain data, to mutate. */
export type ScenarioData = Record<string, unknown>;

/**
 * Writes a variant of a scenario file into a fresh temporary folder (or `dir`) and returns its
 * path: the file parsed, changed by `mutate`, written back as YAML (or `text` written as is).
 *
 * @example
 * const path = scenarioVariant('scenarios/seed-fit.yaml', (s) => ((s['sampler'] as ScenarioData)['batchSize'] = 1e9));
 */
export function scenarioVariant(base: string, mutate: (scenario: ScenarioData) => void, options: { dir?: string; name?: string } = {}): string {
  const data = parse(readFileSync(base, 'utf8')) as ScenarioData;
  mutate(data);
  return writeScenario(stringify(data, { lineWidth: 0 }), options);
}

/**
 * Writes scenario text into a fresh temporary folder (or `dir`) and returns its path.
 *
 * @example
 * const path = writeScenario('name: x\n');
 */
export function writeScenario(text: string, options: { dir?: string; name?: string } = {}): string {
  const path = join(options.dir ?? mkdtempSync(join(tmpdir(), 'rxprop-variant-')), options.name ?? 'variant.yaml');
  writeFileSync(path, text);
  return path;
}

/**
 * The object at a dotted path with [i] indices, e.g. `phases[0].sampler`, made on the way.
 *
 * @example
 * at(scenario, 'training.optimizer').eta = -1;
 */
export function at(data: ScenarioData, path: string): ScenarioData {
  let node: Record<string, unknown> | unknown[] = data;
  for (const key of path.split(/\.|\[(\d+)\]/).filter((k) => k !== undefined && k !== '')) {
    const next = (node as Record<string, unknown>)[key];
    node = (next ?? ((node as Record<string, unknown>)[key] = {})) as Record<string, unknown>;
  }
  return node as ScenarioData;
}
