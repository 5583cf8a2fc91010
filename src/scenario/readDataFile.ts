import { readFile, stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { InputError } from '../errors/InputError.js';

/** Inputs and targets as rows of numbers. */
export interface DataRows {
  readonly inputs: number[][];
  readonly targets: number[][];
}

/**
 * Reads a data set: JSON `{ "inputs": [[…]], "targets": [[…]] }`, or CSV of numbers whose first
 * `inputColumns` columns are inputs and the rest targets (a first row without numbers is a header).
 * Bad content is an {@link InputError} naming the row and column. `path` resolves against `cwd`.
 *
 * @example
 * const { inputs, targets } = await readDataset('data/xor.csv', 2);
 */
export async function readDataset(path: string, inputColumns: number, cwd = process.cwd()): Promise<DataRows> {
  const text = await readText(path, cwd);
  if (extname(path).toLowerCase() === '.csv') return splitColumns(parseCsv(text), inputColumns);
  return rowsOf(parseJson(text), '');
}

/**
 * Reads recorded batches: a JSON list of `{ inputs, targets }`, or an object holding such a list
 * under `batches` (the numpy reference's trace format).
 *
 * @example
 * const batches = await readBatches('test/fixtures/trace-relu-2-50-1.json');
 */
export async function readBatches(path: string, cwd = process.cwd()): Promise<DataRows[]> {
  const json = parseJson(await readText(path, cwd));
  const list = Array.isArray(json) ? json : (json as Record<string, unknown> | null)?.['batches'];
  if (!Array.isArray(list) || list.length === 0) {
    throw new InputError('file', 'holds no batches', 'give a JSON list of { "inputs": [[…]], "targets": [[…]] } or an object with a "batches" list');
  }
  return list.map((batch: unknown, i) => rowsOf(batch, `batches[${i}].`));
}

/**
 * Data files larger than this are refused before they are read (the rows are held in memory).
 *
 * @example
 * if (statSync(path).size > maxDataBytes) console.log('split the data set');
 */
export const maxDataBytes = 64 * 2 ** 20;

/**
 * Reads `path` (resolved against `cwd`); errors name it as given and never quote its content
 * (it may not be a data file at all).
 */
async function readText(path: string, cwd: string): Promise<string> {
  try {
    const { size } = await stat(resolve(cwd, path));
    if (size > maxDataBytes) throw new InputError('file', `${path} is ${size} bytes; a data file has at most ${maxDataBytes}`, 'use a smaller data set');
    return await readFile(resolve(cwd, path), 'utf8');
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError('file', code === 'ENOENT' ? `no such file: ${path}` : `cannot read ${path} (${code ?? 'unknown error'})`, 'paths are relative to the scenario file');
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    // V8's message quotes the text around the error; give only where it is.
    const at = /position (\d+)/.exec((e as Error).message)?.[1];
    throw new InputError('file', `is not valid JSON${at === undefined ? '' : ` (at character ${at})`}`, 'give { "inputs": [[…]], "targets": [[…]] }');
  }
}

function rowsOf(value: unknown, prefix: string): DataRows {
  const obj = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const inputs = matrix(obj['inputs'], `${prefix}inputs`);
  const targets = matrix(obj['targets'], `${prefix}targets`);
  if (inputs.length !== targets.length) {
    throw new InputError('file', `${prefix}inputs has ${inputs.length} rows but ${prefix}targets has ${targets.length}`, 'give one target row per input row');
  }
  return { inputs, targets };
}

function matrix(value: unknown, name: string): number[][] {
  if (!Array.isArray(value) || value.length === 0) throw new InputError('file', `${name} must be a non-empty list of rows of numbers`);
  const width = Array.isArray(value[0]) ? value[0].length : -1;
  value.forEach((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== width || width === 0) throw new InputError('file', `${name}[${i}] must be a row of ${width > 0 ? width : 'some'} numbers like the first row`);
    row.forEach((v: unknown, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError('file', `${name}[${i}][${j}] must be a finite number, found ${v === null ? 'null' : typeof v}`);
    });
  });
  return value as number[][];
}

function parseCsv(text: string): number[][] {
  const lines = text.split(/\r?\n/).map((line, i) => ({ line, number: i + 1 })).filter(({ line }) => line.trim() !== '');
  const cells = lines.map(({ line }) => line.split(',').map((c) => c.trim()));
  // A header names columns: no cell of it is a number. A first row with a number in it is data,
  // checked as such (one empty or overflowing cell used to make it a header, dropped unseen).
  const isHeader = cells[0]?.every((c) => c !== '' && Number.isNaN(Number(c))) ?? false;
  const rows = cells.slice(isHeader ? 1 : 0).map((row, i) =>
    row.map((c, j) => {
      const v = Number(c);
      if (c === '' || !Number.isFinite(v)) throw new InputError('file', `line ${lines[i + (isHeader ? 1 : 0)]!.number}, column ${j + 1}: expected a number, found ${c === '' ? 'an empty cell' : Number.isNaN(v) ? 'text' : String(v)}`);
      return v;
    }),
  );
  if (rows.length === 0) throw new InputError('file', 'has no data rows');
  return rows;
}

function splitColumns(rows: number[][], inputColumns: number): DataRows {
  const width = rows[0]!.length;
  const bad = rows.findIndex((row) => row.length !== width);
  if (bad >= 0) throw new InputError('file', `data row ${bad + 1} has ${rows[bad]!.length} columns, the first has ${width}`);
  if (width <= inputColumns) throw new InputError('file', `has ${width} columns, needs more than the ${inputColumns} input columns (the rest are targets)`);
  return { inputs: rows.map((r) => r.slice(0, inputColumns)), targets: rows.map((r) => r.slice(inputColumns)) };
}
