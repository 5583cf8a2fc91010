import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/InputError.js';
import { readDataset } from '../../src/scenario/readDataFile.js';

const dir = mkdtempSync(join(tmpdir(), 'rxprop-data-'));
const csv = (name: string, text: string): string => {
  writeFileSync(join(dir, name), text);
  return name;
};

describe('readDataset (CSV)', () => {
  it('skips a header row of names and reads the numbers below it', async () => {
    expect(await readDataset(csv('header.csv', 'x,y,t\n1,2,3\n4,5,6\n'), 2, dir)).toEqual({ inputs: [[1, 2], [4, 5]], targets: [[3], [6]] });
    expect(await readDataset(csv('plain.csv', '1,2,3\r\n4,5,6\r\n'), 2, dir)).toEqual({ inputs: [[1, 2], [4, 5]], targets: [[3], [6]] });
  });

  // A first row with one bad cell among numbers is a broken data row, not a header: dropping it
  // lost a sample without a word.
  it.each([
    ['1,2,\n4,5,6\n', 'file: line 1, column 3: expected a number, found an empty cell'],
    ['1e999,2,3\n4,5,6\n', 'file: line 1, column 1: expected a number, found Infinity'],
    ['1,two,3\n4,5,6\n', 'file: line 1, column 2: expected a number, found text'],
  ])('refuses a first data row with a bad cell (%j), naming line and column', async (text, message) => {
    const error = await readDataset(csv('bad.csv', text), 2, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe(message);
  });
});
