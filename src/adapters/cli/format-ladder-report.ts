import type { StoredRoleAssignment } from '../../app/ladder/role-store.ts';
import { countOf } from '../../core/count-of.ts';
import { describeRequirement } from '../../core/ladder/describe-requirement.ts';
import { formatDuration, formatDurationAdjective } from '../../core/ladder/duration.ts';
import type { CommunityEvaluation, StandingEntry } from '../../core/ladder/evaluate-community.ts';
import type { LadderPolicy, Requirement } from '../../core/ladder/ladder-policy.ts';
import { EMERITUS_LEVEL, findLevel } from '../../core/ladder/ladder-policy.ts';
import { requirementTitle } from '../../core/ladder/requirement-title.ts';
import { collectLeafTraces } from '../../core/ladder/requirement-trace.ts';
import { toDisplayName } from '../../core/people/unlinked-handle.ts';
import { withArticle } from '../../core/with-article.ts';
import { describeAsOf, describeStanding, formatInactivity, lastDay } from './format-ladder-status.ts';
import { formatTable } from './format-table.ts';

/** The output formats of `rungs ladder`. */
export type LadderReportFormat = 'table' | 'json';

/**
 * Renders everyone's ladder report: who is eligible for which level (or only waiting for a person's
 * confirmation), who is at risk or due an emeritus offer, whose term ended, who is due an inactivity
 * notice, who may be reinstated, and who holds each status. JSON carries every trace.
 */
