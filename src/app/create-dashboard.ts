import type { Group } from '../core/groups/group.ts';
import { isUnlinkedHandle } from '../core/people/unlinked-handle.ts';
import type { PersonBreakdown } from '../core/scoring/build-person-breakdown.ts';
import { buildPersonBreakdown } from '../core/scoring/build-person-breakdown.ts';
import { SCORING_DETAIL_KINDS } from '../core/scoring/create-column-scorer.ts';
import type { ExclusionReason } from '../core/scoring/create-fact-scorer.ts';
import { createFactScorer } from '../core/scoring/create-fact-scorer.ts';
import type { KindCounts } from '../core/scoring/kind-counts.ts';
import type { ScoringLabel } from '../core/scoring/scoring-label.ts';
import type { ScoringRules } from '../core/scoring/scoring-rules.ts';
import type { PersonSummary, ScoringFact } from '../core/scoring-fact.ts';
import type { MapResult, SourceName } from '../core/source-record.ts';
import { parseWindowSpec, type WindowSpec } from '../core/window/parse-window-spec.ts';
import { type ResolvedWindow, resolveWindow } from '../core/window/resolve-window.ts';
import type { ActivityColumnReader } from './activity-column-reader.ts';
import { BoardView, toBoardEntry } from './board-view.ts';
import { addRecordChanges, type ChangeFeed, type ItemRef, type RecordChanges } from './change-feed.ts';
import { findGroup } from './find-group.ts';
import { InputError } from './input-error.ts';
import type { ActivityFilter, ActivityReader, GroupReader } from './ports.ts';
import { type CommunityStats, readCommunityStats } from './read-community-stats.ts';
import { readLeaderboard } from './read-leaderboard.ts';
import { createWeeklyPointsTally, tallyWeeklyPoints, toRecentActivity } from './tally-weekly-points.ts';
import { toWeekFrame, type WeekFrame, weekIndexOf, weekStartsOf } from './week-frame.ts';

/** The windows the dashboard offers by name, in the order it shows them. */
export const DASHBOARD_WINDOWS = [
  { name: 'ytd', title: 'Year to date' },
  { name: '12w', title: 'Last 12 weeks' },
  { name: '1mo', title: 'Last month' },
  { name: 'all', title: 'All time' },
] as const;

/** How a board page is ordered: by points, or by recent activity (see `toRecentActivity`). */
export type LeaderboardSort = 'points' | 'recent';

/** Weeks in a leaderboard sparkline, and in a profile's activity chart. */
export const SPARKLINE_WEEKS = 12;
export const PROFILE_WEEKS = 52;

/** What a board page asks for. */
export interface LeaderboardQuery {
  /** A window as `parseWindowSpec` reads it: `ytd`, `12w`, `1mo`, `all`, `2025`, `2026-03`, ... */
  readonly window: string;
  /** Lower-cased `owner/name` to rank one repository only. */
  readonly repo?: string | null;
  /**
   * A group id (any case) to rank the group's repositories only; not with `repo`. An id no group
   * has is a {@link GroupNotFoundError}.
   */
  readonly group?: string | null;
  /** Keeps the people whose login or name contains this text (ignoring case); ranks are unchanged. */
  readonly search?: string | null;
  readonly sort?: LeaderboardSort;
  readonly offset?: number;
  readonly limit?: number;
}

/** A person as a page names them: a login (current or former, any case), or the person's id. */
export type PersonKey = string | { readonly personId: number };

/** One line of a board page. */
export interface LeaderboardPageRow {
  readonly rank: number;
  /** Internal: names the person where logins collide (static file names); the API leaves it out. */
  readonly personId: number;
  readonly login: string;
  readonly name: string | null;
  readonly points: number;
  readonly lastActiveAt: string;
  readonly counts: KindCounts;
  /** Points per week over the last {@link SPARKLINE_WEEKS} weeks, oldest first (see `weekStarts`). */
  readonly weekly: readonly number[];
  /** The weekly points with a three-week half-life: what `sort: 'recent'` orders by. */
  readonly recentActivity: number;
}

