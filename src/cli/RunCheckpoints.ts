import { closeSync, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { checkCheckpoint, type TrainingCheckpoint } from '../checkpoint/TrainingCheckpoint.js';
import { InputError } from '../errors/InputError.js';
import type { NetworkJSON } from '../network/Network.js';
import type { ContinuedFiles, StreamedFile } from '../sinks/OutputWriter.js';

/** The folder inside a run's output folder that holds its latest checkpoint. */
export const checkpointFolder = 'checkpoint';

const streamed: readonly StreamedFile[] = ['metrics.jsonl', 'costs.csv'];

/** A checkpoint file: the run's state, and how many bytes of each streamed file's history belong to it. */
interface CheckpointFile extends TrainingCheckpoint {
  readonly files: Readonly<Record<StreamedFile, number>>;
}

/** Where `--resume` starts: the latest checkpoint and the streamed files' lines up to its step. */
export interface ResumePoint {
  readonly checkpoint: TrainingCheckpoint;
  readonly continued: ContinuedFiles;
  readonly lengths: Readonly<Record<StreamedFile, number>>;
  /** Set when the latest checkpoint was damaged and the previous one is used: what was wrong. */
  readonly fallback?: string;
}

/** The latest checkpoint, and the one before it (kept so that a damaged latest one is not the end). */
const latest = 'state.json';
const previous = 'previous.json';

/**
 * A CLI run's checkpoints, in `<out>/checkpoint/`: `state.json` (the latest
 * {@link TrainingCheckpoint}, replaced atomically: temporary file, fsync, the old one renamed to
 * `previous.json`, the new one renamed into place, fsync of the folder) and the history of
 * `metrics.jsonl` and `costs.csv` up to it (appended and fsynced before each state.json, so a
 * checkpoint's lines are on disk before it is; each checkpoint writes only the lines since the
 * last one). A `kill -9` at any point leaves the previous checkpoint or the new one, never a
 * torn one; lines appended after the last state.json are cut off on resume, and temporary files
 * of killed writes are ignored and removed. A latest checkpoint damaged anyway (a disk that lies
 * about fsync, a file cut short by hand) falls back to `previous.json`. Also writes `model.json`.
 *
 * @example
 * const checkpoints = RunCheckpoints.start(dir, undefined);
 * new OutputWriter(plan, { tee: checkpoints.tee });
 * run.checkpoints$.subscribe((c) => checkpoints.save(c));
 */
export class RunCheckpoints {
  readonly #folder: string;
  #pending: Record<StreamedFile, string> = { 'metrics.jsonl': '', 'costs.csv': '' };
  #lengths: Record<StreamedFile, number>;
  #saved: TrainingCheckpoint | undefined;

  private constructor(
    private readonly dir: string,
    lengths: Record<StreamedFile, number>,
    saved: TrainingCheckpoint | undefined,
  ) {
    this.#folder = join(dir, checkpointFolder);
    this.#lengths = lengths;
    this.#saved = saved;
  }

  /**
   * The latest checkpoint in `dir` and the streamed files' lines up to it, for `--resume` (read
   * only: the history is cut back to it at the resumed run's first save). An InputError (exit 2)
   * when there is none or it is damaged.
   *
   * @example
   * const point = RunCheckpoints.read('out/seed-fit');
   */
  static read(dir: string): ResumePoint {
    const folder = join(dir, checkpointFolder);
    const candidates = [latest, previous].map((name) => join(folder, name)).filter((path) => existsSync(path));
    if (candidates.length === 0) throw new InputError('--resume', `there is no checkpoint in ${dir} (no ${join(checkpointFolder, latest)})`, 'run without --resume to start afresh, or name the run\'s folder with --out');
    const problems: string[] = [];
    for (const path of candidates) {
      try {
        const point = readCheckpoint(folder, path);
        // A kill between the two renames of a save leaves only previous.json: nothing was damaged.
        if (problems.length === 0) return point;
        return { ...point, fallback: `${problems.join('; ')}: resuming from the checkpoint before it, ${path}` };
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        problems.push(`${path} ${e.field === '--resume' ? e.problem : `has ${e.field} that ${e.problem}`}`);
      }
    }
    throw new InputError('--resume', `no checkpoint in ${dir} can be read: ${problems.join('; ')}`, 'the checkpoint folder is damaged: start afresh without --resume');
  }

  /**
   * Starts checkpointing into `dir`: continuing a resumed run's history, or (a fresh run)
   * replacing any earlier run's checkpoint at its first save.
   *
   * @example
   * const checkpoints = RunCheckpoints.start(dir, options.resume ? point : undefined);
   */
  static start(dir: string, resumed: ResumePoint | undefined): RunCheckpoints {
    return new RunCheckpoints(dir, { 'metrics.jsonl': resumed?.lengths['metrics.jsonl'] ?? 0, 'costs.csv': resumed?.lengths['costs.csv'] ?? 0 }, resumed?.checkpoint);
  }

  /**
   * Before the first save: a fresh run removes an earlier run's checkpoint, a resumed one cuts its
   * history back to the checkpoint; temporary files of killed runs go. Nothing is touched before
   * (a run refused or failing first writes nothing).
   */
  #open(): void {
    if (this.#opened) return;
    const folder = this.#folder;
    if (this.#saved === undefined) rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    // Lines a killed run appended after its last state.json: the resumed run writes them again.
    for (const name of streamed) {
      const fd = openSync(join(folder, name), 'a');
      try {
        ftruncateSync(fd, this.#lengths[name]);
      } finally {
        closeSync(fd);
      }
    }
    removeDeadTemps(folder);
    this.#opened = true;
  }

  #opened = false;

  /** Give to the OutputWriter: collects the streamed files' lines until the next checkpoint. */
  readonly tee = (name: StreamedFile, text: string): void => {
    this.#pending[name] += text;
  };

  /** The latest checkpoint saved (or resumed from): its network is the last good model of a run that diverges later. */
  get saved(): TrainingCheckpoint | undefined {
    return this.#saved;
  }

  /**
   * Saves a checkpoint: the streamed lines since the last one appended and fsynced, then
   * state.json replaced atomically.
   *
   * @example
   * run.checkpoints$.subscribe((c) => checkpoints.save(c));
   */
  save(checkpoint: TrainingCheckpoint): void {
    if (this.#saved?.step === checkpoint.step && this.#pending['costs.csv'] === '') return;
    this.#open();
    const lengths = { ...this.#lengths };
    for (const name of streamed) {
      const text = Buffer.from(this.#pending[name]);
      const fd = openSync(join(this.#folder, name), 'a');
      try {
        writeAll(fd, text);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      lengths[name] += text.length;
    }
    this.#pending = { 'metrics.jsonl': '', 'costs.csv': '' };
    const file: CheckpointFile = { ...checkpoint, files: lengths };
    writeDurably(join(this.#folder, latest), JSON.stringify(file), join(this.#folder, previous));
    this.#lengths = lengths;
    this.#saved = checkpoint;
  }

  /**
   * After a failed run: removes the checkpoint folder when this run started one but saved no
   * checkpoint into it (a run that fails before its first checkpoint leaves nothing; an earlier
   * run's checkpoint it never touched stays); returns the checkpoint kept.
   *
   * @example
   * const kept = checkpoints.discardUnsaved();
   */
  discardUnsaved(): TrainingCheckpoint | undefined {
    if (this.#opened && this.#saved === undefined) rmSync(this.#folder, { recursive: true, force: true });
    return this.#saved;
  }

  /**
   * Writes `model.json` (Network.toJSON: architecture, parameters, optimizer state) into the run's folder, atomically.
   *
   * @example
   * checkpoints.saveModel(run.network.toJSON());
   */
  saveModel(model: NetworkJSON): string {
    removeDeadTemps(this.dir);
    const path = join(this.dir, 'model.json');
    writeDurably(path, JSON.stringify(model));
    return path;
  }
}

/**
 * Temporary name, write, fsync, rename, fsync of the folder: after a crash the file is the old one
 * or the new one, complete. With `keep`, the old one is first renamed to `keep`. A failed write
 * (a full disk) removes its temporary file.
 */
function writeDurably(path: string, text: string, keep?: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    const fd = openSync(temp, 'w');
    try {
      writeAll(fd, Buffer.from(text));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (keep !== undefined && existsSync(path)) renameSync(path, keep);
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
  const dir = openSync(join(path, '..'), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

/**
 * One checkpoint file and the streamed files' lines up to it; an InputError saying what is wrong
 * with it (not JSON, not a checkpoint, more lines counted than the history holds).
 */
function readCheckpoint(folder: string, path: string): ResumePoint {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new InputError('--resume', `is not valid JSON (${(e as Error).message})`);
  }
  const checkpoint = checkCheckpoint(parsed, 'checkpoint') as CheckpointFile;
  const texts = {} as Record<StreamedFile, string>;
  const lengths = {} as Record<StreamedFile, number>;
  for (const name of streamed) {
    const bytes = checkpoint.files?.[name];
    const file = join(folder, name);
    const data = existsSync(file) ? readFileSync(file) : Buffer.alloc(0);
    if (!(Number.isSafeInteger(bytes) && bytes >= 0 && bytes <= data.length)) {
      throw new InputError('--resume', `counts ${String(bytes)} bytes of ${file}, which holds ${data.length}`);
    }
    texts[name] = data.subarray(0, bytes).toString('utf8');
    lengths[name] = bytes;
  }
  const rows = texts['costs.csv'].split('\n').slice(1, -1).map((line) => line.split(','));
  const costs = rows.map((row) => Number(row[1]));
  // step,cost[,validation_cost[,validation_accuracy]]: the rows of evaluated steps, for cost.png.
  const validation = rows.filter((row) => (row[2] ?? '') !== '').map(([step, , cost, accuracy]) => ({ step: Number(step), cost: Number(cost), ...(accuracy !== undefined && accuracy !== '' ? { accuracy: Number(accuracy) } : {}) }));
  return { checkpoint, continued: { 'metrics.jsonl': texts['metrics.jsonl'], 'costs.csv': texts['costs.csv'], costs, validation }, lengths };
}

/** Removes the temporary files of {@link writeDurably} left in `dir` by processes that were killed. */
function removeDeadTemps(dir: string): void {
  for (const name of readdirSync(dir)) if (isDeadTemp(name)) rmSync(join(dir, name), { force: true });
}

/** writeSync may write fewer bytes than asked: loop until done (or a failure throws). */
function writeAll(fd: number, data: Uint8Array): void {
  for (let done = 0; done < data.length; ) done += writeSync(fd, data, done, data.length - done);
}

/** A temporary file of {@link writeDurably} whose process is gone. */
function isDeadTemp(name: string): boolean {
  const pid = /\.(\d+)\.tmp$/.exec(name)?.[1];
  if (pid === undefined || Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
