import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AtomicFile, writeFileAtomic } from '../../src/sinks/AtomicFile.js';

describe('AtomicFile', () => {
  it('shows nothing at the destination until commit, then the whole file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxprop-atomic-'));
    const path = join(dir, 'metrics.jsonl');
    const file = AtomicFile.open(path);
    const line = `${'x'.repeat(999)}\n`;
    for (let k = 0; k < 200; k++) file.append(line); // several 64 KiB flushes
    expect(readdirSync(dir)).not.toContain('metrics.jsonl');
    file.commit();
    expect(readFileSync(path, 'utf8')).toBe(line.repeat(200));
    expect(readdirSync(dir)).toEqual(['metrics.jsonl']);
  });

  it('leaves an existing file untouched and no temporary file when aborted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxprop-atomic-'));
    const path = join(dir, 'costs.csv');
    writeFileSync(path, 'old');
    const file = AtomicFile.open(path);
    file.append('new');
    file.abort();
    file.abort();
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['costs.csv']);
    expect(() => file.append('more')).toThrow(/after commit or abort/);
  });

  it('writes whole buffers atomically', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxprop-atomic-'));
    writeFileAtomic(join(dir, 'a.bin'), new Uint8Array([1, 2, 3]));
    writeFileAtomic(join(dir, 'b.txt'), 'hello');
    expect([...readFileSync(join(dir, 'a.bin'))]).toEqual([1, 2, 3]);
    expect(readFileSync(join(dir, 'b.txt'), 'utf8')).toBe('hello');
    expect(() => writeFileAtomic(join(dir, 'missing', 'c.txt'), 'x')).toThrow(/ENOENT/);
  });
});
