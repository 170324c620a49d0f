import type { Hono } from 'hono';
import { mapActivityRow } from '../adapters/activities-file/map-activity-row.ts';
import type { PolicyChoice } from '../adapters/cli/ladder-cli-services.ts';
import { createDemoGroups } from '../adapters/demo/create-demo-groups.ts';
import { type CommunitySummary, generateCommunity } from '../adapters/demo/generate-community.ts';
import { readBoundedTextFile } from '../adapters/files/read-bounded-text-file.ts';
import { mapGitRecord } from '../adapters/git/map-git-commit.ts';
import { createHttpApp } from '../adapters/http/create-http-app.ts';
import { loadBotList } from '../adapters/presets/load-bot-list.ts';
import { DEFAULT_SCORING_PRESET, loadScoringPreset } from '../adapters/presets/load-scoring-preset.ts';
import { exportSite, type SiteExportSummary } from '../adapters/site/export-site.ts';
import { type Database, openDatabase } from '../adapters/storage/create-database.ts';
import { KyselyChangeFeed } from '../adapters/storage/kysely-change-feed.ts';
import { KyselyRoleStore } from '../adapters/storage/kysely-role-store.ts';
import { createKyselyStore, type Store } from '../adapters/storage/kysely-store.ts';
import { mapWebhookPayload } from '../adapters/webhook-files/map-webhook-payload.ts';
import { acceptWebhookDelivery } from '../app/accept-webhook-delivery.ts';
import { createDashboard, type Dashboard } from '../app/create-dashboard.ts';
import { createLadderReadModel } from '../app/create-ladder-read-model.ts';
import { type IngestProgress, type IngestSummary, ingest } from '../app/ingest.ts';
import { importRoster } from '../app/ladder/manage-roles.ts';
import type { RecordMappers } from '../app/ports.ts';
import { findLevel, type LadderPolicy } from '../core/ladder/ladder-policy.ts';
import type { RosterEntry } from '../core/ladder/parse-roster.ts';
import type { BotList } from '../core/people/bot-list.ts';
import { parseScoringRules } from '../core/scoring/parse-scoring-rules.ts';
import type { ScoringLabel } from '../core/scoring/scoring-label.ts';
import type { ScoringRules } from '../core/scoring/scoring-rules.ts';
import { type Config, describeStorage, type StorageConfig } from './config.ts';
import { createLadderEvaluator } from './create-ladder-evaluator.ts';
import { offGitHubRowsToIngestItems } from './demo-ingest-items.ts';
import { ghArchiveEventsToIngestItems, mapGhArchiveRecord } from './gharchive-ingest-items.ts';
import { loadLadderPolicy, rulesForPolicy } from './ladder-services.ts';
import { defaultScoringPreset, loadLabelledPreset, loadScoringChoice } from './load-scoring-choice.ts';
import { toDeliveryRecord } from './to-delivery-record.ts';

/** What the server needs from the configuration: the storage, and the webhook secret (null: no receiver). */
export type ServeConfig = Config;

/** Which scoring rules the server ranks with: a shipped preset by name, or a rules file. */
export type ServeRules = { readonly preset: string } | { readonly file: string };

/** Which ladder the server shows: a shipped preset, a policy file, or none. */
export type ServeLadder = PolicyChoice | null;

/** Options of {@link openServeServices}. */
export interface ServeOptions {
  /** The board's scoring rules; default the ladder's scoring preset, else `balanced` (see `defaultScoringPreset`). */
  readonly rules?: ServeRules;
  readonly ladder: ServeLadder;
  /** The current time, ISO UTC. */
  readonly now: () => string;
  /** Told about unexpected errors of requests and background recomputes (never secrets). */
  readonly reportError: (error: unknown) => void;
}

/** What `rungs demo` and `npm start` loaded. */
export interface ServeDemoSummary {
  readonly github: IngestSummary;
  readonly offGitHub: IngestSummary;
  readonly org: string;
  readonly people: number;
  readonly from: string;
  readonly to: string;
}

/** The server's parts, wired over one open database. Close them once. */
export interface ServeServices {
  readonly app: Hono;
  readonly dashboard: Dashboard;
  /** Where the records are, for messages (never with credentials). */
  readonly storageLabel: string;
  readonly webhooksEnabled: boolean;
  /** True when no record is stored yet. */
  isEmpty(): Promise<boolean>;
  /** Loads the generated demo community and marks the site as showing demo data. */
  loadDemo(
    options: { readonly seed: number; readonly end: string },
    onProgress?: IngestProgress,
  ): Promise<ServeDemoSummary>;
  /** Writes the pages as a static site into `directory`. */
  exportSite(directory: string): Promise<SiteExportSummary>;
  close(): Promise<void>;
}

/** The cursor that remembers that the stored data is the generated demo (so every page says so). */
export const DEMO_CURSOR = 'demo:community';

