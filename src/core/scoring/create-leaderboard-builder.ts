import { ACTIVITY_KINDS } from '../activity.ts';
import type { ActivityColumns } from '../activity-columns.ts';
import type { PersonSummary } from '../scoring-fact.ts';
import type { ResolvedWindow } from '../window/resolve-window.ts';
import { isoInstantToMs } from '../window/utc-calendar.ts';
import type { Leaderboard } from './build-leaderboard.ts';
import { rankLeaderboard } from './build-leaderboard.ts';
import { createColumnScorer } from './create-column-scorer.ts';
import { createFactScorer } from './create-fact-scorer.ts';
import type { ScoringRules } from './scoring-rules.ts';

/**
 * Tallies a board from acts in column batches, with no object per act, and ranks it once the
 * people are known: the same board `buildLeaderboard` makes from the same acts as fact objects.
 */
export interface LeaderboardBuilder {
  /**
   * Takes a batch of acts (details of `SCORING_DETAIL_KINDS` read); the batch is not kept. Acts
   * outside the window, of no known kind or with an unreadable time are left out.
   */
  addColumns(columns: ActivityColumns): void;
  /** The ids of everyone with an act in the window so far: the people `finish` needs. */
  personIds(): number[];
  /** Ranks what was added. Call once, after the last batch. */
  finish(options: LeaderboardFinish): Leaderboard;
}

/** What ranking a tallied board needs besides the acts. */
export interface LeaderboardFinish {
  /** At least everyone of `personIds()`; acts of anyone missing count as `unknownPersonFacts`. */
  readonly people: ReadonlyMap<number, PersonSummary>;
  /** Keep only the first rows (ties at the cut are cut too); all rows when omitted. */
  readonly limit?: number;
  /** Leave out people whose counted acts are all worth 0 points (listed by default). */
  readonly omitZeroPoints?: boolean;
}

const KIND_COUNT = ACTIVITY_KINDS.length;
/** Person ids below this use the dense slot table (at most 16 MB). */
const DENSE_ID_LIMIT = 1 << 22;

/**
 * Starts a board over `window` under `rules`. Totals are kept per person id, whoever it is, and
 * person exclusions (bots, the deny-list) and unknown people are applied when ranking, since the
 * people are read once the acts name them.
 */
export function createLeaderboardBuilder(input: {
  readonly rules: ScoringRules;
  readonly window: ResolvedWindow;
}): LeaderboardBuilder {
  const { window } = input;
  const scorer = createFactScorer(input.rules);
  const columnScorer = createColumnScorer(scorer);
  const fromMs = window.from === null ? Number.NEGATIVE_INFINITY : isoInstantToMs(window.from);
  const toMs = isoInstantToMs(window.to);

  const personIdOfSlot: number[] = [];
  let capacity = 256;
  /** Acts in the window per slot, counted or not (for `unknownPersonFacts`). */
  let inWindow = new Uint32Array(capacity);
  let lastActiveMs = new Float64Array(capacity);
  let points = new Float64Array(capacity);
  let counts = new Uint32Array(capacity * KIND_COUNT);
  /** Person id -> slot + 1 (0 unseen) for small ids; others go to the map. */
  let denseSlots: Int32Array = new Int32Array(1024);
  const sparseSlots = new Map<number, number>();

  const newSlot = (personId: number): number => {
    const slot = personIdOfSlot.length;
    personIdOfSlot.push(personId);
    if (slot === capacity) {
      capacity *= 2;
      inWindow = grown(inWindow, new Uint32Array(capacity));
      lastActiveMs = grown(lastActiveMs, new Float64Array(capacity));
      points = grown(points, new Float64Array(capacity));
      counts = grown(counts, new Uint32Array(capacity * KIND_COUNT));
    }
    return slot;
  };

  return {
    addColumns(columns) {
      columnScorer.prepare(columns);
      const { personId, kind, time } = columns;
      for (let i = 0; i < columns.size; i++) {
        const at = time[i]!;
        // Written so that an unreadable time (NaN) is outside every window.
        if (!(at < toMs && at >= fromMs)) continue;
        const id = personId[i]!;
        let slot: number;
        if (id >= 0 && id < DENSE_ID_LIMIT) {
          if (id >= denseSlots.length) denseSlots = grownTo(denseSlots, id);
          slot = denseSlots[id]! - 1;
          if (slot < 0) {
            slot = newSlot(id);
            denseSlots[id] = slot + 1;
          }
        } else {
          slot = sparseSlots.get(id) ?? -1;
          if (slot < 0) {
            slot = newSlot(id);
            sparseSlots.set(id, slot);
          }
        }
        inWindow[slot]! += 1;
        const kindIndex = kind[i]!;
        if (kindIndex >= KIND_COUNT || columnScorer.isExcludedByItem(columns, i)) continue;
        points[slot]! += columnScorer.pointsOf(columns, i);
        counts[slot * KIND_COUNT + kindIndex]! += 1;
        if (at > lastActiveMs[slot]!) lastActiveMs[slot] = at;
      }
    },
    personIds() {
      return [...personIdOfSlot];
    },
    finish(options) {
      let unknownPersonFacts = 0;
      const personOfSlot = personIdOfSlot.map((id, slot): PersonSummary | null => {
        const person = options.people.get(id);
        if (person === undefined) {
          unknownPersonFacts += inWindow[slot]!;
          return null;
        }
        return scorer.personExclusion(person) === null ? person : null;
      });
      return rankLeaderboard(
        { personOfSlot, points, counts, lastActiveMs },
        { window, limit: options.limit, omitZeroPoints: options.omitZeroPoints, unknownPersonFacts },
      );
    },
  };
}

function grown<T extends Uint32Array | Float64Array>(table: T, into: T): T {
  into.set(table);
  return into;
}

function grownTo(table: Int32Array, index: number): Int32Array {
  let length = table.length;
  while (length <= index) length *= 2;
  const grownTable = new Int32Array(Math.min(length, DENSE_ID_LIMIT));
  grownTable.set(table);
  return grownTable;
}
