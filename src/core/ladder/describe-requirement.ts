import type { ActivityKind } from '../activity.ts';
import { assertNever } from '../assert-never.ts';
import { withArticle } from '../with-article.ts';
import { formatDuration } from './duration.ts';
import type { CountRequirement, LadderPolicy, Requirement, RequirementWindow } from './ladder-policy.ts';
import { findLevel } from './ladder-policy.ts';
import { KINDS_OF_GROUP } from './to-ladder-policy.ts';

/** How people call each activity kind, in the plural. */
const KIND_WORDS: Readonly<Record<ActivityKind, string>> = {
  pr_opened: 'PRs opened',
  pr_merged: 'merged PRs',
  pr_closed: 'PRs closed',
  pr_reopened: 'PRs reopened',
  pr_reviewed: 'PR reviews',
  review_comment: 'review comments',
  issue_opened: 'issues opened',
  issue_closed: 'issues closed',
  issue_reopened: 'issues reopened',
  issue_comment: 'comments',
  commit_comment: 'commit comments',
  commit: 'commits',
  push: 'pushes',
  meeting_attended: 'meetings attended',
  talk_given: 'talks given',
  newcomer_onboarded: 'newcomers onboarded',
  content_published: 'pieces of content published',
  bonus: 'bonus grants',
  attestation: 'attestations',
  sponsorship: 'sponsorships',
};

/**
 * A requirement in words, without its parts (composites say "all of", "any of", "at least 2 of"):
 * `at least 40,000 points in the term`, `Member for at least 3 months`. Renders every requirement
 * kind; adding one fails to compile here until it is described.
 */
export function describeRequirement(requirement: Requirement, policy: LadderPolicy): string {
  const levelTitle = (id: string): string => findLevel(policy, id)?.title ?? id;
  const levelTitles = (ids: readonly string[]): string => joinWords(ids.map(levelTitle), 'or');
  switch (requirement.kind) {
    case 'points':
      return `at least ${formatNumber(requirement.min)} points in ${describeWindow(requirement.window)}`;
    case 'count':
      return `at least ${formatNumber(requirement.min)} ${describeCounted(requirement)} in ${describeWindow(requirement.window)}`;
    case 'tenure':
      return requirement.min.amount === 0
        ? `holds ${levelTitle(requirement.level)}`
        : `${levelTitle(requirement.level)} for at least ${formatDuration(requirement.min)}`;
    case 'sponsors': {
      const who = `${requirement.min} sponsor${requirement.min === 1 ? '' : 's'} holding ${levelTitles(requirement.levels)}`;
      const where = requirement.inScope ? ' in the scope' : '';
      const except =
        requirement.exceptScopes.length === 0 ? '' : ` (not in ${requirement.exceptScopes.join(', ')})`;
      const distinct = requirement.distinctAffiliations ? ', no two from the same affiliation' : '';
      const window = requirement.window.kind === 'all' ? '' : ` in ${describeWindow(requirement.window)}`;
      return `${who}${where}${except}${distinct}${window}`;
    }
    case 'attestation': {
      const what = requirement.attestation.replace(/_/g, ' ');
      const quorum = requirement.quorum;
      const window = requirement.window.kind === 'all' ? '' : ` in ${describeWindow(requirement.window)}`;
      if (quorum.kind === 'number') {
        const counted = quorum.min === 1 ? withArticle(what) : `${quorum.min} ${what} attestations`;
        return `${counted} from ${levelTitles(requirement.from)}${window}`;
      }
      const share = quorum.kind === 'majority' ? 'a majority' : 'two thirds';
      return `${what} by ${share} of ${levelTitles(requirement.from)}${window}`;
    }
    case 'attendance':
      return `attends at least ${Math.round(requirement.minRatio * 100)}% of ${requirement.series} meetings in ${describeWindow(requirement.window)}`;
    case 'criterion':
      return `"${requirement.text}", confirmed by ${levelTitles(requirement.confirmedBy)}`;
    case 'all_of':
      return 'all of';
    case 'any_of':
      return 'any of';
    case 'at_least':
      return `at least ${requirement.n} of`;
    default:
      return assertNever(requirement, 'requirement');
  }
}

/** A requirement window in words: `the last 12 weeks`, `the first 6 weeks of the term`. */
export function describeWindow(window: RequirementWindow): string {
  switch (window.kind) {
    case 'all':
      return 'all time';
    case 'ytd':
      return 'the year to date';
    case 'rolling':
      return `the last ${formatDuration(window.length)}`;
    case 'cycle':
      return 'each cycle';
    case 'term':
      return 'the term';
    case 'term_part':
      return `the ${window.part} ${formatDuration(window.length)} of the term`;
    default:
      return assertNever(window, 'requirement window');
  }
}

function describeCounted(requirement: CountRequirement): string {
  const kinds = requirement.kinds;
  const sameAs = (group: readonly ActivityKind[]): boolean =>
    group.length === kinds.length && group.every((kind) => kinds.includes(kind));
  let what = sameAs(KINDS_OF_GROUP.devstats)
    ? 'contributions (as DevStats counts them)'
    : sameAs(KINDS_OF_GROUP.contributions)
      ? 'contributions'
      : joinWords(
          kinds.map((kind) => KIND_WORDS[kind]),
          'or',
        );
  if (requirement.distinctItems) what = `distinct issues or PRs with ${what}`;
  const filters: string[] = [];
  if (requirement.itemType !== null) filters.push(requirement.itemType === 'pr' ? 'on PRs' : 'on issues');
  if (requirement.labels !== null)
    filters.push(
      `labelled ${joinWords(
        requirement.labels.map((l) => `"${l}"`),
        'or',
      )}`,
    );
  if (requirement.reviewStates !== null) {
    filters.push(
      `(${joinWords(
        requirement.reviewStates.map((state) => state.replace(/_/g, ' ')),
        'or',
      )})`,
    );
  }
  if (requirement.series !== null) filters.push(`of the ${requirement.series} series`);
  const places = [
    ...(requirement.repos ?? []),
    ...(requirement.groups ?? []).map((group) => `the ${group} group`),
  ];
  if (places.length > 0) filters.push(`in ${joinWords(places, 'or')}`);
  if (requirement.inScope) filters.push('in the scope');
  return [what, ...filters].join(' ');
}

/** `a`, `a or b`, `a, b or c`. */
function joinWords(words: readonly string[], last: string): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} ${last} ${words[words.length - 1]}`;
}

/** A number with thousands separators: 40,000. */
export function formatNumber(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}
