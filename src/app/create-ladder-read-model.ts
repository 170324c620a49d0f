import type { CommunityEvaluation } from '../core/ladder/evaluate-community.ts';
import type { PersonEvaluation } from '../core/ladder/evaluate-person.ts';
import type { LadderPolicy } from '../core/ladder/ladder-policy.ts';
import { EMERITUS_LEVEL, findLevel } from '../core/ladder/ladder-policy.ts';
import type { ScoringRules } from '../core/scoring/scoring-rules.ts';
import type { PersonSummary } from '../core/scoring-fact.ts';
import type { ChangeFeed } from './change-feed.ts';
import type { ChangeWatch } from './create-dashboard.ts';
import { InputError } from './input-error.ts';
import { createCommunityLadderKeeper, type LadderChanges } from './ladder/community-ladder-keeper.ts';
import {
  type LadderStores,
  openPersonLadderReader,
  readPersonLadderStatus,
  resolveRoles,
} from './ladder/evaluate-ladder.ts';

/** The level a person holds for the whole community, as a board shows it. */
export interface HeldLevel {
  /** A level id of the policy, or `emeritus`. */
  readonly level: string;
  readonly title: string;
}

/** Everyone's place on the ladder at one moment, with each person's level for the boards. */
export interface LadderOverview {
  readonly policy: LadderPolicy;
  readonly evaluation: CommunityEvaluation;
  /** The highest level each person holds for the whole community (else emeritus), by lower-cased current login. */
  readonly levels: ReadonlyMap<string, HeldLevel>;
}

/** The ladder as the server shows it: kept computed for everyone, and per person on request. */
export interface LadderReadModel {
  readonly policy: LadderPolicy;
  /** Everyone's evaluation; recomputed in the background after changes (the previous one is served meanwhile). */
  overview(): Promise<LadderOverview>;
  /** One person's full evaluation now; null for a login nobody has and no role names. */
  person(login: string): Promise<PersonEvaluation | null>;
  /**
   * Evaluates one person after another at one moment (now), as `person` does, reading what they
   * share once: for evaluating many people (a static export of every profile).
   */
  people(): Promise<(login: string) => Promise<PersonEvaluation | null>>;
}

/** What the ladder read model reads, and how often it recomputes. */
export interface LadderReadModelOptions {
  readonly stores: LadderStores;
  readonly policy: LadderPolicy;
  /** The scoring rules the policy's points follow. */
  readonly rules: ScoringRules;
  /** The current time, ISO UTC. */
  readonly now: () => string;
  /**
   * Evaluates everyone at `asOf`, told what changed since the last call; default a
   * `CommunityLadderKeeper` over `stores` on this thread (the server passes one that runs
   * elsewhere, since it takes seconds on a large community).
   */
  readonly evaluateCommunity?: (asOf: string, changed: LadderChanges) => Promise<CommunityEvaluation>;
  /**
   * What the stored records touched since the last evaluation (the watch), and where to look up
   * who acted when; without it every evaluation reads everything.
   */
  readonly changes?: {
    readonly watch: ChangeWatch;
    readonly feed: Pick<ChangeFeed, 'readActsTouching'>;
  };
  /** A number that moves when new records were seen (the dashboard's `version`). */
  readonly version: () => number;
  /** Milliseconds of a steady clock; default `performance.now`. */
  readonly clockMs?: () => number;
  /** After a change, the overview is recomputed at most this often; default 10 s. */
  readonly minIntervalMs?: number;
  /** Without changes it is recomputed after this long (roles granted elsewhere, time passing); default 5 min. */
  readonly maxAgeMs?: number;
  readonly onBackgroundError?: (error: unknown) => void;
}

interface Computed {
  readonly overview: LadderOverview;
  readonly version: number;
  readonly atMs: number;
}

/**
 * Keeps the community's ladder evaluation for the pages and the API. Evaluating everyone reads
 * every fact once, so it is not redone per delivery: after new records it is redone in the
 * background at most every `minIntervalMs`, serving the previous evaluation meanwhile. A person's
 * own evaluation (a profile) is always computed fresh.
 */