/** A page of a board. */
export interface LeaderboardPage {
  readonly window: ResolvedWindow & { readonly name: string };
  /** The scoring rules the points follow. */
  readonly scoring: ScoringLabel;
  readonly repo: string | null;
  /** The group ranked, with the repositories it covered; null for none. */
  readonly group: { readonly id: string; readonly name: string; readonly repos: readonly string[] } | null;
  readonly search: string | null;
  readonly sort: LeaderboardSort;
  readonly offset: number;
  readonly limit: number;
  /** People on the board. */
  readonly totalPeople: number;
  /** People the search keeps (all of them without a search). */
  readonly matching: number;
  /** The Monday each sparkline week starts on, `YYYY-MM-DD`. */
  readonly weekStarts: readonly string[];
  readonly rows: readonly LeaderboardPageRow[];
}

/** Where a person stands in one window. */
export interface PersonStanding {
  readonly window: string;
  readonly label: string;
  readonly points: number;
  /** Null when nothing of theirs counts in the window. */
  readonly rank: number | null;
  readonly of: number;
}

/** Everything a profile shows about one person. */
export interface PersonProfile {
  /** Internal: names the person where logins collide (static file names); the API leaves it out. */
  readonly personId: number;
  readonly login: string;
  readonly name: string | null;
  /** Why nothing of this person counts (a bot, the deny-list), or null. */
  readonly excluded: ExclusionReason | null;
  /** One standing per {@link DASHBOARD_WINDOWS} entry. */
  readonly standings: readonly PersonStanding[];
  /** Points explained act by act, over the window the profile was asked for. */
  readonly breakdown: PersonBreakdown;
  /** The scoring rules the points follow. */
  readonly scoring: ScoringLabel;
  /** Points and counted acts per week over the last {@link PROFILE_WEEKS} weeks. */
  readonly activity: {
    readonly weekStarts: readonly string[];
    readonly points: readonly number[];
    readonly acts: readonly number[];
  };
}

/** What a badge says. */
export interface BadgeFacts {
  readonly login: string;
  readonly points: number;
  readonly rank: number | null;
  readonly windowLabel: string;
}

/** The read side of the server: boards, profiles, badges and statistics, kept current. */
export interface Dashboard {
  leaderboard(query: LeaderboardQuery): Promise<LeaderboardPage>;
  /** Null when no person has this login (current or former, any case). */
  /** A person's profile by login (current or former, any case) or by person id; null for nobody. */
  profile(who: PersonKey, options?: { readonly window?: string }): Promise<PersonProfile | null>;
  badge(who: PersonKey): Promise<BadgeFacts | null>;
  community(): Promise<CommunityStats>;
  /** The community's groups, as imported. */
  groups(): Promise<readonly Group[]>;
  /** Looks for new records now (a delivery was just stored) instead of waiting for the next read. */
  refresh(): Promise<void>;
  /** A number that grows each time new records are seen, for caches built on the dashboard. */
  version(): number;
  /**
   * Follows what the stored records touch from now on, for a reader that keeps its own state (the
   * ladder's index).
   */
  watchChanges(): ChangeWatch;
}

/** What the stored records touched, taken in turns (see `Dashboard.watchChanges`). */
export interface ChangeWatch {
  /**
   * Looks for new records now, then gives the activities and items they touched since the last
   * `take`: `all` on the first call and after a large import (more records than the dashboard
   * patches).
   */
  take(): Promise<RecordChanges | 'all'>;
}

/** What a dashboard reads from, and how it keeps current. */
export interface DashboardOptions {
  /** Boards and sparklines are read in columns; one person's patch reads fact objects. */
  readonly reader: ActivityReader & ActivityColumnReader & ChangeFeed;
  /** The community's groups, for boards of a group and the community page's top groups. */
  readonly groups: GroupReader;
  readonly rules: ScoringRules;
  /** The name every board and profile shows the rules by. */
  readonly scoring: ScoringLabel;
  /** Maps a stored raw record again, to learn which acts and items it touched. */
  readonly mapRecord: (source: SourceName, payload: unknown) => MapResult;
  /** The current time, ISO UTC. */
  readonly now: () => string;
  /** Milliseconds of a steady clock, for ages and intervals; default `performance.now`. */
  readonly clockMs?: () => number;
  /** A view older than this is recomputed in the background (merges, moving windows); default 5 min. */
  readonly maxAgeMs?: number;
  /**
   * How long a stored record may take to become visible after a higher-numbered one (PostgreSQL
   * commits out of order; 0 for SQLite, where one writer commits at a time); default 0.
   */
  readonly settleMs?: number;
  /** New records beyond which views are recomputed instead of patched; default 2000. */
  readonly maxPatchRecords?: number;
  /**
   * How old a look for new records may be for a read to go on without waiting for a new one, in
   * ms: a read may miss a record another process committed less than this before it; default 25.
   * 0 makes every read wait for a look that started after it arrived (tests).
   */
  readonly maxStaleMs?: number;
  /** Under load, reads start a background look when the last one is older than this, in ms; default 5. */
  readonly pollIntervalMs?: number;
  /** Views kept (each window and repository is one); default 24. */
  readonly maxViews?: number;
  /** Told about a failed background recompute (the stale view keeps being served). */
  readonly onBackgroundError?: (error: unknown) => void;
}

