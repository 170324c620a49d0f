import type { Leaderboard } from '../core/scoring/build-leaderboard.ts';
import type { PersonBreakdown } from '../core/scoring/build-person-breakdown.ts';
import type { KindCounts } from '../core/scoring/kind-counts.ts';
import type { ResolvedWindow } from '../core/window/resolve-window.ts';

/** One person's standing on a board, without the rank (which depends on everyone else). */
export interface BoardEntry {
  readonly personId: number;
  readonly login: string;
  readonly name: string | null;
  readonly points: number;
  readonly counts: KindCounts;
  readonly lastActiveAt: string;
}

interface SortedEntry {
  readonly entry: BoardEntry;
  readonly loginKey: string;
}

/**
 * A leaderboard kept in memory that takes one person's new standing without being rebuilt: rows
 * stay in the order `buildLeaderboard` gives (points descending, then login ignoring case, then
 * login, then id), ranks are competition ranks (1, 1, 3). A change is two binary searches and two
 * array moves; a rank is a binary search for the first row with the same points. Nothing is
 * indexed by position, so a change never renumbers the rows after it.
 */
export class BoardView {
  /** The window the rows cover; its end moves forward as new acts are applied (see `extendTo`). */
  window: ResolvedWindow;
  readonly #entries: SortedEntry[];
  readonly #byPerson = new Map<number, SortedEntry>();

  constructor(board: Leaderboard) {
    this.window = board.window;
    this.#entries = board.rows.map((row) => ({
      entry: {
        personId: row.personId,
        login: row.login,
        name: row.name,
        points: row.points,
        counts: row.counts,
        lastActiveAt: row.lastActiveAt,
      },
      loginKey: row.login.toLowerCase(),
    }));
    // Already in this order; sorting a sorted array is one linear pass, and makes sure of it.
    this.#entries.sort(compareEntries);
    for (const sorted of this.#entries) this.#byPerson.set(sorted.entry.personId, sorted);
  }

  /** How many people are on the board. */
  get size(): number {
    return this.#entries.length;
  }

  /** Moves the window's end forward (never back), so acts after it count when applied. */
  extendTo(to: string): void {
    if (to > this.window.to) this.window = { ...this.window, to };
  }

  /** Puts a person's new standing on the board, or takes them off it (`null`). */
  replace(personId: number, entry: BoardEntry | null): void {
    const old = this.#byPerson.get(personId);
    if (old !== undefined) {
      this.#entries.splice(this.#lowerBound(old), 1);
      this.#byPerson.delete(personId);
    }
    if (entry === null) return;
    const sorted: SortedEntry = { entry, loginKey: entry.login.toLowerCase() };
    this.#entries.splice(this.#lowerBound(sorted), 0, sorted);
    this.#byPerson.set(personId, sorted);
  }

  /** The entry at a position of the order, 0-based. */
  entryAt(index: number): BoardEntry {
    return this.#entries[index]!.entry;
  }

  /** The login of the entry at a position, lower-cased (for searching). */
  loginKeyAt(index: number): string {
    return this.#entries[index]!.loginKey;
  }

  /** The competition rank of the entry at a position: one more than the rows with more points. */
  rankAt(index: number): number {
    const points = this.#entries[index]!.entry.points;
    let low = 0;
    let high = index;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.#entries[middle]!.entry.points > points) low = middle + 1;
      else high = middle;
    }
    return low + 1;
  }

  /** The position of a person on the board, or -1. */
  indexOf(personId: number): number {
    const sorted = this.#byPerson.get(personId);
    return sorted === undefined ? -1 : this.#lowerBound(sorted);
  }

  /** The first position whose entry does not sort before `sorted` (its own position when present). */
  #lowerBound(sorted: SortedEntry): number {
    let low = 0;
    let high = this.#entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareEntries(this.#entries[middle]!, sorted) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/**
 * A person's board entry from their breakdown over the same window: null when nothing of theirs
 * counts (no counted act, or the person is excluded), exactly when `buildLeaderboard` leaves them out.
 */
export function toBoardEntry(breakdown: PersonBreakdown): BoardEntry | null {
  if (breakdown.excluded !== null) return null;
  let lastActiveAt: string | null = null;
  for (const act of breakdown.evidence) {
    if (act.excluded === null && (lastActiveAt === null || act.occurredAt > lastActiveAt))
      lastActiveAt = act.occurredAt;
  }
  if (lastActiveAt === null) return null;
  return {
    personId: breakdown.personId,
    login: breakdown.login,
    name: breakdown.name,
    points: breakdown.points,
    counts: breakdown.counts,
    lastActiveAt,
  };
}

function compareEntries(a: SortedEntry, b: SortedEntry): number {
  return (
    b.entry.points - a.entry.points ||
    compareText(a.loginKey, b.loginKey) ||
    compareText(a.entry.login, b.entry.login) ||
    a.entry.personId - b.entry.personId
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
