// A worker thread of the file-check pool (check-pool.ts): checks the files it is sent, one at a time, and posts back
// progress and each outcome. Loaded ops are not sent back: only the verdict, stats and counterexample.
import { parentPort } from 'node:worker_threads';
import type { FileCheckRequest } from './check-file.ts';
import { loadFileChecker } from './compiled-checker.ts';

export interface WorkerTask {
  index: number;
  request: FileCheckRequest;
}

const port = parentPort;
if (!port) throw new Error('check-worker.ts runs only as a worker thread');
const { checkHistoryFile } = await loadFileChecker();
port.on('message', ({ index, request }: WorkerTask) => {
  const outcome = checkHistoryFile(request, { onProgress: (progress) => port.postMessage({ kind: 'progress', index, progress }) });
  port.postMessage({ kind: 'outcome', index, outcome });
});