export function createLadderReadModel(options: LadderReadModelOptions): LadderReadModel {
  const { stores, policy, rules } = options;
  const clockMs = options.clockMs ?? (() => performance.now());
  const minIntervalMs = options.minIntervalMs ?? 10_000;
  const maxAgeMs = options.maxAgeMs ?? 300_000;
  const evaluateCommunity = options.evaluateCommunity ?? keeperOf(stores, options);
  let current: Computed | null = null;
  let computing: Promise<Computed> | null = null;

  async function compute(): Promise<Computed> {
    // Taken first: the records it looked at are then counted in the version.
    const changed = options.changes === undefined ? 'all' : await options.changes.watch.take();
    const version = options.version();
    const asOf = options.now();
    const evaluation = await evaluateCommunity(asOf, changed);
    const levels = await readHeldLevels(asOf);
    return { overview: { policy, evaluation, levels }, version, atMs: clockMs() };
  }

  function start(): Promise<Computed> {
    computing ??= compute().then(
      (computed) => {
        current = computed;
        computing = null;
        return computed;
      },
      (error: unknown) => {
        computing = null;
        throw error;
      },
    );
    return computing;
  }

  async function readHeldLevels(asOf: string): Promise<Map<string, HeldLevel>> {
    const stored = (await stores.roles.readRoleAssignments()).filter(
      (assignment) =>
        assignment.since <= asOf &&
        (assignment.until === null || assignment.until > asOf) &&
        assignment.scope === null,
    );
    const people = new Map<number, PersonSummary>();
    const resolved = await resolveRoles(stores.activities, stored, people, null);
    const best = new Map<string, { rank: number; held: HeldLevel }>();
    for (const assignment of resolved.assignments) {
      const person = people.get(assignment.personId) ?? resolved.unrecorded.get(assignment.personId);
      if (person === undefined) continue;
      const key = person.login.toLowerCase();
      const level = findLevel(policy, assignment.level);
      const candidate =
        level !== undefined
          ? { rank: level.rank, held: { level: level.id, title: level.title } }
          : assignment.level === EMERITUS_LEVEL
            ? { rank: -1, held: { level: EMERITUS_LEVEL, title: 'Emeritus' } }
            : null;
      if (candidate === null) continue;
      const known = best.get(key);
      if (known === undefined || candidate.rank > known.rank) best.set(key, candidate);
    }
    return new Map([...best].map(([login, { held }]) => [login, held]));
  }

  return {
    policy,
    async overview() {
      if (current === null) return (await start()).overview;
      const ageMs = clockMs() - current.atMs;
      if ((current.version !== options.version() && ageMs >= minIntervalMs) || ageMs >= maxAgeMs) {
        start().catch(options.onBackgroundError ?? (() => {}));
      }
      return current.overview;
    },
    person(login) {
      return orNull(readPersonLadderStatus(stores, login, { policy, rules, asOf: options.now() }));
    },
    async people() {
      const read = await openPersonLadderReader(stores, { policy, rules, asOf: options.now() });
      return (login) => orNull(read(login));
    },
  };
}

/** Evaluates everyone on this thread, keeping the index between evaluations. */
function keeperOf(
  stores: LadderStores,
  options: LadderReadModelOptions,
): (asOf: string, changed: LadderChanges) => Promise<CommunityEvaluation> {
  // Without a watch every evaluation is told `all`, so the keeper never asks who acted when.
  const feed = options.changes?.feed ?? {
    readActsTouching: () => Promise.reject(new Error('no change feed to read')),
  };
  const keeper = createCommunityLadderKeeper(stores, feed, { policy: options.policy, rules: options.rules });
  return (asOf, changed) => keeper.evaluate(asOf, changed);
}

/** The evaluation, or null when the login is nobody's (an `InputError`). */
async function orNull(evaluation: Promise<PersonEvaluation>): Promise<PersonEvaluation | null> {
  try {
    return await evaluation;
  } catch (error) {
    if (error instanceof InputError) return null;
    throw error;
  }
}