/** How every source's kept raw records are mapped again, to learn what a new record touched. */
const SERVE_RECORD_MAPPERS: RecordMappers = {
  webhook: mapWebhookPayload,
  gharchive: mapGhArchiveRecord,
  git: mapGitRecord,
  activities: mapActivityRow,
  github_api: () => ({ kind: 'ignored', reason: 'GitHub API records are not mapped by the server' }),
};

/** The server's parts over an already open database, with the store for whoever needs to write directly (tests). */
export interface ServeWiring extends Omit<ServeServices, 'storageLabel' | 'close'> {
  readonly store: Store;
  /** Stops background work (the ladder worker); the database stays open. */
  stop(): Promise<void>;
}

/**
 * Opens the configured storage and wires the dashboard read model, the HTTP app (with the webhook
 * receiver only when a secret is configured) and the static export. Rejects on unknown rules or an
 * unreachable database.
 */
export async function openServeServices(config: ServeConfig, options: ServeOptions): Promise<ServeServices> {
  // A policy file's own problems are reported before any database is opened.
  if (options.ladder !== null) await loadLadderPolicy(options.ladder);
  const database = await openDatabase(
    config.storage.kind === 'sqlite'
      ? { kind: 'sqlite', path: config.storage.path }
      : { kind: 'postgres', url: config.storage.url },
  );
  try {
    // Checked again against the stored groups: a count naming a group not imported fails with its line.
    const groups = (await createKyselyStore(database).readGroups()).map((group) => group.id);
    const policy = options.ladder === null ? null : await loadLadderPolicy(options.ladder, { groups });
    const { rules, label } =
      options.rules !== undefined
        ? await loadScoringChoice(options.rules, (choice) => loadLadderPolicy(choice, { groups }))
        : loadLabelledPreset(defaultScoringPreset(policy));
    const wiring = await wireServe(database, {
      bots: await loadBotList(config.botsFile ?? null),
      now: options.now,
      reportError: options.reportError,
      rules,
      scoring: label,
      policy,
      storage: config.storage,
      webhookSecret: config.webhookSecret ?? null,
    });
    return {
      ...wiring,
      storageLabel: describeStorage(config.storage),
      close: async () => {
        await wiring.stop();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** Wires the server over an open database (which the caller closes). */
export async function wireServe(
  database: Database,
  options: Omit<ServeOptions, 'rules' | 'ladder'> & {
    readonly rules: ScoringRules;
    /** The name the boards and profiles show the rules by. */
    readonly scoring: ScoringLabel;
    /** The ladder to show, or null for none. */
    readonly policy: LadderPolicy | null;
    /**
     * Where the database is, for a worker thread to evaluate the whole ladder on its own connection
     * (seconds of work on a large community); without it the evaluation runs on this thread.
     */
    readonly storage?: StorageConfig;
    readonly webhookSecret: string | null;
    /** The community's automation accounts; none when omitted. */
    readonly bots?: BotList;
    /** How stale a read may be, in ms (see `DashboardOptions.maxStaleMs`); default 25. */
    readonly maxStaleMs?: number;
    /** How long a board waits for the ladder's levels (see `HttpAppDeps.levelsWaitMs`). */
    readonly levelsWaitMs?: number;
    /** After new records, the ladder is evaluated again at most this often (see `LadderReadModelOptions.minIntervalMs`). */
    readonly ladderIntervalMs?: number;
  },
): Promise<ServeWiring> {
  const { rules } = options;
  let stopped = false;
  // Work abandoned by `stop` (an evaluation in the worker) is not an error worth reporting.
  const reportError = (error: unknown): void => {
    if (!stopped) options.reportError(error);
  };
  const store = createKyselyStore(database, { bots: options.bots });
  const feed = new KyselyChangeFeed(database);
  const dashboard = createDashboard({
    reader: {
      readScoringFacts: (filter, chunkSize) => store.readScoringFacts(filter, chunkSize),
      readActivityColumns: (filter, read) => store.readActivityColumns(filter, read),
      readPeople: (ids) => store.readPeople(ids),
      findPersonByLogin: (login) => store.findPersonByLogin(login),
      readLatestRecordSeq: () => feed.readLatestRecordSeq(),
      readRecordSeqsAfter: (seq, limit) => feed.readRecordSeqsAfter(seq, limit),
      readRecordsBySeq: (seqs) => feed.readRecordsBySeq(seqs),
      readPeopleTouching: (keys, items) => feed.readPeopleTouching(keys, items),
      readActsTouching: (keys, items) => feed.readActsTouching(keys, items),
    },
    groups: store,
    rules,
    scoring: options.scoring,
    mapRecord: (source, payload) => SERVE_RECORD_MAPPERS[source](payload),
    now: options.now,
    // Several servers (and imports) may write to one PostgreSQL, whose commits can land out of order.
    settleMs: database.dialect === 'postgres' ? 15_000 : 0,
    maxStaleMs: options.maxStaleMs,
    onBackgroundError: reportError,
  });

  const roleStore = new KyselyRoleStore(database);
  const evaluator =
    options.policy === null || options.storage === undefined
      ? null
      : createLadderEvaluator(options.storage, options.policy, rulesForPolicy(options.policy), options.bots);
  const ladder =
    options.policy === null
      ? null
      : createLadderReadModel({
          stores: { activities: store, roles: roleStore, meetings: roleStore, groups: store },
          policy: options.policy,
          rules: rulesForPolicy(options.policy),
          evaluateCommunity:
            evaluator === null ? undefined : (asOf, changed) => evaluator.evaluateCommunity(asOf, changed),
          changes: { watch: dashboard.watchChanges(), feed },
          ...(options.ladderIntervalMs === undefined ? {} : { minIntervalMs: options.ladderIntervalMs }),
          now: options.now,
          version: () => dashboard.version(),
          onBackgroundError: reportError,
        });

  let notice = await readDemoNotice(store);
  // Read on every page, so loading the demo later shows the notice at once.
  const site = {
    name: null,
    get notice(): string | null {
      return notice;
    },
  };
  const secret = options.webhookSecret === '' ? null : options.webhookSecret;
  const app = createHttpApp({
    dashboard,
    ladder,
    webhooks:
      secret === null
        ? null
        : {
            secret,
            accept: (delivery) =>
              acceptWebhookDelivery(
                { records: store, rejections: store },
                toDeliveryRecord,
                delivery,
                options.now(),
              ),
            onStored: () => {
              dashboard.refresh().catch(reportError);
            },
          },
    site,
    now: options.now,
    ...(options.levelsWaitMs === undefined ? {} : { levelsWaitMs: options.levelsWaitMs }),
    reportError: reportError,
  });

  return {
    app,
    dashboard,
    store,
    webhooksEnabled: secret !== null,
    isEmpty: async () => (await feed.readLatestRecordSeq()) === 0,
    async loadDemo(demoOptions, onProgress) {
      const community = generateCommunity({ seed: demoOptions.seed, end: demoOptions.end });
      // The demo's times are judged against its own end, which may be a test's clock, not today.
      const now = `${demoOptions.end}T23:59:59Z`;
      const github = await ingest(ghArchiveEventsToIngestItems(community.events), store, { onProgress, now });
      const offGitHub = await ingest(offGitHubRowsToIngestItems(community.offGitHubRows), store, { now });
      const summary = community.summary;
      const loaded = { org: summary.org, people: summary.people, from: summary.from, to: summary.to };
      if (options.policy !== null) await importRoster(roleStore, toDemoRoster(summary, options.policy));
      // The demo's groups, unless the community has its own already.
      if ((await store.readGroups()).length === 0) await store.replaceGroups(createDemoGroups(summary.org));
      await store.writeCursor(DEMO_CURSOR, JSON.stringify(loaded));
      notice = toDemoNotice(loaded);
      await dashboard.refresh();
      return { github, offGitHub, ...loaded };
    },
    exportSite: (directory) =>
      exportSite(directory, {
        dashboard,
        ladder,
        site: { name: site.name, notice: site.notice },
        now: options.now,
      }),
    stop: async () => {
      stopped = true;
      await evaluator?.close();
    },
  };
}

/**
 * Who holds which level in the demo, so its ladder page has holders: the maintainers since the
 * start, the mentees since their term began. Only levels the policy has are given.
 */
function toDemoRoster(summary: CommunitySummary, policy: LadderPolicy): RosterEntry[] {
  const entries: RosterEntry[] = [];
  const grant = (login: string, level: string, since: string): void => {
    if (findLevel(policy, level) === undefined) return;
    entries.push({
      login,
      level,
      scope: null,
      since,
      until: null,
      decision: 'demo roster (generated)',
      previousLevel: null,
    });
  };
  for (const login of summary.maintainers) grant(login, 'maintainer', `${summary.from}T00:00:00Z`);
  for (const mentee of summary.cohort.mentees)
    grant(mentee.login, 'unpaid-mentee', `${summary.cohort.termStart}T00:00:00Z`);
  return entries;
}

async function readDemoNotice(store: {
  readCursor(name: string): Promise<string | null>;
}): Promise<string | null> {
  const text = await store.readCursor(DEMO_CURSOR);
  if (text === null) return null;
  try {
    return toDemoNotice(JSON.parse(text) as { org: string; people: number; from: string; to: string });
  } catch {
    return toDemoNotice(null);
  }
}

function toDemoNotice(demo: { org: string; people: number; from: string; to: string } | null): string {
  const what =
    demo === null ? '' : ` (organization ${demo.org}, ${demo.people} people, ${demo.from} to ${demo.to})`;
  return `Demo data: a generated community${what}. Nothing here is real.`;
}
