import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { createEngine } from '../engine/createEngine.js';
import { InputError } from '../errors/InputError.js';
import { toFunction } from '../export/toFunction.js';
import { toOnnx } from '../export/toOnnx.js';
import { Network, type NetworkJSON } from '../network/Network.js';
import { writeFileAtomic } from '../sinks/AtomicFile.js';
import { exitCode, type CliIO } from './CliIO.js';

/**
 * `rxprop export <model.json> [--onnx model.onnx] [--precision float32|float64] [--js predict.js]`:
 * turns a saved model (the `model.json` every run writes, or `Network.toJSON()`) into an ONNX
 * model for any ONNX runtime and/or standalone JavaScript (`function predict(input)`, no imports).
 * The model is loaded through `Network.fromJSON` first, so a malformed file is refused naming the
 * field (exit 2) before anything is written, as is an output path that is a folder or lies in a
 * missing one; outputs are written atomically.
 *
 * @example
 * // rxprop export out/seed-fit/model.json --onnx seed-fit.onnx --js seed-fit.js
 * const code = await runCli(['export', 'model.json', '--onnx', 'model.onnx'], io);
 */
export function exportCommand(io: CliIO, done: (code: number) => void): Command {
  return new Command('export')
    .description('export a saved model (model.json) as ONNX and/or standalone JavaScript')
    .argument('<model>', 'a model.json written by `rxprop run` (or Network.toJSON())')
    .option('--onnx <file>', 'write an ONNX model (IR 7, opset 13)')
    .addOption(new Option('--precision <type>', 'ONNX tensor type').choices(['float32', 'float64']).default('float32'))
    .option('--js <file>', 'write standalone JavaScript: function predict(input) → outputs')
    .action(async (model: string, options: { onnx?: string; precision: 'float32' | 'float64'; js?: string }) => {
      if (options.onnx === undefined && options.js === undefined) throw new InputError('export', 'needs --onnx <file> and/or --js <file>', 'say what to write');
      // Both targets checked first: a bad second path must not leave the first file written.
      const onnxPath = options.onnx === undefined ? undefined : outputPath(io.cwd, options.onnx, '--onnx');
      const jsPath = options.js === undefined ? undefined : outputPath(io.cwd, options.js, '--js');
      const json = await readModel(resolve(io.cwd, model), model);
      // fromJSON checks every shape and value; the mathjs engine needs no kernels to be built.
      const network = Network.fromJSON(json, { engine: await createEngine('mathjs') });
      try {
        if (onnxPath !== undefined) {
          writeFileAtomic(onnxPath, toOnnx(network, { precision: options.precision }));
          io.stderr.write(`wrote ${options.onnx} (ONNX, ${options.precision})\n`);
        }
        if (jsPath !== undefined) {
          writeFileAtomic(jsPath, `${toFunction(network)}\n`);
          io.stderr.write(`wrote ${options.js} (JavaScript)\n`);
        }
      } finally {
        network.dispose();
      }
      done(exitCode.ok);
    });
}

async function readModel(path: string, shown: string): Promise<NetworkJSON> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new InputError('model', `cannot read ${shown}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, 'give the path of a model.json');
  }
  try {
    return JSON.parse(text) as NetworkJSON;
  } catch {
    throw new InputError('model', `${shown} is not JSON`, 'give a model.json written by rxprop run or Network.toJSON()');
  }
}

/** The absolute path of an output file, refused (naming its option) when it is a folder or its folder is missing. */
function outputPath(cwd: string, given: string, flag: string): string {
  const path = resolve(cwd, given);
  if (isFolder(path)) throw new InputError(flag, `${given} is a folder`, `give a file name, e.g. ${given.replace(/\/*$/, '')}/model${flag === '--js' ? '.js' : '.onnx'}`);
  if (!isFolder(dirname(path))) throw new InputError(flag, `the folder of ${given} does not exist`, 'create it first, or give another path');
  return path;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // missing, or below a file (ENOTDIR)
  }
}
