import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, realpathSync, rmdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { InputError } from '../errors/InputError.js';
import { isTempFileOfDeadRun } from '../sinks/AtomicFile.js';
import { isProcessAlive } from '../sinks/isProcessAlive.js';

/**
 * The lock file a run holds in its output folder (it contains the run's pid).
 *
 * @example
 * existsSync(join(dir, lockName)); // true while a run writes into dir
 */
export const lockName = '.rxprop.lock';

/**
 * A run's output folder, held for the run's duration. {@link OutputFolder.resolve} checks the
 * path without touching the disk; {@link OutputFolder.open} creates the folders, one level at a
 * time (Node 20's recursive `mkdirSync` spins forever on procfs), proves the folder can hold files
 * by creating the lock file `.rxprop.lock` (holding the pid), and removes temporary files left by
 * runs that died (`kill -9`). A second run into a held folder is refused unless forced; a lock
 * whose pid is dead is taken over. Every refusal is an {@link InputError} on `--out`.
 *
 * @example
 * const folder = OutputFolder.open(OutputFolder.resolve(options.out, scenario.name, cwd));
 * try { … } finally { folder.release(); }
 */
export class OutputFolder {
  private constructor(
    readonly dir: string,
    /** Folders this run created, deepest last. */
    private readonly created: readonly string[],
  ) {}

  /**
   * The output folder's absolute path: `out` (resolved against `cwd`), else `out/<name>`.
   * Refused: an empty `--out`, the working directory or any folder above it (the run's files
   * would overwrite files there), and a path naming an existing file.
   *
   * @example
   * OutputFolder.resolve(undefined, 'seed-fit', '/home/me'); // '/home/me/out/seed-fit'
   */
  static resolve(out: string | undefined, name: string, cwd: string): string {
    if (out !== undefined && out.trim() === '') throw new InputError('--out', 'is empty', 'name a folder for the files, e.g. --out out/run1');
    const dir = resolve(cwd, out ?? join('out', name));
    const kind = statOrUndefined(dir);
    // Compared after symbolic links, so that a link to the working directory is caught too.
    const up = relative(kind ? realpathSync(dir) : dir, realpathSync(cwd));
    if (up === '' || !up.startsWith('..')) {
      throw new InputError('--out', `${dir} is the working directory or a folder above it: the run's files would overwrite files there`, 'name a new folder, e.g. --out out/run1');
    }
    if (kind && !kind.isDirectory()) throw new InputError('--out', `${dir} is a file, not a folder`, 'name a folder');
    return dir;
  }

  /**
   * Creates `dir` and the folders above it that are missing, takes the lock and removes temporary
   * files of dead runs. `force` takes the lock even from a live run.
   *
   * @example
   * const folder = OutputFolder.open('/home/me/out/seed-fit');
   */
  static open(dir: string, options: { force?: boolean } = {}): OutputFolder {
    const created: string[] = [];
    const missing: string[] = [];
    for (let d = dir; statOrUndefined(d) === undefined && dirname(d) !== d; d = dirname(d)) missing.unshift(d);
    const folder = new OutputFolder(dir, created);
    try {
      for (const d of missing) {
        mkdirSync(d);
        created.push(d);
      }
      if (!statSync(dir).isDirectory()) throw new InputError('--out', `${dir} is a file, not a folder`, 'name a folder');
      folder.#lock(options.force ?? false);
    } catch (e) {
      folder.removeIfEmpty();
      if (e instanceof InputError) throw e;
      throw new InputError('--out', `cannot write in ${dir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'choose a folder you can write to');
    }
    for (const name of readdirSync(dir)) if (isTempFileOfDeadRun(name)) rmSync(join(dir, name), { force: true });
    return folder;
  }

  /**
   * Releases the lock, when this run holds it (and it was not taken over with --force).
   *
   * @example
   * folder.release();
   */
  release(): void {
    const path = join(this.dir, lockName);
    if (this.#held && readPid(path) === process.pid) rmSync(path, { force: true });
    this.#held = false;
  }

  /** Whether this run took the lock (a refused run must not remove the holder's). */
  #held = false;

  /**
   * Releases the lock and removes the folders this run created, if they hold nothing: a refused
   * or failed run leaves no empty folder behind.
   *
   * @example
   * folder.removeIfEmpty();
   */
  removeIfEmpty(): void {
    this.release();
    for (const d of [...this.created].reverse()) {
      try {
        rmdirSync(d);
      } catch {
        return; // not empty (or gone): leave it and the folders above it
      }
    }
  }

  #lock(force: boolean): void {
    const path = join(this.dir, lockName);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, 'wx');
        writeSync(fd, `${process.pid}\n`);
        closeSync(fd);
        this.#held = true;
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const pid = readPid(path);
      if (!force && pid !== undefined && isProcessAlive(pid)) {
        throw new InputError('--out', `${this.dir} is in use by another rxprop run (pid ${pid})`, 'wait for it, choose another --out, or pass --force to write there anyway');
      }
      rmSync(path, { force: true }); // stale (its run died) or forced: take it over
    }
    throw new InputError('--out', `${this.dir} is in use by another rxprop run`, 'choose another --out, or pass --force');
  }
}

function statOrUndefined(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function readPid(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

