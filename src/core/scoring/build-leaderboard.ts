import { ACTIVITY_KINDS } from '../activity.ts';
import type { PersonSummary, ScoringFact } from '../scoring-fact.ts';
import type { ResolvedWindow } from '../window/resolve-window.ts';
import { formatUtcInstant, isoInstantToMs } from '../window/utc-calendar.ts';
import { createFactScorer } from './create-fact-scorer.ts';
import type { KindCounts } from './kind-counts.ts';
import { ACTIVITY_KIND_INDEX, toKindCounts } from './kind-counts.ts';
import type { ScoringRules } from './scoring-rules.ts';

/** One person's line on the board. */
export interface LeaderboardRow {
  /** Competition ranking: equal totals share a rank and the next rank skips (1, 1, 3). */
  readonly rank: number;
  readonly personId: number;
  readonly login: string;
  readonly name: string | null;
  readonly points: number;
  /** Acts in the window that were not excluded, per kind (zero-point acts included); every kind present. */
  readonly counts: KindCounts;
  /** The time of the person's latest counted act in the window. */
  readonly lastActiveAt: string;
}

/** A ranked board for one window. */
export interface Leaderboard {
  readonly window: ResolvedWindow;
  /** Sorted by points descending, then login (case-insensitive) ascending; cut to `limit`. */
  readonly rows: readonly LeaderboardRow[];
  /** How many people the board ranks before `limit` cuts it. */
  readonly totalPeople: number;
  /** Facts in the window whose person was not in `people`; they are not on the board. */
  readonly unknownPersonFacts: number;
}

/** What a board is built from. */
export interface LeaderboardInput {
  readonly facts: Iterable<ScoringFact>;
  readonly people: ReadonlyMap<number, PersonSummary>;
  readonly rules: ScoringRules;
  readonly window: ResolvedWindow;
  /** Keep only the first rows (ties at the cut are cut too); all rows when omitted. */
  readonly limit?: number;
  /** Leave out people whose counted acts are all worth 0 points (listed by default). */
  readonly omitZeroPoints?: boolean;
}

const KIND_COUNT = ACTIVITY_KINDS.length;
/** Slot codes: a person not in `people`, a person whose every act is excluded, then real slots. */
const UNKNOWN_CODE = 1;
const SKIPPED_CODE = 2;
const FIRST_SLOT_CODE = 3;
/** Person ids below this use the dense slot table (at most 16 MB). */
const DENSE_ID_LIMIT = 1 << 22;

/**
 * Ranks people by points over the facts inside the window. Everyone with at least one counted act
 * is ranked; excluded people (bots, the deny-list) are not listed at all; excluded acts count
 * neither in points nor in `counts`. Built for millions of facts: one pass, totals in typed arrays
 * indexed by a per-person slot, no allocation per fact on the common path.
 */
export function buildLeaderboard(input: LeaderboardInput): Leaderboard {
  const { people, window } = input;
  const scorer = createFactScorer(input.rules);
  // Times compare as numbers: string comparison is a builtin call per fact and far slower.
  const fromMs = window.from === null ? Number.NEGATIVE_INFINITY : isoInstantToMs(window.from);
  const toMs = isoInstantToMs(window.to);

  const personOfSlot: PersonSummary[] = [];
  let capacity = 256;
  let lastActiveMs = new Float64Array(capacity);
  let points = new Float64Array(capacity);
  let counts = new Uint32Array(capacity * KIND_COUNT);
  let unknownPersonFacts = 0;

  // Person id -> slot code (0 unseen, UNKNOWN_CODE, SKIPPED_CODE, or slot + FIRST_SLOT_CODE). Ids are
  // small database integers, so a dense table avoids hashing per fact; others go to a map.
  let denseCodes: Int32Array = new Int32Array(1024);
  const sparseCodes = new Map<number, number>();

  const classify = (personId: number): number => {
    const person = people.get(personId);
    if (person === undefined) return UNKNOWN_CODE;
    if (scorer.personExclusion(person) !== null) return SKIPPED_CODE;
    const slot = personOfSlot.length;
    personOfSlot.push(person);
    if (slot === capacity) {
      capacity *= 2;
      const grownLastActive = new Float64Array(capacity);
      grownLastActive.set(lastActiveMs);
      lastActiveMs = grownLastActive;
      const grownPoints = new Float64Array(capacity);
      grownPoints.set(points);
      points = grownPoints;
      const grownCounts = new Uint32Array(capacity * KIND_COUNT);
      grownCounts.set(counts);
      counts = grownCounts;
    }
    return slot + FIRST_SLOT_CODE;
  };

  for (const fact of input.facts) {
    const at = isoInstantToMs(fact.occurredAt);
    // Written so that an unreadable time (NaN) is outside every window.
    if (!(at < toMs && at >= fromMs)) continue;
    const personId = fact.personId;
    let code: number;
    if (personId >= 0 && personId < DENSE_ID_LIMIT && Number.isInteger(personId)) {
      if (personId >= denseCodes.length) denseCodes = growTo(denseCodes, personId);
      code = denseCodes[personId]!;
      if (code === 0) {
        code = classify(personId);
        denseCodes[personId] = code;
      }
    } else {
      code = sparseCodes.get(personId) ?? 0;
      if (code === 0) {
        code = classify(personId);
        sparseCodes.set(personId, code);
      }
    }
    if (code < FIRST_SLOT_CODE) {
      if (code === UNKNOWN_CODE) unknownPersonFacts++;
      continue;
    }
    if (scorer.factExclusion(fact) !== null) continue;
    const kindIndex = ACTIVITY_KIND_INDEX.get(fact.kind);
    if (kindIndex === undefined) continue;
    const slot = code - FIRST_SLOT_CODE;
    points[slot]! += scorer.factPoints(fact);
    counts[slot * KIND_COUNT + kindIndex]! += 1;
    if (at > lastActiveMs[slot]!) lastActiveMs[slot] = at;
  }

  return rankLeaderboard(
    { personOfSlot, points, counts, lastActiveMs },
    { window, limit: input.limit, omitZeroPoints: input.omitZeroPoints, unknownPersonFacts },
  );
}

