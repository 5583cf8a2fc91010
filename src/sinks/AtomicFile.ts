import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isProcessAlive } from './isProcessAlive.js';

/**
 * A file written under a temporary name beside its destination and renamed into place only on
 * {@link AtomicFile.commit}: readers see the old file or the complete new one, never half of it,
 * and an aborted run leaves nothing behind. Appends are buffered and flushed synchronously in
 * 64 KiB chunks, so memory stays bounded however long the run. The temporary name carries the
 * pid, so the temporary files of a run that was killed can be found and removed
 * ({@link isTempFileOfDeadRun}).
 *
 * @example
 * const file = AtomicFile.open('out/metrics.jsonl');
 * file.append('{"step":1}\n');
 * file.commit();
 */
export class AtomicFile {
  #fd: number | undefined;
  #chunk = '';

  private constructor(
    readonly path: string,
    readonly tempPath: string,
  ) {
    this.#fd = openSync(tempPath, 'w');
  }

  /**
   * Opens a temporary file next to `path` (same directory, so the rename is atomic).
   *
   * @example
   * const file = AtomicFile.open('out/costs.csv');
   */
  static open(path: string): AtomicFile {
    const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2, 8) || '0'}.tmp`);
    return new AtomicFile(path, temp);
  }

  /**
   * Appends text (buffered).
   *
   * @example
   * file.append('step,cost\n');
   */
  append(text: string): void {
    if (this.#fd === undefined) throw new Error(`${this.path}: append after commit or abort`);
    this.#chunk += text;
    if (this.#chunk.length >= 65536) this.#flush();
  }

  /**
   * Appends bytes.
   *
   * @example
   * file.write(pngBuffer);
   */
  write(data: Uint8Array): void {
    this.#flush();
    this.#writeAll(data);
  }

  /**
   * Flushes, closes and renames the file into place.
   *
   * @example
   * file.commit();
   */
  commit(): void {
    this.#flush();
    closeSync(this.#fd!);
    this.#fd = undefined;
    renameSync(this.tempPath, this.path);
  }

  /**
   * Discards the temporary file; the destination is left as it was. Safe to call twice.
   *
   * @example
   * try { … } catch (e) { file.abort(); throw e; }
   */
  abort(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
    rmSync(this.tempPath, { force: true });
  }

  #flush(): void {
    if (this.#chunk === '') return;
    this.#writeAll(Buffer.from(this.#chunk));
    this.#chunk = '';
  }

  /** writeSync may write fewer bytes than asked (a file size limit, a full disk): loop until the rest fails loudly. */
  #writeAll(data: Uint8Array): void {
    for (let done = 0; done < data.length; ) done += writeSync(this.#fd!, data, done, data.length - done);
  }
}

/**
 * Writes a whole file atomically (temporary file + rename).
 *
 * @example
 * writeFileAtomic('out/cost.png', costPng(costs));
 */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const file = AtomicFile.open(path);
  try {
    if (typeof data === 'string') file.append(data);
    else file.write(data);
    file.commit();
  } catch (e) {
    file.abort();
    throw e;
  }
}

/**
 * Whether a file name is an {@link AtomicFile}'s temporary file whose process no longer exists
 * (killed before it could commit or abort): safe to delete.
 *
 * @example
 * isTempFileOfDeadRun('.metrics.jsonl.4242.k3j9x1.tmp'); // true when pid 4242 is gone
 */
export function isTempFileOfDeadRun(name: string): boolean {
  const pid = /^\..+\.(\d+)\.[0-9a-z]+\.tmp$/.exec(name)?.[1];
  return pid !== undefined && Number(pid) !== process.pid && !isProcessAlive(Number(pid));
}
