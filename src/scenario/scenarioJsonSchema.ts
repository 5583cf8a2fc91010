import { z } from 'zod';
import { scenarioSchema } from './scenarioSchema.js';

/**
 * The scenario schema as JSON Schema (draft 2020-12), describing files as written (defaults
 * optional). `rxprop schema` prints it; scenario files point editors at the copy in
 * `scenarios/rxprop-scenario.schema.json` for completion and inline errors.
 *
 * @example
 * fs.writeFileSync('scenario.schema.json', JSON.stringify(scenarioJsonSchema(), null, 2));
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  return { ...z.toJSONSchema(scenarioSchema, { io: 'input' }), title: 'rxprop scenario' };
}
