import type { CommunityEvaluation } from '../../core/ladder/evaluate-community.ts';
import { isoTimeToMs } from '../../core/ladder/iso-time-ms.ts';
import type { LadderFactIndex } from '../../core/ladder/ladder-fact-index.ts';
import { createLadderFactIndexBuilder } from '../../core/ladder/ladder-fact-index.ts';
import type { LadderPolicy } from '../../core/ladder/ladder-policy.ts';
import { patchLadderFactIndex } from '../../core/ladder/patch-ladder-fact-index.ts';
import { createFactScorer } from '../../core/scoring/create-fact-scorer.ts';
import type { ScoringRules } from '../../core/scoring/scoring-rules.ts';
import type { PersonSummary } from '../../core/scoring-fact.ts';
import type { ChangeFeed, RecordChanges } from '../change-feed.ts';
import { buildCommunityIndex, evaluateOverIndex, type LadderStores } from './evaluate-ladder.ts';

/** What the stored records changed since the last evaluation, or `all` when that is not known. */
export type LadderChanges = RecordChanges | 'all';

/** How an evaluation came by its index. */
export type IndexUpdate =
  | { readonly kind: 'built'; readonly reason: string }
  | {
      readonly kind: 'patched';
      /** People whose acts at some moments were read again. */
      readonly people: number;
      /** Acts read again. */
      readonly acts: number;
    };

/** Keeps everyone's ladder index between evaluations. */
export interface CommunityLadderKeeper {
  /**
   * Everyone's place on the ladder at `asOf`, as `readCommunityLadder` gives it, with the index
   * brought up to date by re-reading only the acts at the moments `changed` touched, when it can.
   */
  evaluate(
    asOf: string,
    changed: LadderChanges,
    options?: { readonly includeEvaluations?: boolean },
  ): Promise<CommunityEvaluation>;
}

export interface CommunityLadderKeeperOptions {
  readonly policy: LadderPolicy;
  readonly rules: ScoringRules;
  /** More changed acts and items than this are read by a new build instead; default 10,000. */
  readonly maxPatchChanges?: number;
  /**
   * An index older than this is built again, for changes no record tells of (`rungs rebuild` run
   * by another process); default 1 hour.
   */
  readonly maxAgeMs?: number;
  /** Milliseconds of a steady clock; default `performance.now`. */
  readonly clockMs?: () => number;
  /** Told how each evaluation came by its index (for logs and tests). */
  readonly onIndex?: (update: IndexUpdate) => void;
}

/** Room kept in a built index for patches, as a fraction of its acts. */
const SPARE = 0.25;
/** Moments per read of the acts at them (each is a bound parameter). */
const MOMENTS_PER_READ = 500;

interface Kept {
  readonly index: LadderFactIndex;
  readonly people: ReadonlyMap<number, PersonSummary>;
  readonly asOf: string;
  readonly builtAtMs: number;
}

/**
 * Evaluating everyone reads every act once into the core's index: seconds on a large community,
 * most of them reading. The keeper keeps the index and, told which activities and items the new
 * records touched (the dashboard follows the stored records and knows), re-reads only the acts at
 * the moments those touched, of the people who acted then, and edits them in: an evaluation after a webhook
 * delivery costs the evaluation itself plus a few small reads, however long the people's histories.
 * Whole moments are re-read because the index knows acts by person and time, not by key.
 *
 * It builds anew when it cannot patch soundly: on the first call, when told `all`, when the time
 * moves back, for many changes, when somebody is gone (merged into another) or the rules now
 * exclude somebody they did not (or the reverse), and after `maxAgeMs`. A failed evaluation drops
 * the index, so the next one builds.
 */
