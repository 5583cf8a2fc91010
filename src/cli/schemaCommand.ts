import { Command } from 'commander';
import { scenarioJsonSchema } from '../scenario/scenarioJsonSchema.js';
import type { CliIO } from './CliIO.js';

/**
 * `rxprop schema`: prints the scenario JSON Schema, for editors
 * (`rxprop schema > scenarios/rxprop-scenario.schema.json`).
 *
 * @example
 * program.addCommand(schemaCommand(io));
 */
export function schemaCommand(io: CliIO): Command {
  return new Command('schema')
    .description('print the JSON Schema of scenario files (for editor completion)')
    .action(() => {
      io.stdout.write(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
    });
}
