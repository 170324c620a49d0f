// GitHub sync benchmark: a simulated org (50 repositories, 100k issues and pull requests with
// their comments, reviews and events) served by the local fake GitHub in a worker thread, synced
// into SQLite through the real client, plugins, source, use case and store. Reports items per
// second and requests per item for the backfill, and what a second run with nothing changed costs.
// Run alone: node --import tsx bench/sync-bench.ts [--repos 50] [--items 100000] [--concurrency 8]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { createGitHubClient } from '../src/adapters/github-api/create-github-client.ts';
import { OctokitSyncSource } from '../src/adapters/github-api/octokit-sync-source.ts';
import { openDatabase } from '../src/adapters/storage/create-database.ts';
import { createKyselyStore } from '../src/adapters/storage/kysely-store.ts';
import { type SyncSummary, syncGitHub } from '../src/app/sync/sync-github.ts';

/** Options of {@link runSyncBench}. */
export interface SyncBenchOptions {
  /** Repositories in the org (default 50). */
  readonly repos?: number;
  /** Issues and pull requests in all (default 100,000). */
  readonly items?: number;
  /** Per-item reads under way at once (default 8; the CLI's default is 1, as GitHub advises). */
  readonly concurrency?: number;
  /** The SQLite file to sync into (default: a new temp file, removed afterwards). */
  readonly dbPath?: string;
}

/** What the benchmark measured. */
export interface SyncBenchResult {
  readonly repos: number;
  /** Issues and pull requests served. */
  readonly items: number;
  /** Every API entry served: items, comments, reviews, review comments, events. */
  readonly served: number;
  readonly backfill: {
    readonly seconds: number;
    readonly requests: number;
    readonly entries: number;
    readonly itemsPerSecond: number;
    readonly entriesPerSecond: number;
    readonly requestsPerItem: number;
    readonly requestsPerEntry: number;
    readonly newRecords: number;
    readonly newActivities: number;
    readonly problems: number;
  };
  /** A second run with nothing changed upstream: conditional requests only. */
  readonly unchanged: { readonly seconds: number; readonly requests: number; readonly newRecords: number };
  readonly concurrency: number;
}