export function createCommunityLadderKeeper(
  stores: LadderStores,
  changes: Pick<ChangeFeed, 'readActsTouching'>,
  options: CommunityLadderKeeperOptions,
): CommunityLadderKeeper {
  const { policy, rules } = options;
  const maxPatchChanges = options.maxPatchChanges ?? 10_000;
  const maxAgeMs = options.maxAgeMs ?? 3_600_000;
  const clockMs = options.clockMs ?? (() => performance.now());
  const scorer = createFactScorer(rules);
  let kept: Kept | null = null;

  /** Why the kept index cannot be patched, or null when it can. */
  const reasonToBuild = (asOf: string, changed: LadderChanges): string | null => {
    if (kept === null) return 'no index yet';
    if (changed === 'all') return 'the changes are not known one by one';
    if (asOf < kept.asOf) return 'the time moved back';
    const count = changed.keys.length + changed.items.length;
    if (count > maxPatchChanges) return `${count} acts and items changed`;
    if (clockMs() - kept.builtAtMs >= maxAgeMs) return 'the index is old';
    return null;
  };

  /** Why today's people make the kept index unsound, or null. */
  const reasonPeopleChanged = (
    before: ReadonlyMap<number, PersonSummary>,
    now: ReadonlyMap<number, PersonSummary>,
  ) => {
    for (const [id, old] of before) {
      const person = now.get(id);
      if (person === undefined) return `person ${id} is gone`;
      if (person.login === old.login && person.isBot === old.isBot) continue;
      if ((scorer.personExclusion(person) === null) !== (scorer.personExclusion(old) === null))
        return `whether ${person.login} is excluded changed`;
    }
    return null;
  };

  const build = async (asOf: string, reason: string): Promise<Kept> => {
    const builtAtMs = clockMs();
    const { index, people } = await buildCommunityIndex(stores, { policy, rules, asOf }, { spare: SPARE });
    options.onIndex?.({ kind: 'built', reason });
    return { index, people, asOf, builtAtMs };
  };

  const patch = async (asOf: string, changed: RecordChanges): Promise<Kept | string> => {
    const current = kept!;
    const people = new Map(
      (await stores.activities.readPeople()).map((person) => [person.id, person] as const),
    );
    const unsound = reasonPeopleChanged(current.people, people);
    if (unsound !== null) return unsound;
    // The moments whose acts changed, per person: new acts, every act on a changed item, and acts
    // dated between the last evaluation and this one, which were not due then (an act stored ahead
    // of its time, a talk imported before it is given).
    const moments = new Map<number, Set<string>>();
    const addMoment = (personId: number, occurredAt: string): void => {
      if (!people.has(personId)) return;
      let set = moments.get(personId);
      if (set === undefined) {
        set = new Set();
        moments.set(personId, set);
      }
      set.add(occurredAt);
    };
    for (const act of await changes.readActsTouching(changed.keys, changed.items))
      addMoment(act.personId, act.occurredAt);
    if (asOf > current.asOf) {
      for await (const chunk of stores.activities.readScoringFacts({ from: current.asOf, to: asOf }, 10_000))
        for (const fact of chunk) addMoment(fact.personId, fact.occurredAt);
    }
    // Everyone's acts at those moments in one read (few acts share a second), keeping each
    // person's own moments: one query per person would cost more than the acts.
    const builder = createLadderFactIndexBuilder({ people, rules, policy });
    const edited = new Map<number, Set<number>>();
    for (const [personId, set] of moments) edited.set(personId, new Set([...set].map(isoTimeToMs)));
    const all = [...new Set([...moments.values()].flatMap((set) => [...set]))];
    let acts = 0;
    for (let from = 0; from < all.length; from += MOMENTS_PER_READ) {
      const filter = { at: all.slice(from, from + MOMENTS_PER_READ), to: asOf };
      for await (const chunk of stores.activities.readScoringFacts(filter, 10_000)) {
        for (const fact of chunk) {
          if (moments.get(fact.personId)?.has(fact.occurredAt) !== true) continue;
          builder.add(fact);
          acts++;
        }
      }
    }
    const index = patchLadderFactIndex(current.index, builder.finish(), [], edited);
    options.onIndex?.({ kind: 'patched', people: edited.size, acts });
    return { index, people, asOf, builtAtMs: current.builtAtMs };
  };

  /** Evaluations run one after another: each starts from the index the one before left. */
  let queue: Promise<unknown> = Promise.resolve();
  const evaluateInTurn = async (
    asOf: string,
    changed: LadderChanges,
    evaluateOptions: { readonly includeEvaluations?: boolean },
  ): Promise<CommunityEvaluation> => {
    try {
      const reason = reasonToBuild(asOf, changed);
      let next: Kept | string = reason ?? (await patch(asOf, changed as RecordChanges));
      if (typeof next === 'string') next = await build(asOf, next);
      kept = next;
      // The evaluation adds role holders found by a former login to its people: a copy.
      return await evaluateOverIndex(
        stores,
        next.index,
        new Map(next.people),
        { policy, rules, asOf },
        evaluateOptions,
      );
    } catch (error) {
      kept = null;
      throw error;
    }
  };

  return {
    evaluate(asOf, changed, evaluateOptions = {}) {
      const turn = queue.then(() => evaluateInTurn(asOf, changed, evaluateOptions));
      queue = turn.catch(() => {});
      return turn;
    },
  };
}