export function formatLadderReport(
  evaluation: CommunityEvaluation,
  policy: LadderPolicy,
  format: LadderReportFormat,
  /** People listed per table (and per status) in the table format; null lists everyone. */
  limit: number | null = null,
): string {
  if (format === 'json') {
    return JSON.stringify(
      {
        policy: policy.name,
        scoring: policy.scoring,
        ...evaluation,
        evaluations: evaluation.evaluations ?? undefined,
      },
      null,
      2,
    );
  }
  const title = (id: string): string =>
    id === EMERITUS_LEVEL ? 'Emeritus' : (findLevel(policy, id)?.title ?? id);
  const label = (requirement: Requirement): string => requirementTitle(requirement, policy);
  const missedTitles = (entry: StandingEntry): string => {
    const trace = entry.standing.kind === 'term_ended' ? entry.standing.trace : entry.standing.missed;
    return collectLeafTraces(trace, 'unmet')
      .map((leaf) => label(leaf.requirement))
      .join('; ');
  };
  const lines = [
    `${policy.title}, as of ${describeAsOf(evaluation.asOf)}: ${countOf(evaluation.people, 'person', 'people')} evaluated${policy.scoring === null ? '' : `, points of the ${policy.scoring} scoring preset`}`,
  ];

  const eligible = evaluation.eligible;
  lines.push('', `Eligible for a level (${eligible.length})`);
  if (eligible.length > 0) {
    lines.push(
      indent(
        formatTable(firstOf(eligible, limit), [
          { header: 'login', cell: (entry) => toDisplayName({ login: entry.login, name: null }) },
          {
            header: 'level',
            cell: (entry) => `${entry.title}${entry.scope === null ? '' : ` in ${entry.scope}`}`,
          },
          {
            header: 'status',
            cell: (entry) =>
              entry.eligibility === 'eligible'
                ? 'eligible'
                : `to confirm: ${collectLeafTraces(entry.trace, 'needs_confirmation')
                    .map((trace) => label(trace.requirement))
                    .join('; ')}`,
          },
        ]),
      ),
    );
    lines.push(...moreLine(eligible.length, limit));
  }
  const unrecorded = [...new Set(eligible.map((entry) => entry.level))].filter(
    (level) => level !== EMERITUS_LEVEL && (evaluation.holders[level] ?? 0) === 0,
  );
  if (unrecorded.length > 0) {
    lines.push(
      `  No holder of ${unrecorded.map(title).join(', ')} is recorded, so people who already hold ${unrecorded.length === 1 ? 'it' : 'them'} are listed as eligible too: record the holders with rungs roles import roster.yaml or rungs roles grant <login> <level>.`,
    );
  }

  // A term that ended is no lapse in standing: it is listed on its own, met or not.
  const standing = evaluation.standing.filter((entry) => entry.standing.kind !== 'term_ended');
  lines.push('', `Not in good standing (${standing.length})`);
  if (standing.length > 0) {
    lines.push(
      indent(
        formatTable(firstOf(standing, limit), [
          { header: 'login', cell: (entry) => toDisplayName({ login: entry.login, name: null }) },
          {
            header: 'level',
            cell: (entry) => `${entry.title}${entry.scope === null ? '' : ` in ${entry.scope}`}`,
          },
          { header: 'standing', cell: (entry) => describeStanding(entry.standing) },
          { header: 'missed', cell: (entry) => missedTitles(entry) },
        ]),
      ),
    );
    lines.push(...moreLine(standing.length, limit));
  }

  const terms = evaluation.standing.filter((entry) => entry.standing.kind === 'term_ended');
  lines.push('', `Terms ended (${terms.length})`);
  if (terms.length > 0) {
    lines.push(
      indent(
        formatTable(firstOf(terms, limit), [
          { header: 'login', cell: (entry) => entry.login },
          {
            header: 'level',
            cell: (entry) => `${entry.title}${entry.scope === null ? '' : ` in ${entry.scope}`}`,
          },
          { header: 'term', cell: (entry) => describeStanding(entry.standing) },
          { header: 'missed', cell: (entry) => missedTitles(entry) },
        ]),
      ),
    );
    lines.push(...moreLine(terms.length, limit));
  }

  const inactivity = evaluation.inactivity;
  lines.push('', `Inactivity notices (${inactivity.length})`);
  if (inactivity.length > 0) {
    lines.push(
      indent(
        formatTable(firstOf(inactivity, limit), [
          { header: 'login', cell: (entry) => toDisplayName({ login: entry.login, name: null }) },
          { header: 'levels', cell: (entry) => entry.levels.map(title).join(', ') },
          { header: 'state', cell: (entry) => formatInactivity(entry.inactivity).replace(/^\w+: /, '') },
        ]),
      ),
    );
    lines.push(...moreLine(inactivity.length, limit));
  }

  const reinstatable = evaluation.reinstatable;
  lines.push('', `May be reinstated (${reinstatable.length})`);
  if (reinstatable.length > 0) {
    lines.push(
      indent(
        formatTable(firstOf(reinstatable, limit), [
          { header: 'login', cell: (entry) => toDisplayName({ login: entry.login, name: null }) },
          { header: 'returns to', cell: (entry) => entry.title },
          {
            header: 'status',
            cell: (entry) => (entry.eligibility === 'eligible' ? 'eligible' : 'waiting for confirmation'),
          },
        ]),
      ),
    );
    lines.push(...moreLine(reinstatable.length, limit));
  }

  for (const status of policy.statuses) {
    const holders = evaluation.statuses[status.id] ?? [];
    const shown = firstOf(holders, limit);
    const more = holders.length - shown.length;
    lines.push(
      '',
      `${status.title} (${holders.length})${holders.length === 0 ? '' : `: ${shown.join(', ')}`}${more > 0 ? `, and ${more} more` : ''}`,
    );
  }
  return lines.join('\n');
}

function firstOf<T>(list: readonly T[], limit: number | null): readonly T[] {
  return limit === null || list.length <= limit ? list : list.slice(0, limit);
}

/** The line under a cut table: how many were left out, and how to see them. */
function moreLine(total: number, limit: number | null): string[] {
  return limit === null || total <= limit
    ? []
    : [`  ... and ${total - limit} more (--limit 0 lists everyone)`];
}

/**
 * Renders the ladder itself: each level with its summary, term, what it takes to enter and to stay,
 * its benefits and how many people hold it; then inactivity, reinstatement and statuses.
 */