/** Runs the sync benchmark and returns its measurements. */
export async function runSyncBench(options: SyncBenchOptions = {}): Promise<SyncBenchResult> {
  const repos = options.repos ?? 50;
  const items = options.items ?? 100_000;
  const concurrency = options.concurrency ?? 8;
  const folder = options.dbPath === undefined ? mkdtempSync(join(tmpdir(), 'rungs-sync-bench-')) : null;
  const dbPath = options.dbPath ?? join(folder!, 'rungs.db');

  // The worker loads this file through tsx's API: preloads do not reach worker threads on Node 20.
  const worker = new Worker(
    `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); });`,
    { eval: true, workerData: { repos, items } },
  );
  try {
    const { url, served } = await new Promise<{ url: string; served: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    const database = await openDatabase({ kind: 'sqlite', path: dbPath });
    try {
      const store = createKyselyStore(database);
      const run = async (): Promise<{ summary: SyncSummary; seconds: number }> => {
        const client = createGitHubClient({ auth: { kind: 'token', token: 'bench' }, baseUrl: url });
        const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
        const source = new OctokitSyncSource(client, { now });
        const started = performance.now();
        const summary = await syncGitHub(
          source,
          { ingest: store, cursors: store },
          { target: { kind: 'org', org: BENCH_ORG }, concurrency, now },
        );
        if (summary.stopped !== null) throw new Error(`the benchmark sync stopped: ${summary.stopped}`);
        return { summary, seconds: (performance.now() - started) / 1000 };
      };
      const first = await run();
      const second = await run();
      const backfill = first.summary;
      return {
        repos,
        items,
        served,
        concurrency,
        backfill: {
          seconds: round(first.seconds),
          requests: backfill.requests,
          entries: backfill.entries,
          itemsPerSecond: Math.round(items / first.seconds),
          entriesPerSecond: Math.round(backfill.entries / first.seconds),
          requestsPerItem: round(backfill.requests / items, 4),
          requestsPerEntry: round(backfill.requests / backfill.entries, 4),
          newRecords: backfill.ingest.newRecords,
          newActivities: backfill.ingest.newActivities,
          problems: backfill.ingest.problemCount,
        },
        unchanged: {
          seconds: round(second.seconds),
          requests: second.summary.requests,
          newRecords: second.summary.ingest.newRecords,
        },
      };
    } finally {
      await database.close();
    }
  } finally {
    await worker.terminate();
    if (folder !== null) rmSync(folder, { recursive: true, force: true });
  }
}

const BENCH_ORG = 'bench-org';

function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** In the worker: builds the simulated org in a fake GitHub server and reports its address. */
async function serveSimulatedOrg(repos: number, items: number): Promise<void> {
  const { FakeGitHub } = await import('../test/sync/fake-github-server.ts');
  const github = new FakeGitHub({ token: 'bench', rateLimit: 1_000_000_000 });
  let seed = 12345;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const users = Array.from({ length: 2000 }, (_, i) => ({ id: 5_000_000 + i, login: `dev-${i}` }));
  const bots = [{ id: 49699333, login: 'dependabot[bot]', type: 'Bot' as const }];
  const labels = [
    'bug',
    'enhancement',
    'documentation',
    'good first issue',
    'kind/cleanup',
    'triage/accepted',
  ];
  const start = Date.parse('2023-01-01T00:00:00Z');
  const span = 2 * 365 * 86_400_000;
  const iso = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}Z`;
  let served = 0;

  for (let r = 0; r < repos; r += 1) {
    const name = `${BENCH_ORG}/repo-${String(r).padStart(2, '0')}`;
    github.addRepo(name);
    const perRepo = Math.floor(items / repos) + (r < items % repos ? 1 : 0);
    for (let n = 1; n <= perRepo; n += 1) {
      const created = start + Math.floor((span * n) / perRepo) + Math.floor(random() * 3_600_000);
      const isPull = random() < 0.45;
      const author = random() < 0.05 ? pick(bots) : pick(users);
      const closed = random() < 0.75;
      const closedAt = closed ? created + Math.floor(random() * 20 * 86_400_000) : null;
      const merged = isPull && closed && random() < 0.8;
      const updated = (closedAt ?? created) + Math.floor(random() * 86_400_000);
      github.addIssue(name, {
        number: n,
        user: author,
        labels: random() < 0.6 ? [pick(labels)] : [],
        createdAt: iso(created),
        updatedAt: iso(updated),
        state: closed ? 'closed' : 'open',
        stateReason: closed && !isPull ? (random() < 0.85 ? 'completed' : 'not_planned') : null,
        closedAt: closedAt === null ? null : iso(closedAt),
        pull: isPull ? { mergedAt: merged && closedAt !== null ? iso(closedAt) : null } : null,
      });
      served += 1;
      const comments = Math.floor(random() * 3);
      for (let c = 0; c < comments; c += 1) {
        const at = iso(created + Math.floor(random() * Math.max(updated - created, 1)));
        github.addComment(name, { issueNumber: n, user: pick(users), createdAt: at });
        served += 1;
      }
      if (isPull) {
        const reviews = Math.floor(random() * 3);
        for (let v = 0; v < reviews; v += 1) {
          const at = iso(created + Math.floor(random() * Math.max(updated - created, 1)));
          const review = github.addReview(name, {
            pullNumber: n,
            user: pick(users),
            state: pick(['APPROVED', 'COMMENTED', 'CHANGES_REQUESTED'] as const),
            submittedAt: at,
          });
          served += 1;
          if (random() < 0.4) {
            github.addReviewComment(name, {
              issueNumber: n,
              reviewId: review.id,
              user: review.user,
              createdAt: at,
            });
            served += 1;
          }
        }
      }
      if (closedAt !== null) {
        github.addEvent(name, {
          issueNumber: n,
          actor: pick(users),
          event: 'closed',
          createdAt: iso(closedAt),
        });
        served += 1;
      }
      if (random() < 0.5) {
        github.addEvent(name, {
          issueNumber: n,
          actor: pick(users),
          event: 'labeled',
          createdAt: iso(created + 60_000),
        });
        served += 1;
      }
    }
  }
  const url = await github.start();
  parentPort?.postMessage({ url, served });
}

if (!isMainThread) {
  const data = workerData as { repos: number; items: number };
  await serveSimulatedOrg(data.repos, data.items);
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const flag = (name: string): number | undefined => {
    const index = args.indexOf(`--${name}`);
    return index < 0 ? undefined : Number(args[index + 1]);
  };
  const result = await runSyncBench({
    repos: flag('repos'),
    items: flag('items'),
    concurrency: flag('concurrency'),
  });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
