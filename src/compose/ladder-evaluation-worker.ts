import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../adapters/storage/create-database.ts';
import { KyselyChangeFeed } from '../adapters/storage/kysely-change-feed.ts';
import { KyselyRoleStore } from '../adapters/storage/kysely-role-store.ts';
import { createKyselyStore } from '../adapters/storage/kysely-store.ts';
import { createCommunityLadderKeeper, type LadderChanges } from '../app/ladder/community-ladder-keeper.ts';
import type { LadderPolicy } from '../core/ladder/ladder-policy.ts';
import type { ScoringRules } from '../core/scoring/scoring-rules.ts';
import type { StorageConfig } from './config.ts';

/** What the worker is started with. */
export interface LadderWorkerData {
  readonly storage: StorageConfig;
  readonly policy: LadderPolicy;
  readonly rules: ScoringRules;
  /** The community's automation accounts, lower-cased (a Set does not cross threads as is). */
  readonly botLogins: readonly string[];
}

/** A request to the worker, and its answer. */
export type LadderWorkerRequest = {
  readonly id: number;
  readonly asOf: string;
  /** What the stored records changed since the last request (see `CommunityLadderKeeper`). */
  readonly changed: LadderChanges;
};
export type LadderWorkerAnswer =
  | { readonly id: number; readonly ok: true; readonly evaluation: unknown }
  | { readonly id: number; readonly ok: false; readonly message: string };

// Evaluating everyone is seconds of synchronous work on a large community; here it runs on its own
// thread with its own connection, so the server keeps answering meanwhile.
const data = workerData as LadderWorkerData;
const database = await openDatabase(
  data.storage.kind === 'sqlite'
    ? { kind: 'sqlite', path: data.storage.path }
    : { kind: 'postgres', url: data.storage.url },
);
const store = createKyselyStore(database, { bots: { logins: new Set(data.botLogins) } });
const roles = new KyselyRoleStore(database);
// The index is kept here between requests; each request says what changed since the last one.
const keeper = createCommunityLadderKeeper(
  { activities: store, roles, meetings: roles, groups: store },
  new KyselyChangeFeed(database),
  { policy: data.policy, rules: data.rules },
);

parentPort!.on('message', (request: LadderWorkerRequest) => {
  keeper.evaluate(request.asOf, request.changed).then(
    (evaluation) =>
      parentPort!.postMessage({ id: request.id, ok: true, evaluation } satisfies LadderWorkerAnswer),
    (error: unknown) =>
      parentPort!.postMessage({
        id: request.id,
        ok: false,
        message: error instanceof Error ? error.message : String(error),
      } satisfies LadderWorkerAnswer),
  );
});
parentPort!.postMessage('ready');
