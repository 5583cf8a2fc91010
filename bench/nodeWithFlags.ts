/**
 * The Node version and the V8/Node flags this process runs under (without `--import tsx`): the
 * benches print it, since `--single-threaded-gc` changes how threaded rows compare.
 *
 * @example
 * nodeWithFlags(); // 'v20.20.2 --single-threaded-gc'
 */
export const nodeWithFlags = (): string => [process.version, ...process.execArgv.filter((a) => a.startsWith('--') && a !== '--import')].join(' ');
