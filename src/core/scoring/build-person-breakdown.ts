import type { ActivityKind } from '../activity.ts';
import { ACTIVITY_KINDS } from '../activity.ts';
import type { PersonSummary, ScoringFact } from '../scoring-fact.ts';
import type { ResolvedWindow } from '../window/resolve-window.ts';
import type { ExclusionReason } from './create-fact-scorer.ts';
import { createFactScorer } from './create-fact-scorer.ts';
import type { KindCounts } from './kind-counts.ts';
import type { ScoringRules } from './scoring-rules.ts';

/** One act behind a person's total: what it was, where to see it, what it earned and why. */
export interface EvidenceEntry {
  readonly key: string;
  readonly kind: ActivityKind;
  readonly occurredAt: string;
  readonly url: string | null;
  readonly repo: string | null;
  readonly itemNumber: number | null;
  /** 0 when excluded. */
  readonly points: number;
  readonly excluded: ExclusionReason | null;
  /** For an issue opening, the issue kind its current labels select (`bug`), or null for any other issue. */
  readonly issueKind: string | null;
}

/** One person's total in a window, explained act by act. */
export interface PersonBreakdown {
  readonly window: ResolvedWindow;
  readonly personId: number;
  readonly login: string;
  readonly name: string | null;
  /** Why every act of this person is excluded (a bot, the deny-list), or null. */
  readonly excluded: ExclusionReason | null;
  readonly points: number;
  /** Points per kind over counted acts; every kind present. */
  readonly pointsByKind: Readonly<Record<ActivityKind, number>>;
  /** Counted (not excluded) acts per kind; every kind present. Same numbers as the person's board row. */
  readonly counts: KindCounts;
  /** Every act of the person in the window, excluded ones too, oldest first (ties by key). */
  readonly evidence: readonly EvidenceEntry[];
}

/** What a breakdown is built from; facts of other people are ignored. */
export interface PersonBreakdownInput {
  readonly facts: Iterable<ScoringFact>;
  readonly person: PersonSummary;
  readonly rules: ScoringRules;
  readonly window: ResolvedWindow;
}

/**
 * Explains one person's points in a window with the same rules and window as the leaderboard, so
 * the totals agree with their row; excluded acts are listed with their reason and 0 points.
 */
export function buildPersonBreakdown(input: PersonBreakdownInput): PersonBreakdown {
  const { person, window } = input;
  const scorer = createFactScorer(input.rules);
  const personExcluded = scorer.personExclusion(person);
  const pointsByKind = zeroPerKind();
  const counts = zeroPerKind();
  const evidence: EvidenceEntry[] = [];
  let points = 0;

  for (const fact of input.facts) {
    if (fact.personId !== person.id) continue;
    if (fact.occurredAt >= window.to || (window.from !== null && fact.occurredAt < window.from)) continue;
    const excluded = personExcluded ?? scorer.factExclusion(fact);
    const earned = excluded === null ? scorer.factPoints(fact) : 0;
    if (excluded === null) {
      points += earned;
      pointsByKind[fact.kind] += earned;
      counts[fact.kind] += 1;
    }
    evidence.push({
      key: fact.key,
      kind: fact.kind,
      occurredAt: fact.occurredAt,
      url: fact.url,
      repo: fact.repo,
      itemNumber: fact.itemNumber,
      points: earned,
      excluded,
      issueKind:
        fact.kind === 'issue_opened' && fact.item !== null ? scorer.issueKindOf(fact.item.labels) : null,
    });
  }
  evidence.sort((a, b) => compareText(a.occurredAt, b.occurredAt) || compareText(a.key, b.key));
  return {
    window,
    personId: person.id,
    login: person.login,
    name: person.name,
    excluded: personExcluded,
    points,
    pointsByKind,
    counts,
    evidence,
  };
}

function zeroPerKind(): Record<ActivityKind, number> {
  const record = {} as Record<ActivityKind, number>;
  for (const kind of ACTIVITY_KINDS) record[kind] = 0;
  return record;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
