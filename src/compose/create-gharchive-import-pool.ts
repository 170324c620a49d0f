import { Worker } from 'node:worker_threads';
import type { GhArchiveFileImporter, GhArchiveFileSummary } from '../app/import-gharchive-range.ts';
import type { IngestProgress } from '../app/ingest.ts';
import type { StorageConfig } from './config.ts';
import type {
  GhArchiveWorkerData,
  GhArchiveWorkerMessage,
  GhArchiveWorkerRequest,
} from './gharchive-import-worker.ts';

/** A file importer spread over worker threads; close it when the import is done. */
export interface GhArchiveImportPool extends GhArchiveFileImporter {
  /** Lets every worker close its connection and end. */
  close(): Promise<void>;
}

interface PoolWorker {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  readonly exited: Promise<void>;
  busy: boolean;
}

/**
 * Starts `size` worker threads, each with its own connection to `storage`, and imports each file
 * given to `importFile` on an idle one (callers keep at most `size` files under way). A file whose
 * import fails rejects with the worker's message; a worker that dies rejects its file and every
 * later one given to it.
 */
export function createGhArchiveImportPool(storage: StorageConfig, size: number): GhArchiveImportPool {
  let nextId = 0;
  const waiting = new Map<
    number,
    {
      resolve: (summary: GhArchiveFileSummary) => void;
      reject: (error: Error) => void;
      onProgress: IngestProgress;
    }
  >();

  const start = (): PoolWorker => {
    const data = { storage } satisfies GhArchiveWorkerData;
    // Compiled (dist/), the worker is plain JavaScript. From the sources, a worker does not inherit
    // the TypeScript loader (tsx) the main thread runs with: start-worker.mjs registers it first.
    const worker = import.meta.url.endsWith('.js')
      ? new Worker(new URL('./gharchive-import-worker.js', import.meta.url), { workerData: data })
      : new Worker(new URL('./start-worker.mjs', import.meta.url), {
          workerData: { ...data, module: new URL('./gharchive-import-worker.ts', import.meta.url).href },
        });
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    const ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (message: 'ready' | GhArchiveWorkerMessage) => {
        if (message === 'ready') return resolve();
        const pending = waiting.get(message.id);
        if (pending === undefined) return;
        if (message.kind === 'progress') return pending.onProgress(message.seen);
        waiting.delete(message.id);
        if (message.kind === 'done') pending.resolve(message.summary);
        else pending.reject(new Error(message.message));
      });
      const fail = (error: Error): void => {
        reject(error);
        for (const [id, pending] of waiting) {
          if (owners.get(id) !== worker) continue;
          waiting.delete(id);
          pending.reject(error);
        }
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`a GH Archive import worker exited (${code})`)));
    });
    ready.catch(() => {});
    return { worker, ready, exited, busy: false };
  };

  const owners = new Map<number, Worker>();
  const workers: PoolWorker[] = Array.from({ length: Math.max(1, size) }, start);

  return {
    async importFile(path, filter, onProgress) {
      const idle = workers.find((candidate) => !candidate.busy);
      if (idle === undefined) throw new Error(`more than ${workers.length} files were given at once`);
      idle.busy = true;
      try {
        await idle.ready;
        const id = nextId++;
        owners.set(id, idle.worker);
        return await new Promise<GhArchiveFileSummary>((resolve, reject) => {
          waiting.set(id, { resolve, reject, onProgress });
          idle.worker.postMessage({ id, path, filter } satisfies GhArchiveWorkerRequest);
        }).finally(() => owners.delete(id));
      } finally {
        idle.busy = false;
      }
    },
    async close() {
      await Promise.all(
        workers.map(async ({ worker, ready, exited }) => {
          const started = await ready.then(
            () => true,
            () => false,
          );
          // A started worker closes its connection first; one that failed to start is ended.
          if (started) worker.postMessage('close');
          else await worker.terminate();
          await exited;
        }),
      );
    },
  };
}