/** What a watch has not taken yet: activity keys, and items by `repo#number`. */
interface PendingChanges {
  readonly keys: Set<string>;
  readonly items: Map<string, ItemRef>;
}

/** A computed view with the last change round it reflects. */
interface Computed<T> {
  readonly value: T;
  readonly computedAtMs: number;
  appliedRound: number;
  /** Patches run one at a time, so an older read never overwrites a newer one. */
  patching: Promise<boolean>;
}

interface WeeklyView {
  readonly kind: 'weekly';
  readonly frame: WeekFrame;
  readonly weekStarts: readonly string[];
  readonly series: Map<number, Float64Array>;
}

type AnyView = BoardView | WeeklyView;

/** How long an answered page is reused while nothing changed, and how many are kept. */
const PAGE_REUSE_MS = 1000;
const MAX_CACHED_PAGES = 256;

/** Which repositories a view covers: every one, one, or a group's. */
interface RepoScope {
  /** Tells views apart: '' for every repository. */
  readonly key: string;
  readonly repo: string | null;
  readonly repos: readonly string[] | null;
}

const EVERY_REPO: RepoScope = { key: '', repo: null, repos: null };

/** One kept view: a board (a window and a scope) or the weekly sparklines of a scope. */
interface ViewSlot {
  readonly key: string;
  /** The board's window, or null for the weekly view. */
  readonly spec: WindowSpec | null;
  readonly scope: RepoScope;
  current: Computed<AnyView> | null;
  computing: { readonly startedRound: number; readonly promise: Promise<Computed<AnyView>> } | null;
  lastUsedMs: number;
}

/** People whose standing changed in one round of catching up, or `all` after a large import. */
interface RoundChange {
  readonly round: number;
  readonly people: readonly number[] | 'all';
}

/**
 * The dashboard's read model. Boards are computed once per window and repository and then kept
 * current: it looks (about every `pollIntervalMs` while reads come in) for raw records stored by
 * any process since it last looked, maps them again to learn which people they touched, and
 * recomputes only those people in each kept view. A large import (more than `maxPatchRecords`
 * new records) and age (`maxAgeMs`) recompute views in the background, serving the previous one
 * meanwhile. Every number is still a pure function of the stored records, the rules and the time.
 */
