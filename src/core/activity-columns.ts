import { isoTimeToMs } from './ladder/iso-time-ms.ts';
import { ACTIVITY_KIND_INDEX } from './scoring/kind-counts.ts';
import type { ScoringFact, ScoringItem } from './scoring-fact.ts';

/**
 * A batch of stored activities in columns, for reading millions of them without an object per act:
 * act `i` (for `i < size`; the columns may be longer) is the same as one {@link ScoringFact} without
 * its key and URL. Items, repositories and details are tables the columns point into, so what
 * depends only on an item (its labels, its state) is worked out once per item. The batches of one
 * read may share the tables, which then only grow.
 */
export interface ActivityColumns {
  readonly size: number;
  readonly personId: Int32Array;
  /** Index in `ACTIVITY_KINDS`; anything else is an act of no kind rungs knows, left out. */
  readonly kind: Uint8Array;
  /** When the act happened, in ms since the epoch (NaN when unreadable: left out). */
  readonly time: Float64Array;
  /** Index in `repos`, or -1 for an act in no repository. */
  readonly repo: Int32Array;
  /** The issue or PR number, or -1 for none. */
  readonly itemNumber: Int32Array;
  /** Index in `items` of the act's item as it is now, or -1 when it has none or it was never seen. */
  readonly item: Int32Array;
  /** Index in `details`, or -1 for details the reader left out (read as `{}`). */
  readonly detail: Int32Array;
  readonly repos: readonly string[];
  readonly items: readonly ScoringItem[];
  readonly details: readonly Readonly<Record<string, unknown>>[];
}

/**
 * The same acts as columns, in the same order (keys and URLs are dropped). Acts of a kind rungs does
 * not know get kind 255. For tests and small inputs; storage makes columns directly.
 */
export function toActivityColumns(facts: readonly ScoringFact[]): ActivityColumns {
  const size = facts.length;
  const columns = {
    size,
    personId: new Int32Array(size),
    kind: new Uint8Array(size),
    time: new Float64Array(size),
    repo: new Int32Array(size),
    itemNumber: new Int32Array(size),
    item: new Int32Array(size),
    detail: new Int32Array(size),
    repos: [] as string[],
    items: [] as ScoringItem[],
    details: [] as Readonly<Record<string, unknown>>[],
  };
  const repoIndex = new Map<string, number>();
  const itemIndex = new Map<ScoringItem, number>();
  facts.forEach((fact, index) => {
    columns.personId[index] = fact.personId;
    columns.kind[index] = ACTIVITY_KIND_INDEX.get(fact.kind) ?? 255;
    columns.time[index] = isoTimeToMs(fact.occurredAt);
    let repo = -1;
    if (fact.repo !== null) {
      repo = repoIndex.get(fact.repo) ?? columns.repos.length;
      if (repo === columns.repos.length) {
        columns.repos.push(fact.repo);
        repoIndex.set(fact.repo, repo);
      }
    }
    columns.repo[index] = repo;
    columns.itemNumber[index] = fact.itemNumber ?? -1;
    let item = -1;
    if (fact.item !== null) {
      item = itemIndex.get(fact.item) ?? columns.items.length;
      if (item === columns.items.length) {
        columns.items.push(fact.item);
        itemIndex.set(fact.item, item);
      }
    }
    columns.item[index] = item;
    columns.detail[index] = columns.details.length;
    columns.details.push(fact.details);
  });
  return columns;
}
