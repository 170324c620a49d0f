import type { ActivityKind } from '../activity.ts';
import { ACTIVITY_KINDS } from '../activity.ts';
import { DEVSTATS_EVENT_OF_KIND } from '../scoring/count-devstats-contributions.ts';
import { parseDuration } from './duration.ts';
import type {
  AllOfRequirement,
  AttestationQuorum,
  CycleAnchor,
  CyclePolicy,
  Duration,
  LadderPolicy,
  LevelPolicy,
  Requirement,
  RequirementWindow,
  ReviewState,
} from './ladder-policy.ts';
import { parseRequirementWindow } from './parse-requirement-window.ts';
import type { ActivityKindGroup, WrittenLadderPolicy, WrittenRequirement } from './written-ladder-policy.ts';
import { toRequirementPath } from './written-ladder-policy.ts';

/** Kinds that record someone vouching for a person, not work the person did. */
const NOT_CONTRIBUTIONS: ReadonlySet<ActivityKind> = new Set(['attestation', 'sponsorship']);

/** The kinds each group stands for. */
export const KINDS_OF_GROUP: Readonly<Record<ActivityKindGroup, readonly ActivityKind[]>> = {
  contributions: ACTIVITY_KINDS.filter((kind) => !NOT_CONTRIBUTIONS.has(kind)),
  devstats: ACTIVITY_KINDS.filter((kind) => DEVSTATS_EVENT_OF_KIND[kind] !== undefined),
};

const DEFAULT_CYCLE: Duration = { amount: 1, unit: 'month' };

/**
 * Normalizes a validated written policy in one step: durations and windows parsed, `after`
 * defaulted to the level above, the default cycle (1 month, calendar-aligned) filled in, kind groups
 * expanded, lists lower-cased, criterion ids made from their text when not given, and every
 * requirement named by its key path. Expects input that passed {@link WRITTEN_LADDER_POLICY_SCHEMA}.
 */
export function toLadderPolicy(written: WrittenLadderPolicy): LadderPolicy {
  const defaultCycle: CyclePolicy = {
    every: written.standing?.cycle === undefined ? DEFAULT_CYCLE : durationOf(written.standing.cycle),
    anchor: anchorOf(written.standing?.cycle_anchor),
  };
  const defaultEmeritusOffer = written.standing?.emeritus_offer_after ?? null;

  const levels = written.levels.map((level, index): LevelPolicy => {
    const base = ['levels', index] as const;
    const after =
      level.after === undefined
        ? index === 0
          ? null
          : written.levels[index - 1]!.id
        : (level.after ?? null);
    return {
      id: level.id,
      title: level.title,
      summary: level.summary,
      rank: index,
      after,
      term: level.term === undefined ? null : durationOf(level.term),
      scoped: level.scoped ?? false,
      requires: allOf([...base, 'requires'], level.requires),
      stay: level.stay === undefined || level.stay.length === 0 ? null : allOf([...base, 'stay'], level.stay),
      cycle: {
        every: level.cycle === undefined ? defaultCycle.every : durationOf(level.cycle),
        anchor: level.cycle_anchor === undefined ? defaultCycle.anchor : anchorOf(level.cycle_anchor),
      },
      emeritusOfferAfter:
        level.emeritus_offer_after === undefined ? defaultEmeritusOffer : level.emeritus_offer_after,
      benefits: level.benefits ?? [],
    };
  });

  return {
    name: written.name,
    title: written.title,
    description: written.description ?? null,
    source: written.source ?? null,
    scoring: written.scoring ?? null,
    levels,
    statuses: (written.statuses ?? []).map((status, index) => ({
      id: status.id,
      title: status.title,
      summary: status.summary ?? '',
      requires: allOf(['statuses', index, 'requires'], status.requires),
    })),
    inactivity:
      written.inactivity === undefined
        ? null
        : {
            after: durationOf(written.inactivity.after),
            grace: durationOf(written.inactivity.grace),
            kinds: expandKinds(written.inactivity.counts ?? ['contributions']),
          },
    reinstatement:
      written.reinstatement === undefined
        ? null
        : allOf(['reinstatement', 'requires'], written.reinstatement.requires),
  };
}

function allOf(path: readonly (string | number)[], list: readonly WrittenRequirement[]): AllOfRequirement {
  return {
    kind: 'all_of',
    path: toRequirementPath(path),
    title: null,
    of: list.map((item, index) => toRequirement([...path, index], item)),
  };
}

