// The server's benchmark (`npm run bench` runs it through bench/run.ts): the leaderboard API under
// load on loopback, and the time from a webhook delivery to the leaderboard showing it, over a
// generated community of 100k people. The server runs in a child process, so the load generator
// (autocannon) does not share its event loop.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import { sign } from '@octokit/webhooks-methods';
import autocannon from 'autocannon';
import { createSeededRandom } from '../src/adapters/demo/seeded-random.ts';
import { openDatabase } from '../src/adapters/storage/create-database.ts';
import { createKyselyStore } from '../src/adapters/storage/kysely-store.ts';
import { loadLadderPolicy } from '../src/compose/ladder-services.ts';
import { loadLabelledPreset } from '../src/compose/load-scoring-choice.ts';
import { wireServe } from '../src/compose/serve-services.ts';
import type { ActivityKind } from '../src/core/activity.ts';
import type { SourceRecord } from '../src/core/source-record.ts';

/** The shape of the generated community. */
export interface BenchCommunityOptions {
  readonly people: number;
  readonly activities: number;
  /** The last day of activity, `YYYY-MM-DD`; activity spreads over the two years before it. */
  readonly end: string;
  readonly seed?: number;
}

/** What a community database holds, and whether it had to be built. */
export interface BenchCommunityInfo extends BenchCommunityOptions {
  readonly path: string;
  readonly built: boolean;
  readonly buildMs: number;
}

const COMMUNITY_CURSOR = 'bench:server-community';
const FORMAT_VERSION = 1;
const REPOS = Array.from({ length: 40 }, (_, index) => `bench-org/project-${index}`);
const KINDS: readonly { kind: ActivityKind; weight: number }[] = [
  { kind: 'issue_comment', weight: 0.4 },
  { kind: 'pr_reviewed', weight: 0.2 },
  { kind: 'review_comment', weight: 0.15 },
  { kind: 'pr_opened', weight: 0.12 },
  { kind: 'issue_opened', weight: 0.08 },
  { kind: 'commit', weight: 0.05 },
];
const DAY_MS = 86_400_000;

/** The login and GitHub id of generated person `index`. */
export function benchPerson(index: number): { readonly login: string; readonly githubId: number } {
  return { login: `bench-user-${index}`, githubId: 7_000_000 + index };
}

/**
 * Makes (once; a later call with the same options reuses it) a SQLite database of `people` people
 * and `activities` acts over two years ending `end`, with a long tail: a few people do much, most
 * do little, as in real communities. Written through the ingest store in batches, as an import
 * would. Every person acts at least once.
 */
