import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sign } from '@octokit/webhooks-methods';
import type { Hono } from 'hono';
import {
  parseActivityRow,
  toActivitySourceRecord,
} from '../../../src/adapters/activities-file/map-activity-row.ts';
import { type Database, openDatabase } from '../../../src/adapters/storage/create-database.ts';
import type { Store } from '../../../src/adapters/storage/kysely-store.ts';
import { loadLadderPolicy } from '../../../src/compose/ladder-services.ts';
import { loadLabelledPreset } from '../../../src/compose/load-scoring-choice.ts';
import { type ServeWiring, wireServe } from '../../../src/compose/serve-services.ts';
import type { BotList } from '../../../src/core/people/bot-list.ts';
import type { SourceRecord } from '../../../src/core/source-record.ts';

/** A server over a fresh SQLite file in a temp folder, with a clock the test moves. */
export interface ServeWorld {
  readonly directory: string;
  readonly database: Database;
  readonly wiring: ServeWiring;
  readonly app: Hono;
  readonly store: Store;
  readonly secret: string | null;
  /** The server's current time; tests set it. */
  now: string;
  /** Unexpected errors the server reported. */
  readonly errors: unknown[];
  close(): Promise<void>;
}

/**
 * Opens a fresh world over a new SQLite file (or over `database`, which the caller owns); `now`
 * defaults to 2026-03-15T12:00:00Z, the secret to `test-secret`.
 */
export async function createServeWorld(
  options: {
    readonly now?: string;
    readonly secret?: string | null;
    readonly preset?: string;
    readonly database?: Database;
    /** A ladder to show: a shipped preset's name; none by default. */
    readonly ladder?: string;
    /** Evaluate the ladder in a worker thread on its own connection, as `rungs serve` does. */
    readonly ladderInWorker?: boolean;
    /** How long a board waits for the ladder's levels (the server's default when omitted). */
    readonly levelsWaitMs?: number;
    /** How often the ladder may be evaluated again after new records (the server's default when omitted). */
    readonly ladderIntervalMs?: number;
    /** The community's automation accounts; none by default. */
    readonly bots?: BotList;
  } = {},
): Promise<ServeWorld> {
  const directory = options.database === undefined ? await mkdtemp(join(tmpdir(), 'rungs-serve-')) : '';
  const database =
    options.database ?? (await openDatabase({ kind: 'sqlite', path: join(directory, 'rungs.db') }));
  const secret = options.secret === undefined ? 'test-secret' : options.secret;
  const errors: unknown[] = [];
  const world = {
    directory,
    database,
    secret,
    now: options.now ?? '2026-03-15T12:00:00Z',
    errors,
  } as ServeWorld;
  const scoring = loadLabelledPreset(options.preset ?? 'balanced');
  const wiring = await wireServe(database, {
    rules: scoring.rules,
    scoring: scoring.label,
    policy: options.ladder === undefined ? null : await loadLadderPolicy({ preset: options.ladder }),
    webhookSecret: secret,
    ...(options.bots === undefined ? {} : { bots: options.bots }),
    // Every read sees everything committed before it: tests assert on the very next request.
    maxStaleMs: 0,
    ...(options.ladderInWorker === true && options.database === undefined
      ? { storage: { kind: 'sqlite' as const, path: join(directory, 'rungs.db') } }
      : {}),
    ...(options.levelsWaitMs === undefined ? {} : { levelsWaitMs: options.levelsWaitMs }),
    ...(options.ladderIntervalMs === undefined ? {} : { ladderIntervalMs: options.ladderIntervalMs }),
    now: () => world.now,
    reportError: (error) => errors.push(error),
  });
  Object.assign(world, {
    wiring,
    app: wiring.app,
    store: wiring.store,
    close: async () => {
      if (options.database !== undefined) return;
      await database.close();
      await rm(directory, { recursive: true, force: true });
    },
  });
  return world;
}

/** Stores off-GitHub activity rows (as an activities file import would). */
export async function storeActivities(
  world: ServeWorld,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  const records: SourceRecord[] = rows.map((values) => {
    const parsed = parseActivityRow(values);
    if (parsed.kind === 'invalid') throw new Error(`bad test row: ${JSON.stringify(parsed.problems)}`);
    return toActivitySourceRecord(parsed.row);
  });
  await world.store.writeBatch(records);
}

type Json = Record<string, unknown>;
const definitions = createRequire(import.meta.url)(
  '@octokit/webhooks-examples/api.github.com/index.json',
) as {
  name: string;
  examples: Json[];
}[];

/** A deep copy of a real payload from @octokit/webhooks-examples. */
export function examplePayload(event: string, action: string | undefined): Json {
  const found = definitions.find((d) => d.name === event)?.examples.find((p) => p.action === action);
  if (found === undefined) throw new Error(`no example ${event}.${action ?? ''}`);
  return structuredClone(found);
}