function toRequirement(path: readonly (string | number)[], written: WrittenRequirement): Requirement {
  const title = written.title ?? null;
  const at = (key: string): string => toRequirementPath([...path, key]);
  if (written.points !== undefined) {
    return {
      kind: 'points',
      path: at('points'),
      title,
      min: written.points.min,
      window: windowOf(written.points.window),
    };
  }
  if (written.count !== undefined) {
    const count = written.count;
    return {
      kind: 'count',
      path: at('count'),
      title,
      min: count.min,
      kinds: expandKinds(count.kinds),
      window: windowOf(count.window),
      labels: count.labels === undefined ? null : lowerCasedUnique(count.labels),
      repos: count.repos === undefined ? null : lowerCasedUnique(count.repos),
      groups: count.groups === undefined ? null : lowerCasedUnique(count.groups),
      inScope: count.in_scope ?? false,
      reviewStates:
        count.review_states === undefined ? null : ([...new Set(count.review_states)] as ReviewState[]),
      itemType: count.item_type ?? null,
      series: count.series ?? null,
      distinctItems: count.distinct_items ?? false,
    };
  }
  if (written.tenure !== undefined) {
    return {
      kind: 'tenure',
      path: at('tenure'),
      title,
      level: written.tenure.level,
      min: written.tenure.min === undefined ? { amount: 0, unit: 'day' } : durationOf(written.tenure.min),
    };
  }
  if (written.sponsors !== undefined) {
    return {
      kind: 'sponsors',
      path: at('sponsors'),
      title,
      min: written.sponsors.min,
      levels: [...new Set(written.sponsors.levels)],
      distinctAffiliations: written.sponsors.distinct_affiliations ?? false,
      inScope: written.sponsors.in_scope ?? false,
      exceptScopes:
        written.sponsors.except_scopes === undefined ? [] : lowerCasedUnique(written.sponsors.except_scopes),
      window: windowOf(written.sponsors.window ?? 'all'),
    };
  }
  if (written.attestation !== undefined) {
    const min = written.attestation.min ?? 1;
    const quorum: AttestationQuorum = typeof min === 'number' ? { kind: 'number', min } : { kind: min };
    return {
      kind: 'attestation',
      path: at('attestation'),
      title,
      attestation: written.attestation.kind,
      from: [...new Set(written.attestation.from)],
      quorum,
      window: windowOf(written.attestation.window ?? 'all'),
    };
  }
  if (written.attendance !== undefined) {
    const cadence = written.attendance.cadence;
    return {
      kind: 'attendance',
      path: at('attendance'),
      title,
      series: written.attendance.series,
      minRatio: written.attendance.min_ratio,
      window: windowOf(written.attendance.window),
      held: cadence === undefined ? { kind: 'recorded' } : { kind: 'every', length: durationOf(cadence) },
    };
  }
  if (written.criterion !== undefined) {
    return {
      kind: 'criterion',
      path: at('criterion'),
      title,
      id: written.criterion.id ?? criterionIdOf(written.criterion.text),
      text: written.criterion.text,
      confirmedBy: [...new Set(written.criterion.confirmed_by)],
    };
  }
  if (written.all_of !== undefined) {
    const list = written.all_of;
    return {
      kind: 'all_of',
      path: at('all_of'),
      title,
      of: list.map((item, i) => toRequirement([...path, 'all_of', i], item)),
    };
  }
  if (written.any_of !== undefined) {
    const list = written.any_of;
    return {
      kind: 'any_of',
      path: at('any_of'),
      title,
      of: list.map((item, i) => toRequirement([...path, 'any_of', i], item)),
    };
  }
  if (written.at_least !== undefined) {
    const { n, of } = written.at_least;
    return {
      kind: 'at_least',
      path: at('at_least'),
      title,
      n,
      of: of.map((item, i) => toRequirement([...path, 'at_least', 'of', i], item)),
    };
  }
  throw new Error(`toLadderPolicy: a requirement at ${toRequirementPath(path)} names no kind`);
}

/** The attestation kind that confirms a criterion written as `text`: `demonstrates_technical_leadership`. */
export function criterionIdOf(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60)
    .replace(/_+$/, '');
  return /^[a-z]/.test(slug) ? slug : `criterion_${slug}`;
}

function expandKinds(written: readonly string[]): ActivityKind[] {
  const kinds = new Set<ActivityKind>();
  for (const entry of written) {
    if (entry === 'contributions' || entry === 'devstats')
      for (const kind of KINDS_OF_GROUP[entry]) kinds.add(kind);
    else kinds.add(entry as ActivityKind);
  }
  return ACTIVITY_KINDS.filter((kind) => kinds.has(kind));
}

function durationOf(text: string): Duration {
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new Error(`toLadderPolicy: ${parsed.error}`);
  return parsed.value;
}

function windowOf(text: string): RequirementWindow {
  const parsed = parseRequirementWindow(text);
  if (!parsed.ok) throw new Error(`toLadderPolicy: ${parsed.error}`);
  return parsed.value;
}

function anchorOf(text: string | undefined): CycleAnchor {
  if (text === undefined || text === 'calendar') return { kind: 'calendar' };
  if (text === 'held_since') return { kind: 'held_since' };
  return { kind: 'date', at: `${text}T00:00:00Z` };
}

function lowerCasedUnique(values: readonly string[]): string[] {
  return [...new Set(values.map((value) => value.trim().toLowerCase()))];
}
