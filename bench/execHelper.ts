// The helper process behind execFromHelper (execFromHelper.ts): runs each requested program with
// execFile and sends back its output. It exits when the bench does (the IPC channel closes).
import { execFile } from 'node:child_process';
import type { HelperReply, HelperRequest } from './execFromHelper.js';

process.on('message', ({ id, file, args }: HelperRequest) => {
  execFile(file, [...args], { maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
    process.send!({ id, stdout, stderr, ...(error ? { error: error.message } : {}) } satisfies HelperReply);
  });
});
process.on('disconnect', () => process.exit(0));