/** Who acted, as a webhook's user object says. */
export interface TestUser {
  readonly login: string;
  readonly githubId: number;
}

function userObject(payload: Json, user: TestUser): Json {
  return { ...(payload.sender as Json), login: user.login, id: user.githubId, type: 'User' };
}

/**
 * A real `issues` payload (the `opened` example, its action set to `action`) made to say which
 * issue, by whom, when, with which labels and state; the sender is the author unless given.
 */
export function issuePayload(
  action: string,
  options: TestUser & {
    readonly number: number;
    /** The issue's creation time. */
    readonly at: string;
    /** The issue's last update (the time of this event when not `opened`); default `at`. */
    readonly updatedAt?: string;
    readonly labels?: readonly string[];
    readonly repo?: string;
    readonly sender?: TestUser;
    readonly state?: 'open' | 'closed';
    readonly stateReason?: 'completed' | 'not_planned' | null;
  },
): Json {
  const payload = examplePayload('issues', 'opened');
  payload.action = action;
  const repo = options.repo ?? 'octo-org/hello-world';
  const author = userObject(payload, options);
  const updatedAt = options.updatedAt ?? options.at;
  Object.assign(payload.issue as Json, {
    number: options.number,
    user: author,
    created_at: options.at,
    updated_at: updatedAt,
    state: options.state ?? 'open',
    state_reason: options.stateReason ?? null,
    closed_at: options.state === 'closed' ? updatedAt : null,
    html_url: `https://github.com/${repo}/issues/${options.number}`,
    labels: (options.labels ?? []).map((name, index) => ({
      id: index + 1,
      name,
      color: 'ededed',
      default: false,
    })),
  });
  Object.assign(payload.repository as Json, { full_name: repo, name: repo.split('/')[1] });
  payload.sender = options.sender === undefined ? author : userObject(payload, options.sender);
  return payload;
}

/** A real `issues.opened` payload made to say who opened which issue when, with which labels. */
export function issueOpenedPayload(
  options: TestUser & {
    readonly number: number;
    readonly at: string;
    readonly labels?: readonly string[];
    readonly repo?: string;
  },
): Json {
  return issuePayload('opened', options);
}

/** A real `issue_comment.created` payload: `commenter` comments on issue `number` (opened by `author`). */
export function issueCommentPayload(options: {
  readonly commenter: TestUser;
  readonly author: TestUser;
  readonly number: number;
  readonly commentId: number;
  readonly at: string;
  readonly issueCreatedAt: string;
  readonly labels?: readonly string[];
  readonly repo?: string;
}): Json {
  const payload = examplePayload('issue_comment', 'created');
  const repo = options.repo ?? 'octo-org/hello-world';
  const commenter = userObject(payload, options.commenter);
  Object.assign(payload.issue as Json, {
    number: options.number,
    user: userObject(payload, options.author),
    created_at: options.issueCreatedAt,
    updated_at: options.at,
    html_url: `https://github.com/${repo}/issues/${options.number}`,
    labels: (options.labels ?? []).map((name, index) => ({
      id: index + 1,
      name,
      color: 'ededed',
      default: false,
    })),
  });
  Object.assign(payload.comment as Json, {
    id: options.commentId,
    user: commenter,
    created_at: options.at,
    updated_at: options.at,
    html_url: `https://github.com/${repo}/issues/${options.number}#issuecomment-${options.commentId}`,
  });
  Object.assign(payload.repository as Json, { full_name: repo, name: repo.split('/')[1] });
  payload.sender = commenter;
  return payload;
}

/** Sends a signed delivery to the world's receiver and returns the answer's status. */
export async function deliver(
  world: ServeWorld,
  event: string,
  id: string,
  payload: unknown,
): Promise<number> {
  const response = await world.app.request(
    '/webhooks/github',
    await deliveryRequest({ secret: world.secret ?? '', event, id, payload }),
  );
  return response.status;
}

/** The request a GitHub webhook delivery makes, signed with `secret` (unless `signature` is given). */
export async function deliveryRequest(options: {
  readonly secret: string;
  readonly event: string;
  readonly id: string;
  readonly payload: unknown;
  readonly signature?: string | null;
  readonly body?: string;
  readonly contentType?: string;
}): Promise<RequestInit> {
  const body = options.body ?? JSON.stringify(options.payload);
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/json',
    'x-github-event': options.event,
    'x-github-delivery': options.id,
    'user-agent': 'GitHub-Hookshot/test',
  };
  const signature = options.signature === undefined ? await sign(options.secret, body) : options.signature;
  if (signature !== null) headers['x-hub-signature-256'] = signature;
  return { method: 'POST', headers, body };
}

/** How many raw records are stored. */
export async function countRecords(world: ServeWorld): Promise<number> {
  const row = await world.database.db
    .selectFrom('source_records')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
