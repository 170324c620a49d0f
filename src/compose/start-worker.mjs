// Worker threads do not inherit the TypeScript loader the main thread runs with, so a worker
// starts here, registers it, and imports the TypeScript module named in its data.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
