import type { Matrix } from 'mathjs';
import type { Snapshot } from '../operators/Snapshot.js';
import type { FlatMatrix, SnapshotData } from '../protocol/protocol.js';

/**
 * A snapshot as compact wire data: the prediction (and a classifier's confidence) flattened
 * row-major, every number rounded to 6 significant digits (plenty for a picture, about half the JSON of full doubles: ~13 KB for the
 * seed's 40×40 grid), weights and biases only when asked for. A diverged run's NaN or ±Infinity
 * becomes `null` in JSON; nothing here throws on them, because serving must never end a run.
 *
 * @example
 * JSON.stringify(encodeSnapshot(snapshot, { weights: false }));
 */
export function encodeSnapshot(snapshot: Snapshot, options: { readonly weights: boolean }): SnapshotData {
  const data: SnapshotData = {
    step: snapshot.step,
    cost: round(snapshot.cost),
    time: snapshot.time,
    grid: snapshot.grid,
    prediction: flatten(snapshot.prediction).data,
    // A confidence only shades a colour: 3 decimals are plenty (~5 bytes a grid point).
    ...(snapshot.confidence ? { confidence: flatten(snapshot.confidence, roundTo3).data } : {}),
  };
  if (!options.weights) return data;
  return { ...data, weights: snapshot.weights.map((w) => flatten(w)), biases: snapshot.biases.map((b) => flatten(b).data) };
}

/**
 * Rounds to 6 significant digits, leaving non-finite values alone.
 *
 * @example
 * round(0.123456789); // 0.123457
 */
export const round = (v: number): number => (Number.isFinite(v) ? Number(v.toPrecision(6)) : v);

/**
 * {@link round} over an array, into a plain array (for JSON).
 *
 * @example
 * roundAll(new Float64Array([Math.PI])); // [3.14159]
 */
export function roundAll(values: ArrayLike<number>): number[] {
  const out = new Array<number>(values.length);
  for (let k = 0; k < values.length; k++) out[k] = round(values[k]!);
  return out;
}

/** A mathjs matrix (or vector, as one row) flattened row-major and rounded; reads the matrix without copying it first. */
function flatten(m: Matrix, roundRow: (values: readonly number[]) => number[] = roundAll): FlatMatrix {
  const rows = m.valueOf() as unknown as readonly number[] | readonly (readonly number[])[];
  if (rows.length === 0 || typeof rows[0] === 'number') return { rows: 1, cols: rows.length, data: roundRow(rows as readonly number[]) };
  const nested = rows as readonly (readonly number[])[];
  return { rows: nested.length, cols: nested[0]!.length, data: nested.flatMap(roundRow) };
}

/** Values in [0, 1] to 3 decimals (non-finite ones left alone, for JSON's null). */
function roundTo3(values: readonly number[]): number[] {
  return values.map((v) => (Number.isFinite(v) ? Math.round(v * 1000) / 1000 : v));
}
