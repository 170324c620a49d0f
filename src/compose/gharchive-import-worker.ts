import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../adapters/storage/create-database.ts';
import { KyselyIngestStore } from '../adapters/storage/kysely-ingest-store.ts';
import type { GhArchiveFileSummary, GhArchiveRangeFilter } from '../app/import-gharchive-range.ts';
import type { StorageConfig } from './config.ts';
import { importGhArchiveFile } from './import-gharchive-file.ts';

/** What the worker is started with. */
export interface GhArchiveWorkerData {
  readonly storage: StorageConfig;
}

/** A file to import, and what the worker says about it. */
export interface GhArchiveWorkerRequest {
  readonly id: number;
  readonly path: string;
  readonly filter: GhArchiveRangeFilter;
}
export type GhArchiveWorkerMessage =
  | { readonly id: number; readonly kind: 'progress'; readonly seen: number }
  | { readonly id: number; readonly kind: 'done'; readonly summary: GhArchiveFileSummary }
  | { readonly id: number; readonly kind: 'failed'; readonly message: string };

// One file at a time on this thread, through its own connection: decompressing, parsing and mapping
// are CPU work, so several workers read several hour files at once. Writes are idempotent, so the
// order files land in does not change what is stored.
const data = workerData as GhArchiveWorkerData;
const database = await openDatabase(
  data.storage.kind === 'sqlite'
    ? { kind: 'sqlite', path: data.storage.path }
    : { kind: 'postgres', url: data.storage.url },
);
const store = new KyselyIngestStore(database);

parentPort!.on('message', (request: GhArchiveWorkerRequest | 'close') => {
  if (request === 'close') {
    database.close().then(() => parentPort!.close());
    return;
  }
  const post = (message: GhArchiveWorkerMessage): void => parentPort!.postMessage(message);
  importGhArchiveFile(store, request.path, request.filter, (seen) =>
    post({ id: request.id, kind: 'progress', seen }),
  ).then(
    (summary) => post({ id: request.id, kind: 'done', summary }),
    (error: unknown) =>
      post({
        id: request.id,
        kind: 'failed',
        message: error instanceof Error ? error.message : String(error),
      }),
  );
});
parentPort!.postMessage('ready');
