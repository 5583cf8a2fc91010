import { Command } from 'commander';
import { InputError } from '../errors/InputError.js';
import { loadScenario } from '../scenario/loadScenario.js';
import { exitCode, type CliIO } from './CliIO.js';
import { formatError } from './formatError.js';

/**
 * `rxprop validate <scenario…>`: checks files without running them; reports every problem of
 * every file, exit code 2 when any file has one.
 *
 * @example
 * program.addCommand(validateCommand(io, (code) => (result = code)));
 */
export function validateCommand(io: CliIO, done: (code: number) => void): Command {
  return new Command('validate')
    .description('check scenario files (schema, sizes, expressions, data files) without running them')
    .argument('<scenario...>', 'scenario files (.yaml, .yml or .json; the extension may be left out)')
    .action(async (paths: string[]) => {
      let code: number = exitCode.ok;
      for (const path of paths) {
        try {
          const { scenario, phases } = await loadScenario(path, { cwd: io.cwd });
          const steps = phases.map((p) => p.training.steps ?? '?').join(' + ');
          io.stdout.write(`ok ${path}: ${scenario.name}, network [${scenario.network.layers.join(', ')}], ${phases.length} phase${phases.length === 1 ? '' : 's'}, ${steps} steps\n`);
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          io.stderr.write(formatError(e));
          code = exitCode.usage;
        }
      }
      done(code);
    });
}