export function createDashboard(options: DashboardOptions): Dashboard {
  const { reader, rules } = options;
  const scorer = createFactScorer(rules);
  const clockMs = options.clockMs ?? (() => performance.now());
  const maxAgeMs = options.maxAgeMs ?? 300_000;
  const settleMs = options.settleMs ?? 0;
  const maxPatchRecords = options.maxPatchRecords ?? 2000;
  const maxStaleMs = options.maxStaleMs ?? 25;
  const pollIntervalMs = options.pollIntervalMs ?? 5;
  const maxViews = options.maxViews ?? 24;
  const reportBackground = options.onBackgroundError ?? (() => {});

  const slots = new Map<string, ViewSlot>();
  /** Every record numbered up to `floor` is accounted for, and those in `seen` (number -> when seen). */
  let floor: number | null = null;
  const seen = new Map<number, number>();
  let round = 0;
  const changes: RoundChange[] = [];
  /** What the records touched since each watch last took it. */
  const watches = new Set<{ pending: PendingChanges | 'all' }>();
  /** Moves whenever what a view holds may have changed: a new round, or a view (re)computed. */
  let generation = 0;
  /** Pages answered recently, reused while nothing changed (a busy board is asked the same page often). */
  const pages = new Map<
    string,
    { readonly page: LeaderboardPage; readonly generation: number; readonly atMs: number }
  >();
  let checking: { readonly startedMs: number; readonly promise: Promise<void> } | null = null;
  let lastCheckStartedMs = Number.NEGATIVE_INFINITY;
  let community: (Computed<CommunityStats> & { refreshing: boolean }) | null = null;
  let groupsRead: { readonly atMs: number; readonly promise: Promise<readonly Group[]> } | null = null;
  let communityPending: Promise<Computed<CommunityStats> & { refreshing: boolean }> | null = null;

  // --- following the records ---

  /**
   * Makes sure a read shows what was committed before it arrived, give or take `maxStaleMs`: when
   * the last look for new records started longer ago than that, the read waits for a new look;
   * otherwise it goes on at once, starting a look in the background when the last one is older
   * than `pollIntervalMs`. So under load the records are looked at about every `pollIntervalMs`
   * and reads never wait; a forced look (after this process stored a delivery) always starts after
   * the call. Concurrent callers share one look.
   */
  function ensureCurrent(force: boolean): Promise<void> {
    const arrivedMs = clockMs();
    if (force || maxStaleMs === 0) return lookFrom(arrivedMs);
    if (lastCheckStartedMs < arrivedMs - maxStaleMs) return lookFrom(arrivedMs - maxStaleMs);
    if (checking === null && arrivedMs - lastCheckStartedMs >= pollIntervalMs) {
      lookFrom(arrivedMs).catch(reportBackground);
    }
    return Promise.resolve();
  }

  /** Resolves once a look that started at or after `neededFrom` is done, starting one if needed. */
  function lookFrom(neededFrom: number): Promise<void> {
    if (checking !== null) {
      if (checking.startedMs >= neededFrom) return checking.promise;
      return checking.promise.then(() => lookFrom(neededFrom));
    }
    if (lastCheckStartedMs >= neededFrom) return Promise.resolve();
    const startedMs = clockMs();
    const promise = catchUp().then(
      () => {
        lastCheckStartedMs = startedMs;
        checking = null;
      },
      (error: unknown) => {
        checking = null;
        throw error;
      },
    );
    checking = { startedMs, promise };
    return promise;
  }

  async function catchUp(): Promise<void> {
    if (floor === null) {
      // Views computed from now on read everything stored so far.
      floor = await reader.readLatestRecordSeq();
      return;
    }
    // Numbers already seen but not settled come back too; only the new ones count against the limit.
    const limit = maxPatchRecords + seen.size + 1;
    const seqs = await reader.readRecordSeqsAfter(floor, limit);
    const nowMs = clockMs();
    const fresh = seqs.filter((seq) => !seen.has(seq));
    if (fresh.length > maxPatchRecords || seqs.length === limit) {
      seen.clear();
      floor = seqs[seqs.length - 1]!;
      addRound('all');
      return;
    }
    if (fresh.length > 0) {
      const touched = await touchedBy(fresh);
      for (const seq of fresh) seen.set(seq, nowMs);
      addRound(touched.people, touched);
    }
    settle(nowMs);
  }

  /** Moves the floor over numbers seen long enough ago that no lower number can still appear. */
  function settle(nowMs: number): void {
    const ordered = [...seen.entries()].sort((a, b) => a[0] - b[0]);
    for (const [seq, seenAt] of ordered) {
      if (nowMs - seenAt < settleMs) break;
      floor = Math.max(floor!, seq);
      seen.delete(seq);
    }
  }

  /** The acts and items these records touch, and the people with an act among them. */
  async function touchedBy(
    seqs: readonly number[],
  ): Promise<RecordChanges & { readonly people: readonly number[] }> {
    const records = await reader.readRecordsBySeq(seqs);
    const touched = { keys: [] as string[], items: [] as ItemRef[] };
    for (const stored of records) {
      let mapped: MapResult;
      try {
        mapped = options.mapRecord(stored.source, stored.payload);
      } catch {
        // Today's mapper rejects a record ingestion once accepted (the rules changed); a rebuild
        // settles it, and the views' periodic recompute picks up whatever it holds.
        continue;
      }
      if (mapped.kind === 'mapped') addRecordChanges(mapped.observations, touched);
    }
    return { ...touched, people: await reader.readPeopleTouching(touched.keys, touched.items) };
  }

  function addRound(people: readonly number[] | 'all', touched?: RecordChanges): void {
    for (const watch of watches) {
      if (watch.pending === 'all') continue;
      if (touched === undefined) watch.pending = 'all';
      else {
        for (const key of touched.keys) watch.pending.keys.add(key);
        for (const item of touched.items) watch.pending.items.set(`${item.repo}#${item.number}`, item);
      }
    }
    round += 1;
    generation += 1;
    changes.push({ round, people });
    // Rounds every view has applied (or started after) are no longer needed.
    let oldest = round;
    for (const slot of slots.values()) {
      if (slot.current !== null) oldest = Math.min(oldest, slot.current.appliedRound);
      if (slot.computing !== null) oldest = Math.min(oldest, slot.computing.startedRound);
    }
    while (changes.length > 0 && changes[0]!.round <= oldest) changes.shift();
  }

  // --- views ---

  /** Brings a computed view up to the latest round; false when a round asks for a recompute. */
  function applyChanges(slot: ViewSlot, computed: Computed<AnyView>): Promise<boolean> {
    computed.patching = computed.patching.then(async () => {
      const target = round;
      if (computed.appliedRound >= target) return true;
      const people = new Set<number>();
      for (const change of changes) {
        if (change.round <= computed.appliedRound || change.round > target) continue;
        if (change.people === 'all') return false;
        for (const id of change.people) people.add(id);
      }
      if (people.size > 0) await patchPeople(slot, computed.value, [...people]);
      computed.appliedRound = target;
      return true;
    });
    return computed.patching;
  }

  async function patchPeople(slot: ViewSlot, view: AnyView, ids: readonly number[]): Promise<void> {
    const summaries = new Map((await reader.readPeople(ids)).map((person) => [person.id, person] as const));
    if (view instanceof BoardView) {
      // Rolling windows end now: acts stored after the board was computed belong on it.
      view.extendTo(resolveWindow(slot.spec!, { now: options.now() }).to);
      for (const id of ids) {
        const person = summaries.get(id);
        if (person === undefined) {
          view.replace(id, null);
          continue;
        }
        const facts = await readFacts({
          from: view.window.from,
          to: view.window.to,
          repo: slot.scope.repo,
          repos: slot.scope.repos,
          personId: id,
        });
        view.replace(id, toBoardEntry(buildPersonBreakdown({ facts, person, rules, window: view.window })));
      }
      return;
    }
    for (const id of ids) {
      view.series.delete(id);
      const person = summaries.get(id);
      if (person === undefined || scorer.personExclusion(person) !== null) continue;
      tallyWeeklyPoints(
        await readFacts({
          from: view.frame.from,
          repo: slot.scope.repo,
          repos: slot.scope.repos,
          personId: id,
        }),
        scorer,
        view.frame,
        view.series,
      );
    }
  }

  async function readFacts(filter: ActivityFilter): Promise<ScoringFact[]> {
    const facts: ScoringFact[] = [];
    for await (const chunk of reader.readScoringFacts(filter, 10_000))
      for (const fact of chunk) facts.push(fact);
    return facts;
  }

  function startComputing(slot: ViewSlot): Promise<Computed<AnyView>> {
    if (slot.computing !== null) return slot.computing.promise;
    const startedRound = round;
    const promise = (async (): Promise<Computed<AnyView>> => {
      for (let attempt = 1; ; attempt++) {
        const started = round;
        const value =
          slot.spec === null ? await computeWeekly(slot.scope) : await computeBoard(slot.spec, slot.scope);
        const computed: Computed<AnyView> = {
          value,
          computedAtMs: clockMs(),
          appliedRound: started,
          patching: Promise.resolve(true),
        };
        // Records stored while computing may or may not be in it: apply them (a person's recompute is idempotent).
        if ((await applyChanges(slot, computed)) || attempt === 3) return computed;
      }
    })();
    slot.computing = { startedRound, promise };
    promise.then(
      (computed) => {
        slot.current = computed;
        slot.computing = null;
        generation += 1;
      },
      (error: unknown) => {
        slot.computing = null;
        if (slot.current !== null) reportBackground(error);
      },
    );
    return promise;
  }

  async function computeBoard(spec: WindowSpec, scope: RepoScope): Promise<BoardView> {
    const window = resolveWindow(spec, { now: options.now() });
    return new BoardView(
      await readLeaderboard(reader, { rules, window, repo: scope.repo, repos: scope.repos }),
    );
  }

  async function computeWeekly(scope: RepoScope): Promise<WeeklyView> {
    const frame = toWeekFrame(options.now(), SPARKLINE_WEEKS);
    const series = new Map<number, Float64Array>();
    const filter = { from: frame.from, repo: scope.repo, repos: scope.repos };
    const tally = createWeeklyPointsTally(scorer, frame, series);
    for await (const batch of reader.readActivityColumns(filter, { detailKinds: SCORING_DETAIL_KINDS }))
      tally.addColumns(batch);
    for (const person of await reader.readPeople([...series.keys()])) {
      if (scorer.personExclusion(person) !== null) series.delete(person.id);
    }
    return { kind: 'weekly', frame, weekStarts: weekStartsOf(frame), series };
  }

  async function view(key: string, spec: WindowSpec | null, scope: RepoScope): Promise<AnyView> {
    await ensureCurrent(false);
    let slot = slots.get(key);
    if (slot === undefined) {
      slot = { key, spec, scope, current: null, computing: null, lastUsedMs: 0 };
      slots.set(key, slot);
      evictViews();
    }
    slot.lastUsedMs = clockMs();
    const current = slot.current;
    if (current === null) return (await startComputing(slot)).value;
    const applied = await applyChanges(slot, current);
    if (!applied || clockMs() - current.computedAtMs > maxAgeMs) {
      // Served as it is while a fresh one is computed.
      startComputing(slot).catch(() => {});
    }
    return current.value;
  }

  function evictViews(): void {
    while (slots.size > maxViews) {
      let oldest: ViewSlot | null = null;
      for (const slot of slots.values()) {
        if (slot.computing === null && (oldest === null || slot.lastUsedMs < oldest.lastUsedMs))
          oldest = slot;
      }
      if (oldest === null) return;
      slots.delete(oldest.key);
    }
  }

  async function board(windowText: string, scope: RepoScope): Promise<BoardView> {
    return (await view(`board:${windowText}:${scope.key}`, parseWindow(windowText), scope)) as BoardView;
  }

  async function weekly(scope: RepoScope): Promise<WeeklyView> {
    return (await view(`weekly:${scope.key}`, null, scope)) as WeeklyView;
  }

  // --- answers ---

  /**
   * The stored groups, read again when the last read is older than `maxStaleMs` (so a new import
   * shows as soon as new records do) and shared by concurrent reads.
   */
  function readGroups(): Promise<readonly Group[]> {
    const nowMs = clockMs();
    if (groupsRead === null || maxStaleMs === 0 || nowMs - groupsRead.atMs > maxStaleMs) {
      const promise = options.groups.readGroups();
      groupsRead = { atMs: nowMs, promise };
      promise.catch(() => {
        if (groupsRead?.promise === promise) groupsRead = null;
      });
    }
    return groupsRead.promise;
  }

  /** The repositories a board covers; a group is looked up (a {@link GroupNotFoundError} when unknown). */
  async function scopeOf(query: LeaderboardQuery): Promise<{ scope: RepoScope; group: Group | null }> {
    const repo = query.repo ?? null;
    const groupId = query.group?.trim() || null;
    if (repo !== null && groupId !== null)
      throw new InputError('rank a repository or a group, not both (repo and group)');
    if (groupId !== null) {
      const group = await findGroup({ readGroups }, groupId);
      // Keyed by the group's repositories too, so a new import of the groups makes a new view.
      return {
        scope: { key: `group:${group.id}:${group.repos.join(',')}`, repo: null, repos: group.repos },
        group,
      };
    }
    return { scope: repo === null ? EVERY_REPO : { key: `repo:${repo}`, repo, repos: null }, group: null };
  }

  async function leaderboard(query: LeaderboardQuery): Promise<LeaderboardPage> {
    await ensureCurrent(false);
    const { scope, group } = await scopeOf(query);
    const key = JSON.stringify([
      query.window,
      scope.key,
      query.search ?? null,
      query.sort ?? 'points',
      query.offset ?? 0,
      query.limit ?? 50,
    ]);
    const cached = pages.get(key);
    // Reused for a second at most, so views' ages are still checked (and recomputed) while busy.
    if (cached !== undefined && cached.generation === generation && clockMs() - cached.atMs < PAGE_REUSE_MS)
      return cached.page;
    const startedGeneration = generation;
    const page = await buildPage(query, scope, group);
    pages.delete(key);
    pages.set(key, { page, generation: startedGeneration, atMs: clockMs() });
    if (pages.size > MAX_CACHED_PAGES) pages.delete(pages.keys().next().value!);
    return page;
  }

  async function buildPage(
    query: LeaderboardQuery,
    scope: RepoScope,
    group: Group | null,
  ): Promise<LeaderboardPage> {
    const [boardView, weeklyView] = await Promise.all([board(query.window, scope), weekly(scope)]);
    const sort = query.sort ?? 'points';
    const offset = Math.max(0, query.offset ?? 0);
    const limit = Math.max(0, query.limit ?? 50);
    const search = query.search?.trim().toLowerCase() || null;

    let positions: number[] = [];
    let matching = boardView.size;
    if (search === null && sort === 'points') {
      for (let index = offset; index < Math.min(boardView.size, offset + limit); index++)
        positions.push(index);
    } else {
      for (let index = 0; index < boardView.size; index++) {
        if (
          search === null ||
          loginMatches(boardView.loginKeyAt(index), search) ||
          nameMatches(boardView.entryAt(index), search)
        ) {
          positions.push(index);
        }
      }
      if (sort === 'recent') {
        const recent = new Float64Array(boardView.size);
        for (const index of positions) {
          const series = weeklyView.series.get(boardView.entryAt(index).personId);
          recent[index] = series === undefined ? 0 : toRecentActivity(series);
        }
        positions.sort((a, b) => recent[b]! - recent[a]! || a - b);
      }
      matching = positions.length;
      positions = positions.slice(offset, offset + limit);
    }

    const empty = new Float64Array(SPARKLINE_WEEKS);
    return {
      window: { name: query.window, ...boardView.window },
      scoring: options.scoring,
      repo: scope.repo,
      group: group === null ? null : { id: group.id, name: group.name, repos: group.repos },
      search,
      sort,
      offset,
      limit,
      totalPeople: boardView.size,
      matching,
      weekStarts: weeklyView.weekStarts,
      rows: positions.map((index) => {
        const entry = boardView.entryAt(index);
        const series = weeklyView.series.get(entry.personId) ?? empty;
        return {
          rank: boardView.rankAt(index),
          personId: entry.personId,
          login: entry.login,
          name: entry.name,
          points: entry.points,
          lastActiveAt: entry.lastActiveAt,
          counts: entry.counts,
          weekly: [...series],
          recentActivity: Math.round(toRecentActivity(series) * 100) / 100,
        };
      }),
    };
  }

  async function profile(
    who: PersonKey,
    profileOptions: { readonly window?: string } = {},
  ): Promise<PersonProfile | null> {
    const spec = parseWindow(profileOptions.window ?? 'ytd');
    await ensureCurrent(false);
    const person = await findPerson(who);
    if (person === null) return null;
    const standings = await Promise.all(
      DASHBOARD_WINDOWS.map(async ({ name }): Promise<PersonStanding> => {
        const boardView = await board(name, EVERY_REPO);
        const index = boardView.indexOf(person.id);
        return {
          window: name,
          label: boardView.window.label,
          points: index < 0 ? 0 : boardView.entryAt(index).points,
          rank: index < 0 ? null : boardView.rankAt(index),
          of: boardView.size,
        };
      }),
    );
    const now = options.now();
    const window = resolveWindow(spec, { now });
    const frame = toWeekFrame(now, PROFILE_WEEKS);
    // One read covers both the asked window and the activity chart; each keeps its own part.
    const from = window.from === null ? null : earlierOf(window.from, frame.from);
    const facts = await readFacts({ from, personId: person.id });
    const breakdown = buildPersonBreakdown({ facts, person, rules, window });
    return {
      personId: person.id,
      login: person.login,
      name: person.name,
      excluded: breakdown.excluded,
      standings,
      breakdown,
      scoring: options.scoring,
      activity: toWeeklyActivity(facts, person, frame),
    };
  }

  function toWeeklyActivity(
    facts: readonly ScoringFact[],
    person: PersonSummary,
    frame: WeekFrame,
  ): PersonProfile['activity'] {
    const points = new Map<number, Float64Array>();
    const acts = new Array<number>(frame.weeks).fill(0);
    if (scorer.personExclusion(person) === null) {
      tallyWeeklyPoints(facts, scorer, frame, points);
      for (const fact of facts) {
        const week = weekIndexOf(frame, fact.occurredAt);
        if (week >= 0 && scorer.factExclusion(fact) === null) acts[week]! += 1;
      }
    }
    return {
      weekStarts: weekStartsOf(frame),
      points: [...(points.get(person.id) ?? new Float64Array(frame.weeks))],
      acts,
    };
  }

  /**
   * The person a login names: a GitHub login (current or former), else a handle shown on the
   * boards (someone known only by email is shown by its local part, which no login lookup finds).
   */
  async function findPerson(who: PersonKey): Promise<PersonSummary | null> {
    if (typeof who !== 'string') {
      const [person] = await reader.readPeople([who.personId]);
      return person ?? null;
    }
    const login = who;
    const found = await reader.findPersonByLogin(login);
    if (found !== null) return found;
    const everyone = await board('all', EVERY_REPO);
    const key = login.trim().toLowerCase();
    for (let index = 0; index < everyone.size; index++) {
      const entry = everyone.entryAt(index);
      if (entry.login.toLowerCase() !== key) continue;
      const [person] = await reader.readPeople([entry.personId]);
      return person ?? null;
    }
    return null;
  }

  async function badge(who: PersonKey): Promise<BadgeFacts | null> {
    await ensureCurrent(false);
    const person = await findPerson(who);
    if (person === null) return null;
    const boardView = await board('ytd', EVERY_REPO);
    const index = boardView.indexOf(person.id);
    return {
      login: person.login,
      points: index < 0 ? 0 : boardView.entryAt(index).points,
      rank: index < 0 ? null : boardView.rankAt(index),
      windowLabel: boardView.window.label,
    };
  }

  async function readCommunity(): Promise<CommunityStats> {
    await ensureCurrent(false);
    const compute = async (): Promise<Computed<CommunityStats> & { refreshing: boolean }> => {
      const started = round;
      const value = await readCommunityStats(reader, rules, {
        now: options.now(),
        groups: await options.groups.readGroups(),
      });
      return {
        value,
        computedAtMs: clockMs(),
        appliedRound: started,
        patching: Promise.resolve(true),
        refreshing: false,
      };
    };
    if (community === null) {
      communityPending ??= compute().finally(() => {
        communityPending = null;
      });
      community = await communityPending;
      return community.value;
    }
    const state = community;
    const ageMs = clockMs() - state.computedAtMs;
    // Monthly statistics need not follow each delivery: after a change they are redone once a minute at most.
    const due = (state.appliedRound < round && ageMs > 60_000) || ageMs > maxAgeMs;
    if (due && !state.refreshing) {
      state.refreshing = true;
      compute().then(
        (fresh) => {
          community = fresh;
        },
        (error: unknown) => {
          state.refreshing = false;
          reportBackground(error);
        },
      );
    }
    return state.value;
  }

  return {
    leaderboard,
    profile,
    badge,
    community: readCommunity,
    groups: () => options.groups.readGroups(),
    refresh: () => ensureCurrent(true),
    version: () => round,
    watchChanges() {
      const watch: { pending: PendingChanges | 'all' } = { pending: 'all' };
      watches.add(watch);
      return {
        async take() {
          await ensureCurrent(true);
          const taken = watch.pending;
          watch.pending = { keys: new Set(), items: new Map() };
          return taken === 'all' ? 'all' : { keys: [...taken.keys], items: [...taken.items.values()] };
        },
      };
    },
  };
}

function parseWindow(text: string): WindowSpec {
  const parsed = parseWindowSpec(text);
  if (!parsed.ok) throw new InputError(parsed.error);
  return parsed.value;
}

/** A login matches any part of it; an unlinked handle (`person:12`) only as a whole, not by "person". */
function loginMatches(loginKey: string, search: string): boolean {
  return isUnlinkedHandle(loginKey) ? loginKey === search : loginKey.includes(search);
}

function nameMatches(entry: { readonly name: string | null }, search: string): boolean {
  return entry.name?.toLowerCase().includes(search) ?? false;
}

/** The earlier of two ISO times (they compare as text). */
function earlierOf(a: string, b: string): string {
  return a <= b ? a : b;
}
