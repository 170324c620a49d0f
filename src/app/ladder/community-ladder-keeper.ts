import type { CommunityEvaluation } from '../../core/ladder/evaluate-community.ts';
import type { LadderFactIndex } from '../../core/ladder/ladder-fact-index.ts';
import { createLadderFactIndexBuilder } from '../../core/ladder/ladder-fact-index.ts';
import type { LadderPolicy } from '../../core/ladder/ladder-policy.ts';
import { patchLadderFactIndex } from '../../core/ladder/patch-ladder-fact-index.ts';
import { createFactScorer } from '../../core/scoring/create-fact-scorer.ts';
import type { ScoringRules } from '../../core/scoring/scoring-rules.ts';
import type { PersonSummary } from '../../core/scoring-fact.ts';
import { buildCommunityIndex, evaluateOverIndex, type LadderStores } from './evaluate-ladder.ts';

/** The people whose records changed since the last evaluation, or `all` when that is not known. */
export type ChangedPeople = readonly number[] | 'all';

/** How an evaluation came by its index. */
export type IndexUpdate =
  | { readonly kind: 'built'; readonly reason: string }
  | { readonly kind: 'patched'; readonly people: number };

/** Keeps everyone's ladder index between evaluations. */
export interface CommunityLadderKeeper {
  /**
   * Everyone's place on the ladder at `asOf`, as `readCommunityLadder` gives it, with the index
   * brought up to date by re-reading only the `changed` people's acts when it can.
   */
  evaluate(
    asOf: string,
    changed: ChangedPeople,
    options?: { readonly includeEvaluations?: boolean },
  ): Promise<CommunityEvaluation>;
}

export interface CommunityLadderKeeperOptions {
  readonly policy: LadderPolicy;
  readonly rules: ScoringRules;
  /** More changed people than this are read by a new build instead; default 5,000. */
  readonly maxPatchPeople?: number;
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

interface Kept {
  readonly index: LadderFactIndex;
  readonly people: ReadonlyMap<number, PersonSummary>;
  readonly asOf: string;
  readonly builtAtMs: number;
}

/**
 * Evaluating everyone reads every act once into the core's index: seconds on a large community,
 * most of them reading. The keeper keeps the index and, told who changed since (the dashboard
 * follows the stored records and knows), replaces only those people's acts, so an evaluation after
 * a webhook delivery costs the evaluation itself plus a few small reads.
 *
 * It builds anew when it cannot patch soundly: on the first call, when told `all`, when the time
 * moves back, for many changed people, when somebody is gone (merged into another) or the rules now
 * exclude somebody they did not (or the reverse), and after `maxAgeMs`. A failed evaluation drops
 * the index, so the next one builds.
 */
export function createCommunityLadderKeeper(
  stores: LadderStores,
  options: CommunityLadderKeeperOptions,
): CommunityLadderKeeper {
  const { policy, rules } = options;
  const maxPatchPeople = options.maxPatchPeople ?? 5000;
  const maxAgeMs = options.maxAgeMs ?? 3_600_000;
  const clockMs = options.clockMs ?? (() => performance.now());
  const scorer = createFactScorer(rules);
  let kept: Kept | null = null;

  /** Why the kept index cannot be patched, or null when it can. */
  const reasonToBuild = (asOf: string, changed: ChangedPeople): string | null => {
    if (kept === null) return 'no index yet';
    if (changed === 'all') return 'the changes are not known one by one';
    if (asOf < kept.asOf) return 'the time moved back';
    if (changed.length > maxPatchPeople) return `${changed.length} people changed`;
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

  const patch = async (asOf: string, changed: readonly number[]): Promise<Kept | string> => {
    const current = kept!;
    const people = new Map(
      (await stores.activities.readPeople()).map((person) => [person.id, person] as const),
    );
    const unsound = reasonPeopleChanged(current.people, people);
    if (unsound !== null) return unsound;
    // Acts dated between the last evaluation and this one were not due then (an act stored ahead
    // of its time, a talk imported before it is given): their people are read again too.
    const due = new Set(changed);
    if (asOf > current.asOf) {
      for await (const chunk of stores.activities.readScoringFacts({ from: current.asOf, to: asOf }, 10_000))
        for (const fact of chunk) due.add(fact.personId);
    }
    const replaced = [...due].filter((id) => people.has(id));
    const builder = createLadderFactIndexBuilder({ people, rules, policy });
    for (const personId of replaced) {
      for await (const chunk of stores.activities.readScoringFacts({ personId, to: asOf }, 10_000))
        for (const fact of chunk) builder.add(fact);
    }
    const index = patchLadderFactIndex(current.index, builder.finish(), replaced);
    options.onIndex?.({ kind: 'patched', people: replaced.length });
    return { index, people, asOf, builtAtMs: current.builtAtMs };
  };

  return {
    async evaluate(asOf, changed, evaluateOptions = {}) {
      try {
        const reason = reasonToBuild(asOf, changed);
        let next: Kept | string = reason ?? (await patch(asOf, changed as readonly number[]));
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
    },
  };
}