export function formatLadder(
  policy: LadderPolicy,
  holders: Readonly<Record<string, number>>,
  asOf: string,
): string {
  const lines = [policy.title, ...(policy.description === null ? [] : [policy.description])];
  if (policy.scoring !== null) lines.push(`Points are scored with the ${policy.scoring} rules.`);
  lines.push(`Holders as of ${describeAsOf(asOf)}.`);
  if (policy.levels.every((level) => (holders[level.id] ?? 0) === 0)) {
    lines.push(
      'No one is recorded as holding any level yet: record the holders with rungs roles import roster.yaml or rungs roles grant <login> <level>.',
    );
  }
  policy.levels.forEach((level, index) => {
    const count = holders[level.id] ?? 0;
    const term = level.term === null ? '' : `, ${withArticle(`${formatDurationAdjective(level.term)} term`)}`;
    const scope = level.scoped ? ', held in a scope' : '';
    lines.push(
      '',
      `${index + 1}. ${level.title} (${level.id}${term}${scope}) — ${count === 0 ? 'no holder recorded' : countOf(count, 'person', 'people')}`,
    );
    lines.push(`   ${level.summary}`);
    if (level.after !== null && level.after !== policy.levels[index - 1]?.id) {
      lines.push(`   after ${findLevel(policy, level.after)?.title ?? level.after}`);
    }
    lines.push('   To enter:');
    if (level.requires.of.length === 0) lines.push('     nothing more');
    lines.push(...requirementLines(level.requires.of, policy, '     '));
    if (level.stay !== null) {
      const offer =
        level.emeritusOfferAfter === null
          ? ''
          : `; emeritus is offered after ${level.emeritusOfferAfter} missed in a row`;
      lines.push(`   To stay, checked every ${formatDuration(level.cycle.every)}${offer}:`);
      lines.push(...requirementLines(level.stay.of, policy, '     '));
    }
    if (level.benefits.length > 0) lines.push(`   Benefits: ${level.benefits.join('; ')}`);
  });
  lines.push('', `Emeritus — ${countOf(holders[EMERITUS_LEVEL] ?? 0, 'person', 'people')}`);
  if (policy.inactivity !== null) {
    lines.push(
      `   No contributions for ${formatDuration(policy.inactivity.after)} brings a notice; emeritus after ${formatDuration(policy.inactivity.grace)} of grace.`,
    );
  }
  if (policy.reinstatement !== null) {
    lines.push('   Reinstatement to the level held before:');
    lines.push(...requirementLines(policy.reinstatement.of, policy, '     '));
  }
  for (const status of policy.statuses) {
    lines.push('', `Status: ${status.title}${status.summary === '' ? '' : ` — ${status.summary}`}`);
    lines.push(...requirementLines(status.requires.of, policy, '     '));
  }
  return lines.join('\n');
}

function requirementLines(
  requirements: readonly Requirement[],
  policy: LadderPolicy,
  prefix: string,
): string[] {
  const lines: string[] = [];
  for (const requirement of requirements) {
    const described = describeRequirement(requirement, policy);
    const text = requirement.title === null ? described : `${requirement.title} [${described}]`;
    lines.push(`${prefix}- ${text}`);
    if (requirement.kind === 'all_of' || requirement.kind === 'any_of' || requirement.kind === 'at_least') {
      lines.push(...requirementLines(requirement.of, policy, `${prefix}  `));
    }
  }
  return lines;
}

/** Renders role assignments as a table. */
export function formatRoles(
  assignments: readonly StoredRoleAssignment[],
  policy: LadderPolicy | null,
): string {
  if (assignments.length === 0) return 'no role assignments';
  const title = (id: string): string =>
    policy === null ? id : id === EMERITUS_LEVEL ? 'Emeritus' : (findLevel(policy, id)?.title ?? id);
  return formatTable(assignments, [
    { header: 'login', cell: (assignment) => assignment.login },
    {
      header: 'level',
      cell: (assignment) =>
        assignment.level === EMERITUS_LEVEL && assignment.previousLevel !== null
          ? `${title(assignment.level)} (was ${title(assignment.previousLevel)})`
          : title(assignment.level),
    },
    { header: 'scope', cell: (assignment) => assignment.scope ?? '' },
    { header: 'since', cell: (assignment) => assignment.since.slice(0, 10) },
    { header: 'until', cell: (assignment) => (assignment.until === null ? '' : lastDay(assignment.until)) },
    { header: 'decision', cell: (assignment) => assignment.decision ?? '' },
  ]);
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
