import { Command, CommanderError } from 'commander';
import { InputError } from '../errors/InputError.js';
import { exitCode, type CliIO } from './CliIO.js';
import { exportCommand } from './exportCommand.js';
import { formatError } from './formatError.js';
import { packageVersion } from './packageVersion.js';
import { replayCommand } from './replayCommand.js';
import { runCommand } from './runCommand.js';
import { runExtensions, type RunExtension } from './runExtensions.js';
import { schemaCommand } from './schemaCommand.js';
import { validateCommand } from './validateCommand.js';

/**
 * The `rxprop` command line, runnable in-process: parses `argv` (without `node` and the script),
 * runs the command, and returns the exit code — 0 success, 1 the run failed, 2 a usage or
 * scenario error. Nothing is thrown and no stack trace is printed.
 *
 * @example
 * process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() });
 */
export async function runCli(argv: readonly string[], io: CliIO, extensions: readonly RunExtension[] = runExtensions): Promise<number> {
  const program = new Command('rxprop')
    .description('Reactive neural-network training: run scenario files, get pictures.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showSuggestionAfterError(true)
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  let code: number = exitCode.ok;
  const done = (c: number): void => {
    code = c;
  };
  program.addCommand(runCommand(io, done, extensions));
  program.addCommand(validateCommand(io, done));
  program.addCommand(schemaCommand(io));
  program.addCommand(replayCommand(io, done));
  program.addCommand(exportCommand(io, done));
  // Subcommands inherit the parent's output and error settings only when added after they are set.
  for (const command of program.commands) command.configureOutput(program.configureOutput()).showSuggestionAfterError(true).showHelpAfterError('(add --help for usage)').exitOverride();
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return exitCode.usage;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version exit with 0; every other commander error is a usage error (already printed).
      return e.exitCode === 0 ? exitCode.ok : exitCode.usage;
    }
    io.stderr.write(formatError(e));
    return e instanceof InputError ? exitCode.usage : exitCode.failure;
  }
}