/**
 * Per-person totals in slots, as a board is tallied: slot `s` holds `points[s]`, the counts of each
 * kind from `counts[s * ACTIVITY_KINDS.length]` and the latest counted act's time (ms).
 */
export interface LeaderboardTallies {
  /** The person of each slot, or null for a slot not to rank (an unknown or excluded person). */
  readonly personOfSlot: readonly (PersonSummary | null)[];
  readonly points: Float64Array;
  readonly counts: Uint32Array;
  readonly lastActiveMs: Float64Array;
}

/**
 * Ranks tallied people into a board: people with at least one counted act (and, with
 * `omitZeroPoints`, more than 0 points), ordered and ranked as {@link Leaderboard} says.
 */
export function rankLeaderboard(
  tallies: LeaderboardTallies,
  options: {
    readonly window: ResolvedWindow;
    readonly limit?: number | undefined;
    readonly omitZeroPoints?: boolean | undefined;
    readonly unknownPersonFacts: number;
  },
): Leaderboard {
  const { personOfSlot, points, counts, lastActiveMs } = tallies;
  const ranked: number[] = [];
  for (let slot = 0; slot < personOfSlot.length; slot++) {
    if (personOfSlot[slot] === null || !hasCountedActs(counts, slot)) continue;
    if (options.omitZeroPoints && points[slot] === 0) continue;
    ranked.push(slot);
  }
  const loginKey = personOfSlot.map((person) => person?.login.toLowerCase() ?? '');
  ranked.sort(
    (a, b) =>
      points[b]! - points[a]! ||
      compareText(loginKey[a]!, loginKey[b]!) ||
      compareText(personOfSlot[a]!.login, personOfSlot[b]!.login) ||
      personOfSlot[a]!.id - personOfSlot[b]!.id,
  );

  const limit =
    options.limit === undefined ? ranked.length : Math.max(0, Math.min(options.limit, ranked.length));
  const rows: LeaderboardRow[] = [];
  let rank = 0;
  for (let position = 0; position < limit; position++) {
    const slot = ranked[position]!;
    if (position === 0 || points[slot] !== points[ranked[position - 1]!]) rank = position + 1;
    const person = personOfSlot[slot]!;
    rows.push({
      rank,
      personId: person.id,
      login: person.login,
      name: person.name,
      points: points[slot]!,
      counts: toKindCounts(counts, slot * KIND_COUNT),
      lastActiveAt: formatUtcInstant(lastActiveMs[slot]!),
    });
  }
  return {
    window: options.window,
    rows,
    totalPeople: ranked.length,
    unknownPersonFacts: options.unknownPersonFacts,
  };
}

function growTo(table: Int32Array, index: number): Int32Array {
  let length = table.length;
  while (length <= index) length *= 2;
  const grown = new Int32Array(Math.min(length, DENSE_ID_LIMIT));
  grown.set(table);
  return grown;
}

function hasCountedActs(counts: Uint32Array, slot: number): boolean {
  const start = slot * KIND_COUNT;
  for (let index = start; index < start + KIND_COUNT; index++) if (counts[index]! > 0) return true;
  return false;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
