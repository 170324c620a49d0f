// Evaluating everyone from storage, the way the product does (`readCommunityLadder`'s steps): the
// generated ladder community is written once into a SQLite database (kept under .bench), then read
// back in column batches into the index and evaluated, against the baseline of reading the columns
// alone; then the server's path, the keeper, through rounds of new acts. Run by bench/run.ts as its
// own phase, so its peak memory is its own.
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createSeededRandom, deriveSeed } from '../src/adapters/demo/seeded-random.ts';
import { loadLadderPreset } from '../src/adapters/presets/load-ladder-preset.ts';
import type { Database } from '../src/adapters/storage/create-database.ts';
import { openDatabase } from '../src/adapters/storage/create-database.ts';
import { KyselyChangeFeed } from '../src/adapters/storage/kysely-change-feed.ts';
import { KyselyRoleStore } from '../src/adapters/storage/kysely-role-store.ts';
import type { Store } from '../src/adapters/storage/kysely-store.ts';
import { createKyselyStore } from '../src/adapters/storage/kysely-store.ts';
import { createCommunityLadderKeeper } from '../src/app/ladder/community-ladder-keeper.ts';
import type { RoleStore, StoredRoleAssignment } from '../src/app/ladder/role-store.ts';
import { rulesForPolicy } from '../src/compose/ladder-services.ts';
import { ACTIVITY_KINDS } from '../src/core/activity.ts';
import { createLadderEngineFromIndex } from '../src/core/ladder/create-ladder-engine.ts';
import type { CommunityEvaluation } from '../src/core/ladder/evaluate-community.ts';
import { evaluateCommunity } from '../src/core/ladder/evaluate-community.ts';
import { createLadderFactIndexBuilder, LADDER_DETAIL_KINDS } from '../src/core/ladder/ladder-fact-index.ts';
import type { RoleAssignment } from '../src/core/ladder/role-assignment.ts';
import { generateLadderBenchCommunity, type LadderBenchCommunity } from './ladder-bench.ts';

/** What {@link measureLadderFromStorage} measured, per ladder. */
export interface LadderStorageBenchResult {
  readonly path: string;
  readonly people: number;
  readonly activities: number;
  /** Time to write the database, or 0 when an earlier run's was reused. */
  readonly buildMs: number;
  readonly presets: readonly {
    readonly preset: string;
    /** Baseline: reading every act into columns, nothing else. */
    readonly readMs: number;
    /** People read, acts read in columns into the index, everyone evaluated. */
    readonly totalMs: number;
    readonly eligible: number;
    /** The server's path: the keeper's first evaluation, then rounds of new acts. */
    readonly kept: KeeperResult;
  }[];
}

/** What the keeper measured over SQLite. */
export interface KeeperResult {
  /** The keeper's first evaluation: everything read, the index built with room, everyone evaluated. */
  readonly firstMs: number;
  readonly rounds: readonly {
    readonly acts: number;
    readonly people: number;
    /** Reading who exists, who acted when, those acts; patching; evaluating everyone. */
    readonly ms: number;
  }[];
}

/** New acts per measured round: a quiet few seconds, and the most the dashboard patches in one look. */
const ROUNDS = [50, 2000] as const;
const ROUND_KEY = 'bench-round:';

/**
 * The product's one-shot path (`readCommunityLadder`'s steps): people read, acts read in columns
 * into the index, everyone evaluated. Only figures leave: the index is let go before the keeper's.
 */
async function measureColdPath(
  store: Store,
  preset: string,
  roles: readonly RoleAssignment[],
  asOf: string,
): Promise<{ readonly totalMs: number; readonly eligible: number; readonly eligibleDigest: string }> {
  const policy = loadLadderPreset(preset);
  const rules = rulesForPolicy(policy);
  const started = performance.now();
  const people = new Map((await store.readPeople()).map((person) => [person.id, person] as const));
  const builder = createLadderFactIndexBuilder({ people, rules, policy });
  for await (const batch of store.readActivityColumns({ to: asOf }, { detailKinds: LADDER_DETAIL_KINDS }))
    builder.addColumns(batch);
  const engine = createLadderEngineFromIndex(builder.finish(), { policy, people, roles });
  const evaluation = evaluateCommunity(engine, asOf);
  return {
    totalMs: performance.now() - started,
    eligible: evaluation.eligible.length,
    eligibleDigest: digestOfEligible(evaluation),
  };
}

/** A hash of who is eligible for what, with the traces, to check two paths agree. */
function digestOfEligible(evaluation: CommunityEvaluation): string {
  const hash = createHash('sha256');
  for (const entry of evaluation.eligible) hash.update(JSON.stringify(entry));
  return hash.digest('hex');
}

/**
 * The server's ladder worker keeps its index (`CommunityLadderKeeper`): its first evaluation reads
 * everything; then, for each round, new acts are written straight into the activities table (by
 * people drawn as the community's acts are: the busiest most often, before `asOf`) and the keeper
 * is told their keys, as the dashboard's watch would. The first evaluation must agree with the
 * one-shot path (`expectedEligible`); the round's acts are removed afterwards so the database stays
 * reusable.
 */