export async function ensureBenchCommunity(
  path: string,
  options: BenchCommunityOptions,
): Promise<BenchCommunityInfo> {
  const wanted = JSON.stringify({ version: FORMAT_VERSION, ...options, seed: options.seed ?? 1 });
  const database = await openDatabase({ kind: 'sqlite', path });
  const store = createKyselyStore(database);
  try {
    if ((await store.readCursor(COMMUNITY_CURSOR)) === wanted) {
      return { ...options, path, built: false, buildMs: 0 };
    }
    const started = performance.now();
    const random = createSeededRandom(options.seed ?? 1);
    const endMs = Date.parse(`${options.end}T23:59:59Z`);
    const spanMs = 730 * DAY_MS;
    const weights = KINDS.map((entry) => entry.weight);
    let batch: SourceRecord[] = [];
    for (let index = 0; index < options.activities; index++) {
      // Everyone once, then a long tail: u^3 puts most acts on the first people.
      const personIndex = index < options.people ? index : Math.floor(options.people * random.next() ** 3);
      const person = benchPerson(personIndex);
      const kind = KINDS[random.weightedIndex(weights)]!.kind;
      const repo = REPOS[Math.floor(REPOS.length * random.next() ** 2)]!;
      const itemNumber = random.int(1, 50_000);
      const occurredAt = `${new Date(endMs - Math.floor(random.next() * spanMs)).toISOString().slice(0, 19)}Z`;
      const key = `${kind}:bench-${index}`;
      batch.push({
        source: 'gharchive',
        key: `bench-${index}`,
        occurredAt,
        payload: { bench: index },
        observations: [
          {
            kind: 'activity',
            activity: {
              key,
              kind,
              actor: { githubId: person.githubId, login: person.login },
              occurredAt,
              repo,
              itemNumber,
              url: `https://github.com/${repo}/issues/${itemNumber}`,
              details: kind === 'pr_reviewed' ? { reviewState: 'approved' } : {},
            },
          },
        ],
      });
      if (batch.length === 5000) {
        await store.writeBatch(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await store.writeBatch(batch);
    await store.writeCursor(COMMUNITY_CURSOR, wanted);
    return { ...options, path, built: true, buildMs: performance.now() - started };
  } finally {
    await database.close();
  }
}

/** A running server in a child process. */
export interface BenchServer {
  readonly url: string;
  readonly secret: string;
  /** Time from spawning to the first page of the default board being served (views computed). */
  readonly firstBoardMs: number;
  /** Time from spawning to the all-time board being served too. */
  readonly warmMs: number;
  stop(): Promise<void>;
}

const SECRET = 'bench-secret';

/**
 * Starts `rungs serve` over `path` in a child process on 127.0.0.1 (a free port), with the webhook
 * receiver on, and waits until the leaderboard has been computed once.
 */
export async function startBenchServer(
  path: string,
  options: { readonly now?: string } = {},
): Promise<BenchServer> {
  const started = performance.now();
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['serve', path, options.now ?? ''], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`the bench server exited with ${code}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  const warm = await fetch(`${url}/api/leaderboard?limit=50`);
  if (!warm.ok) throw new Error(`the bench server answered ${warm.status}`);
  await warm.arrayBuffer();
  const firstBoardMs = performance.now() - started;
  await (await fetch(`${url}/api/leaderboard?limit=1&window=all`)).arrayBuffer();
  return {
    url,
    secret: SECRET,
    firstBoardMs,
    warmMs: performance.now() - started,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The leaderboard API under load. */
export interface LoadMeasure {
  readonly path: string;
  readonly connections: number;
  readonly durationSeconds: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly errors: number;
  readonly non2xx: number;
}

/** Loads `path` with `connections` keep-alive connections for `durationSeconds` (autocannon). */
export async function measureLeaderboardLoad(
  url: string,
  options: { readonly path?: string; readonly connections?: number; readonly durationSeconds?: number } = {},
): Promise<LoadMeasure> {
  const path = options.path ?? '/api/leaderboard?window=ytd&limit=50';
  const connections = options.connections ?? 16;
  const durationSeconds = options.durationSeconds ?? 10;
  const result = await autocannon({
    url: `${url}${path}`,
    connections,
    duration: durationSeconds,
    pipelining: 1,
  });
  return {
    path,
    connections,
    durationSeconds,
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** How long deliveries took to be acknowledged and to show on the leaderboard. */
export interface VisibilityMeasure {
  readonly deliveries: number;
  readonly ackP50Ms: number;
  readonly ackP99Ms: number;
  readonly visibleP50Ms: number;
  readonly visibleP99Ms: number;
  readonly visibleMaxMs: number;
}

/**
 * Sends `deliveries` signed `issues.opened` deliveries (a bug report, worth points on every preset)
 * one after another, each for a random person of the community, and after each polls the
 * leaderboard API (searching for that person) until their points grew. Measures from the moment the
 * delivery is sent.
 */
export async function measureDeliveryVisibility(
  server: BenchServer,
  options: { readonly deliveries?: number; readonly people: number; readonly seed?: number },
): Promise<VisibilityMeasure> {
  const random = createSeededRandom(options.seed ?? 99);
  const count = options.deliveries ?? 200;
  // Issue numbers no earlier run used (the community database is reused between runs).
  const firstNumber = (Math.floor(Date.now() / 1000) % 2_000_000) * 1000;
  const acks: number[] = [];
  const visible: number[] = [];
  for (let index = 0; index < count; index++) {
    const person = benchPerson(random.int(0, options.people - 1));
    const before = await pointsOf(server.url, person.login);
    const number = firstNumber + index;
    const at = `${new Date(Date.now() - 1000).toISOString().slice(0, 19)}Z`;
    const body = JSON.stringify(issueOpened(person, number, at));
    const started = performance.now();
    const response = await fetch(`${server.url}/webhooks/github`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'issues',
        'x-github-delivery': `bench-${Date.now()}-${index}`,
        'x-hub-signature-256': await sign(server.secret, body),
      },
      body,
    });
    const answer = (await response.json()) as { status?: string; newActivities?: number };
    if (response.status !== 202 || answer.status !== 'stored' || answer.newActivities !== 1) {
      throw new Error(`a delivery was answered ${response.status} ${JSON.stringify(answer)}`);
    }
    acks.push(performance.now() - started);
    for (;;) {
      const points = await pointsOf(server.url, person.login);
      if (points > before) break;
      if (performance.now() - started > 10_000)
        throw new Error(`a delivery for ${person.login} never showed`);
    }
    visible.push(performance.now() - started);
  }
  return {
    deliveries: count,
    ackP50Ms: percentile(acks, 0.5),
    ackP99Ms: percentile(acks, 0.99),
    visibleP50Ms: percentile(visible, 0.5),
    visibleP99Ms: percentile(visible, 0.99),
    visibleMaxMs: Math.max(...visible),
  };
}

/** Everything the server benchmark measures. */
export interface ServerBenchReport {
  readonly community: BenchCommunityInfo;
  readonly firstBoardMs: number;
  readonly warmMs: number;
  readonly load: LoadMeasure;
  readonly visibility: VisibilityMeasure;
}

/** Builds (or reuses) the community at `db`, starts the server, and measures load then deliveries. */
export async function runServerBench(options: {
  readonly db: string;
  readonly people?: number;
  readonly activities?: number;
  readonly durationSeconds?: number;
  readonly connections?: number;
  readonly deliveries?: number;
}): Promise<ServerBenchReport> {
  const people = options.people ?? 100_000;
  const end = new Date().toISOString().slice(0, 10);
  const community = await ensureBenchCommunity(options.db, {
    people,
    activities: options.activities ?? 1_000_000,
    end,
  });
  const server = await startBenchServer(options.db);
  try {
    const load = await measureLeaderboardLoad(server.url, {
      durationSeconds: options.durationSeconds,
      connections: options.connections,
    });
    const visibility = await measureDeliveryVisibility(server, { deliveries: options.deliveries, people });
    return { community, firstBoardMs: server.firstBoardMs, warmMs: server.warmMs, load, visibility };
  } finally {
    await server.stop();
  }
}

/** The report as lines for BENCHMARKS.md and the console. */
export function formatServerBench(report: ServerBenchReport): string {
  const { community, load, visibility } = report;
  const ok = (pass: boolean): string => (pass ? 'meets the target' : 'MISSES the target');
  return [
    `community: ${community.people.toLocaleString('en-US')} people, ${community.activities.toLocaleString('en-US')} activities (SQLite); first board (default window) served ${Math.round(report.firstBoardMs)} ms after start, all-time board too after ${Math.round(report.warmMs)} ms`,
    `leaderboard API (${load.path}, ${load.connections} connections, ${load.durationSeconds} s): ${Math.round(load.requestsPerSecond)} requests/s, p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms, ${load.errors} errors, ${load.non2xx} non-2xx — ${ok(load.requestsPerSecond >= 2000 && load.p99Ms < 20)} (>= 2,000/s, p99 < 20 ms)`,
    `webhook delivery to leaderboard (${visibility.deliveries} deliveries): acknowledged p50 ${visibility.ackP50Ms.toFixed(1)} ms, p99 ${visibility.ackP99Ms.toFixed(1)} ms; visible p50 ${visibility.visibleP50Ms.toFixed(1)} ms, p99 ${visibility.visibleP99Ms.toFixed(1)} ms — ${ok(visibility.visibleP99Ms < 50)} (p99 < 50 ms)`,
  ].join('\n');
}

async function pointsOf(url: string, login: string): Promise<number> {
  const response = await fetch(`${url}/api/leaderboard?limit=1&q=${encodeURIComponent(login)}`);
  const board = (await response.json()) as { rows: { login: string; points: number }[] };
  return board.rows.find((row) => row.login === login)?.points ?? 0;
}

function issueOpened(person: { login: string; githubId: number }, number: number, at: string): unknown {
  const user = { login: person.login, id: person.githubId, type: 'User' };
  return {
    action: 'opened',
    issue: {
      number,
      title: 'A bench bug',
      user,
      labels: [{ name: 'bug' }],
      state: 'open',
      created_at: at,
      updated_at: at,
      html_url: `https://github.com/bench-org/project-0/issues/${number}`,
    },
    repository: { full_name: 'bench-org/project-0', name: 'project-0', owner: { login: 'bench-org' } },
    sender: user,
  };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
}

/** The child process: serves `path` until told to stop, and sends its port to the parent. */
async function serveChild(path: string, now: string): Promise<void> {
  const database = await openDatabase({ kind: 'sqlite', path });
  const policy = await loadLadderPolicy({ preset: 'kubestellar' });
  const scoring = loadLabelledPreset('balanced');
  const wiring = await wireServe(database, {
    rules: scoring.rules,
    scoring: scoring.label,
    policy,
    storage: { kind: 'sqlite', path },
    webhookSecret: SECRET,
    now: now === '' ? () => `${new Date().toISOString().slice(0, 19)}Z` : () => now,
    reportError: (error) => console.error('bench server error:', error),
  });
  const server = serve({ fetch: wiring.app.fetch, port: 0, hostname: '127.0.0.1' });
  server.once('listening', () => {
    const address = server.address();
    process.send?.({ port: typeof address === 'object' && address !== null ? address.port : 0 });
  });
  process.once('SIGTERM', () => {
    server.close();
    (server as typeof server & { closeAllConnections(): void }).closeAllConnections();
    void wiring
      .stop()
      .then(() => database.close())
      .then(() => process.exit(0));
  });
}

if (
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(process.argv[1]).href &&
  process.argv[2] === 'serve'
) {
  await serveChild(process.argv[3]!, process.argv[4] ?? '');
}
