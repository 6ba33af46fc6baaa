// Checks many history files on several cores: a pool of worker threads, each taking the next file as soon as it is
// free. Outcomes come back in completion order with their request's index. Under tsx (TypeScript sources) the
// workers register tsx themselves before loading check-worker; from compiled JavaScript they load it directly.
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FileCheckOutcome, FileCheckRequest } from './check-file.ts';
import type { SearchProgress } from './index.ts';

export interface PoolHandlers {
  onOutcome(index: number, outcome: FileCheckOutcome): void;
  onProgress?(index: number, progress: SearchProgress): void;
}

type WorkerMessage = { kind: 'progress'; index: number; progress: SearchProgress } | { kind: 'outcome'; index: number; outcome: FileCheckOutcome };

/** Worker bootstrap: registers tsx when the entry is TypeScript, then imports the entry. */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsx) (await import(workerData.tsx)).register();
  await import(workerData.entry);
})();`;

/** Extra heap above a worker's memory budget, for the loaded history and the runtime itself. */
const HEAP_SLACK_MB = 256;

function startWorker(memoryMB: number | undefined): Worker {
  const ownExtension = extname(fileURLToPath(import.meta.url));
  const entry = new URL(`./check-worker${ownExtension}`, import.meta.url).href;
  const tsx = ownExtension === '.ts' ? import.meta.resolve('tsx/esm/api') : undefined;
  return new Worker(BOOTSTRAP, {
    eval: true,
    workerData: { entry, tsx },
    ...(memoryMB !== undefined ? { resourceLimits: { maxOldGenerationSizeMb: memoryMB + HEAP_SLACK_MB } } : {}),
  });
}

/** Checks `requests` with up to `jobs` worker threads; resolves when every outcome has been handed over. */
export function checkFilesInWorkers(requests: readonly FileCheckRequest[], jobs: number, handlers: PoolHandlers): Promise<void> {
  let nextTask = 0;
  let finished = 0;
  return new Promise((resolve) => {
    if (requests.length === 0) return resolve();
    const launch = (): void => {
      const worker = startWorker(requests[0]!.memoryMB);
      let current = -1;
      const feed = (): void => {
        if (nextTask >= requests.length) {
          void worker.terminate();
          return;
        }
        current = nextTask++;
        worker.postMessage({ index: current, request: requests[current] });
      };
      const settle = (index: number, outcome: FileCheckOutcome): void => {
        handlers.onOutcome(index, outcome);
        if (++finished === requests.length) resolve();
      };
      worker.on('message', (message: WorkerMessage) => {
        if (message.kind === 'progress') handlers.onProgress?.(message.index, message.progress);
        else {
          current = -1;
          settle(message.index, message.outcome);
          feed();
        }
      });
      worker.on('error', (error) => {
        // The worker died (e.g. its heap limit): its file failed; a fresh worker takes over the rest.
        if (current >= 0)
          settle(current, { file: requests[current]!.file, kind: 'failed', message: `${requests[current]!.file}: the checker thread died: ${error.message}` });
        current = -1;
        if (nextTask < requests.length) launch();
      });
      feed();
    };
    for (let j = 0; j < Math.min(jobs, requests.length); j++) launch();
  });
}
