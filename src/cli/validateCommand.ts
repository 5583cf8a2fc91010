import { Command } from 'commander';
import { InputError } from '../errors/InputError.js';
import { loadScenario } from '../scenario/loadScenario.js';
import { exitCode, type CliIO } from './CliIO.js';
import { formatError } from './formatError.js';

/**
 * `rxprop validate <scenario…>`: checks files without running them; reports the problems of
 * every file (one failing does not stop the others), exit code 2 when any file has one.
 *
 * @example
 * program.addCommand(validateCommand(io, (code) => (result = code)));
 */
export function validateCommand(io: CliIO, done: (code: number) => void): Command {
  return new Command('validate')
    .description('check scenario files (schema, sizes, expressions, data files) without running them')
    .argument('<scenario...>', 'scenario files (.yaml, .yml or .json; the extension may be left out)')
    .option('--allow-outside-data', "let samplers read data files outside the scenario's folder")
    .action(async (paths: string[], options: { allowOutsideData?: boolean }) => {
      let code: number = exitCode.ok;
      for (const path of paths) {
        try {
          const { scenario, phases } = await loadScenario(path, { cwd: io.cwd, allowOutsideData: options.allowOutsideData === true });
          const steps = phases.map((p) => p.training.steps ?? '?').join(' + ');
          io.stdout.write(`ok ${path}: ${scenario.name}, network [${scenario.network.layers.join(', ')}], ${phases.length} phase${phases.length === 1 ? '' : 's'}, ${steps} steps\n`);
        } catch (e) {
          // Whatever went wrong with this file, the next ones are still checked.
          io.stderr.write(formatError(e));
          code = Math.max(code, e instanceof InputError ? exitCode.usage : exitCode.failure);
        }
      }
      done(code);
    });
}