async function measureKeeper(
  database: Database,
  store: Store,
  preset: string,
  roles: readonly RoleAssignment[],
  asOf: string,
  expectedEligible: string,
): Promise<KeeperResult> {
  const policy = loadLadderPreset(preset);
  const rules = rulesForPolicy(policy);
  const people = await store.readPeople();
  const loginOf = new Map(people.map((person) => [person.id, person.login] as const));
  const stored: StoredRoleAssignment[] = roles.map((role) => ({
    id: role.id,
    login: loginOf.get(role.personId)!,
    level: role.level,
    scope: role.scope,
    since: role.since,
    until: role.until,
    decision: role.decision,
    endedBy: null,
    previousLevel: role.previousLevel,
  }));
  const roleStore: RoleStore = {
    readRoleAssignments: async () => stored,
    addRoleAssignment: () => Promise.reject(new Error('the bench roster is read-only')),
    endRoleAssignment: () => Promise.reject(new Error('the bench roster is read-only')),
  };
  const roleReader = new KyselyRoleStore(database);
  const keeper = createCommunityLadderKeeper(
    { activities: store, roles: roleStore, meetings: roleReader, groups: store },
    new KyselyChangeFeed(database),
    { policy, rules },
  );
  const started = performance.now();
  const first = await keeper.evaluate(asOf, 'all');
  const firstMs = performance.now() - started;
  if (digestOfEligible(first) !== expectedEligible)
    throw new Error(`${preset}: the keeper's first evaluation and the bench's disagree`);

  const random = createSeededRandom(deriveSeed(7, preset));
  const rounds: KeeperResult['rounds'][number][] = [];
  const at = Date.parse(asOf);
  try {
    for (const [number, acts] of ROUNDS.entries()) {
      const rows = Array.from({ length: acts }, (_, index) => {
        const u = random.next();
        return {
          key: `${ROUND_KEY}${number}:${index}`,
          kind: 'issue_comment',
          person_id: 1 + Math.min(people.length - 1, Math.floor(people.length * u * u * u)),
          occurred_at: new Date(at - 3_600_000 + index * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
          repo: null,
          item_number: null,
          url: null,
          details: '{}',
        };
      });
      for (let from = 0; from < rows.length; from += ROWS_PER_INSERT)
        await database.db
          .insertInto('activities')
          .values(rows.slice(from, from + ROWS_PER_INSERT))
          .execute();
      const by = new Set(rows.map((row) => row.person_id)).size;
      collectGarbage();
      const patched = performance.now();
      // What the dashboard's watch hands over: the round's activity keys (none is on an item).
      await keeper.evaluate(asOf, { keys: rows.map((row) => row.key), items: [] });
      rounds.push({ acts, people: by, ms: performance.now() - patched });
    }
  } finally {
    await database.db.deleteFrom('activities').where('key', 'like', `${ROUND_KEY}%`).execute();
  }
  return { firstMs, rounds };
}

const COMMUNITY_CURSOR = 'bench:ladder-community';
const FORMAT_VERSION = 1;
const ROWS_PER_INSERT = 1000;
const ROWS_PER_TRANSACTION = 100_000;

/**
 * Writes (once; a later call with the same community reuses it) the community into a SQLite
 * database at `path`: people, items and activities, straight into the tables (not through
 * ingestion, which the import benches measure), with the schema's indexes.
 */
async function ensureDatabase(
  path: string,
  community: LadderBenchCommunity,
  wanted: string,
): Promise<number> {
  const database = await openDatabase({ kind: 'sqlite', path });
  const store = createKyselyStore(database);
  try {
    if ((await store.readCursor(COMMUNITY_CURSOR)) === wanted) return 0;
    const started = performance.now();
    const db = database.db;
    await db.deleteFrom('activities').execute();
    await db.deleteFrom('items').execute();
    await db.deleteFrom('people').execute();
    const createdAt = '2024-01-01T00:00:00Z';
    const people = [...community.people.values()];
    for (let from = 0; from < people.length; from += ROWS_PER_INSERT) {
      await db
        .insertInto('people')
        .values(
          people.slice(from, from + ROWS_PER_INSERT).map((person) => ({
            id: person.id,
            login: person.login,
            login_seen_at: createdAt,
            name: null,
            github_id: person.githubId,
            bot_detected: person.isBot ? 1 : 0,
            bot_override: null,
            created_at: createdAt,
          })),
        )
        .execute();
    }
    const { columns } = community;
    const items = columns.items as readonly (LadderBenchCommunity['columns']['items'][number] & {
      readonly repo: string;
      readonly number: number;
    })[];
    for (let from = 0; from < items.length; from += ROWS_PER_INSERT) {
      await db
        .insertInto('items')
        .values(
          items.slice(from, from + ROWS_PER_INSERT).map((item) => ({
            repo: item.repo,
            number: item.number,
            type: item.type,
            title: null,
            author_id: item.authorId,
            labels: JSON.stringify(item.labels),
            state: item.state,
            state_reason: item.stateReason,
            created_at: null,
            closed_at: null,
            merged_at: item.mergedAt,
            merged_by_id: null,
            url: null,
            transferred_to: null,
            observed_at: createdAt,
            known_fields: 0,
          })),
        )
        .execute();
    }
    const detailTexts = columns.details.map((details) => JSON.stringify(details));
    for (let start = 0; start < columns.size; start += ROWS_PER_TRANSACTION) {
      await db.transaction().execute(async (trx) => {
        const end = Math.min(columns.size, start + ROWS_PER_TRANSACTION);
        for (let from = start; from < end; from += ROWS_PER_INSERT) {
          const rows = [];
          for (let index = from; index < Math.min(end, from + ROWS_PER_INSERT); index++) {
            const kind = ACTIVITY_KINDS[columns.kind[index]!]!;
            const repo = columns.repo[index]!;
            const number = columns.itemNumber[index]!;
            const detail = columns.detail[index]!;
            rows.push({
              key: `${kind}:${index}`,
              kind,
              person_id: columns.personId[index]!,
              occurred_at: community.times[community.timeSlot[index]!]!,
              repo: repo >= 0 ? columns.repos[repo]! : null,
              item_number: number >= 0 ? number : null,
              url: null,
              details: detail >= 0 ? detailTexts[detail]! : '{}',
            });
          }
          await trx.insertInto('activities').values(rows).execute();
        }
      });
    }
    await store.writeCursor(COMMUNITY_CURSOR, wanted);
    return performance.now() - started;
  } finally {
    await database.close();
  }
}

/**
 * Generates the ladder community, writes it into SQLite at `path` (once), then for each ladder
 * times reading the acts into columns alone (baseline) and the whole path to everyone evaluated.
 */
export async function measureLadderFromStorage(options: {
  readonly path: string;
  readonly people: number;
  readonly activities: number;
  readonly presets?: readonly string[];
}): Promise<LadderStorageBenchResult> {
  const asOf = '2026-03-01T00:00:00Z';
  // The generated community is only needed to write the database: it is let go before measuring,
  // so memory readings are those of the product's path.
  const { buildMs, roles, size } = await (async () => {
    const community = generateLadderBenchCommunity({
      people: options.people,
      activities: options.activities,
    });
    const wanted = JSON.stringify({
      version: FORMAT_VERSION,
      people: options.people,
      activities: options.activities,
    });
    return {
      buildMs: await ensureDatabase(options.path, community, wanted),
      roles: community.roles,
      size: community.size,
    };
  })();
  collectGarbage();
  const database = await openDatabase({ kind: 'sqlite', path: options.path });
  const store = createKyselyStore(database);
  const results: LadderStorageBenchResult['presets'][number][] = [];
  try {
    for (const preset of options.presets ?? ['kubernetes', 'kubestellar']) {
      collectGarbage();
      const read = performance.now();
      let acts = 0;
      for await (const batch of store.readActivityColumns({ to: asOf }, { detailKinds: LADDER_DETAIL_KINDS }))
        acts += batch.size;
      const readMs = performance.now() - read;
      if (acts !== size) throw new Error(`read ${acts} acts, wrote ${size}`);
      collectGarbage();

      const cold = await measureColdPath(store, preset, roles[preset] ?? [], asOf);
      collectGarbage();
      const kept = await measureKeeper(
        database,
        store,
        preset,
        roles[preset] ?? [],
        asOf,
        cold.eligibleDigest,
      );
      const { totalMs, eligible } = cold;
      results.push({ preset, readMs, totalMs, eligible, kept });
    }
  } finally {
    await database.close();
  }
  return {
    path: options.path,
    people: options.people,
    activities: size,
    buildMs,
    presets: results,
  };
}

/** A few lines for the bench report. */
export function formatLadderStorageBench(result: LadderStorageBenchResult): string {
  const ms = (value: number): string => `${Math.round(value).toLocaleString('en-US')} ms`;
  const lines = [
    `ladder evaluation from SQLite: ${result.people.toLocaleString('en-US')} people, ${result.activities.toLocaleString('en-US')} activities (${result.buildMs === 0 ? 'database reused' : `database written in ${ms(result.buildMs)}`})`,
  ];
  for (const preset of result.presets) {
    lines.push(
      `  ${preset.preset}: people + acts read in columns -> index -> everyone evaluated ${ms(preset.totalMs)} ` +
        `(${(preset.totalMs / preset.readMs).toFixed(2)}x reading the columns alone, ${ms(preset.readMs)}); ${preset.eligible} eligible`,
      `    kept index (the server's ladder worker): first evaluation ${ms(preset.kept.firstMs)}; then ` +
        preset.kept.rounds
          .map(
            (round) =>
              `${round.acts.toLocaleString('en-US')} new acts by ${round.people.toLocaleString('en-US')} people: ${ms(round.ms)} (target < 2 s: ${round.ms < 2000 ? 'met' : 'not met'})`,
          )
          .join('; '),
    );
  }
  return lines.join('\n');
}

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
