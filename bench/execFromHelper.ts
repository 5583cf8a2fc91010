import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A request to the helper: run `file` with `args`, answer with `id`. */
export interface HelperRequest {
  readonly id: number;
  readonly file: string;
  readonly args: readonly string[];
}

/** The helper's answer: the program's output, or why it failed. */
export interface HelperReply {
  readonly id: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly error?: string;
}

const helperScript = fileURLToPath(new URL('./execHelper.ts', import.meta.url));
let helper: ChildProcess | undefined;
let nextId = 0;
const pending = new Map<number, { resolve: (r: { stdout: string; stderr: string }) => void; reject: (e: Error) => void }>();

/**
 * `execFile` run by a small helper process instead of by this one. A process that forks pays for
 * it afterwards: fork write-protects every page it has, and each page it writes next takes a fault.
 * On this bench's host a fault costs ~15 µs, and after spawning numpy from the bench's process the
 * next rxprop row read 40–100% slower for about a second (~9000 faults; the same python spawned
 * by a helper: ~40 faults and no slowdown; `npx tsx bench/fork-cost.ts`). The helper
 * is forked once, first, while this process is still small, and never holds anything itself.
 *
 * @example
 * const { stdout } = await execFromHelper('python3', ['-c', 'print(1)']);
 */
export function execFromHelper(file: string, args: readonly string[]): Promise<{ stdout: string; stderr: string }> {
  const child = startExecHelper();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    // Waiting for an answer keeps this process alive; an idle helper does not (see startExecHelper).
    child.channel?.ref();
    child.send({ id, file, args } satisfies HelperRequest);
  });
}

/**
 * The helper, started now (before the process grows) if it is not running yet.
 *
 * @example
 * startExecHelper(); // first thing in a bench
 */
export function startExecHelper(): ChildProcess {
  if (helper) return helper;
  const child = fork(helperScript, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  child.on('message', (reply: HelperReply) => {
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    if (pending.size === 0) child.channel?.unref();
    if (reply.error === undefined) waiting?.resolve({ stdout: reply.stdout, stderr: reply.stderr });
    else waiting?.reject(Object.assign(new Error(reply.error), { stdout: reply.stdout, stderr: reply.stderr }));
  });
  child.on('exit', (code, signal) => {
    helper = undefined;
    for (const { reject } of pending.values()) reject(new Error(`the exec helper process exited (${signal ?? `code ${code}`})`));
    pending.clear();
  });
  // An idle helper must not keep the bench alive.
  child.unref();
  child.channel?.unref();
  return (helper = child);
}
