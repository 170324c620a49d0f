import { assertNever } from '../../core/assert-never.ts';
import { countOf } from '../../core/count-of.ts';
import { describeRequirement, formatNumber } from '../../core/ladder/describe-requirement.ts';
import { describeTraceNote, levelTitle, scopeText } from '../../core/ladder/describe-trace-note.ts';
import type {
  CandidateEvaluation,
  HeldLevelEvaluation,
  InactivityState,
  PersonEvaluation,
  Standing,
} from '../../core/ladder/evaluate-person.ts';
import type { LadderPolicy, Requirement } from '../../core/ladder/ladder-policy.ts';
import type { RequirementTrace } from '../../core/ladder/requirement-trace.ts';
import { isUnlinkedHandle, toDisplayName } from '../../core/people/unlinked-handle.ts';

const MARK = { met: '✓', unmet: '✗', needs_confirmation: '?' } as const;
/** Evidence lines shown under a requirement in text (JSON has them all). */
const EVIDENCE_SHOWN = 3;

/**
 * Renders one person's ladder status for a terminal: the levels held with their standing and this
 * cycle's progress, inactivity, then each next level with every requirement as met (✓), unmet (✗)
 * or waiting for a person's confirmation (?), what was found, what is left and by when, and links
 * to the evidence.
 */
export function formatLadderStatus(evaluation: PersonEvaluation, policy: LadderPolicy): string {
  const person = evaluation.person;
  const lines: string[] = [
    `${toDisplayName(person)}${person.name === null || isUnlinkedHandle(person.login) ? '' : ` (${person.name})`} on the ${policy.title}, as of ${describeAsOf(evaluation.asOf)}`,
  ];
  if (evaluation.bot) {
    lines.push(
      'A bot: automation accounts hold no place on the ladder and score nothing.',
      `(If this is a person: rungs people bot ${person.login} --not)`,
    );
    return lines.join('\n');
  }
  if (policy.scoring !== null) lines.push(`Points follow the ${policy.scoring} scoring preset.`);
  if (person.id < 0) lines.push('(no activity on record for this login yet)');
  const held = [...(evaluation.level === null ? [] : [evaluation.level]), ...evaluation.scopedLevels];
  if (held.length === 0 && evaluation.emeritus === null) lines.push('Level: none yet');
  for (const level of held) lines.push('', ...formatHeldLevel(level, policy));
  if (evaluation.emeritus !== null) {
    const emeritus = evaluation.emeritus;
    const previous = emeritus.previousLevel === null ? 'a level' : levelTitle(policy, emeritus.previousLevel);
    lines.push(
      '',
      `Emeritus since ${day(emeritus.since)} (previously ${previous}${scopeText(emeritus.scope)})`,
    );
    if (emeritus.reinstatement === null) lines.push('  the policy says nothing about reinstatement');
    else lines.push(...formatCandidate(emeritus.reinstatement, policy, 'Reinstatement as'));
  }
  if (evaluation.inactivity !== null) lines.push('', formatInactivity(evaluation.inactivity));
  for (const candidate of evaluation.next) lines.push('', ...formatCandidate(candidate, policy, 'Next:'));
  if (evaluation.statuses.length > 0) {
    lines.push('', 'Statuses');
    for (const status of evaluation.statuses) {
      lines.push(`  ${MARK[status.status]} ${status.title}`);
      for (const child of status.trace.children) lines.push(...formatTrace(child, policy, '    '));
    }
  }
  return lines.join('\n');
}

function formatHeldLevel(level: HeldLevelEvaluation, policy: LadderPolicy): string[] {
  const term = level.term === null ? '' : `, term ${day(level.term.from)} to ${lastDay(level.term.to)}`;
  const decision = level.decision === null ? '' : ` (${level.decision})`;
  const lines = [
    `Level: ${level.title}${scopeText(level.scope)} since ${day(level.since)}${term}${decision}`,
  ];
  lines.push(`  Standing: ${describeStanding(level.standing)}`);
  const standing = level.standing;
  if (standing.kind === 'at_risk' || standing.kind === 'emeritus_offer') {
    lines.push(`  Missed in ${day(standing.lastCycle.from)} to ${lastDay(standing.lastCycle.to)}:`);
    for (const child of standing.missed.children) {
      if (child.status === 'unmet') lines.push(...formatTrace(child, policy, '    '));
    }
  }
  if (standing.kind === 'term_ended') {
    for (const child of standing.trace.children) lines.push(...formatTrace(child, policy, '    '));
  }
  if (level.currentCycle !== null) {
    const cycle = level.currentCycle.cycle;
    lines.push(`  This cycle (${day(cycle.from)} to ${lastDay(cycle.to)}):`);
    for (const child of level.currentCycle.trace.children) lines.push(...formatTrace(child, policy, '    '));
  }
  return lines;
}

/** A standing in words. */
export function describeStanding(standing: Standing): string {
  switch (standing.kind) {
    case 'good':
      return standing.checkedCycles === 0 ? 'good (no full cycle to check yet)' : 'good';
    case 'at_risk':
      return `at risk: missed ${countOf(standing.missedCycles, 'cycle')}; meet the stay requirements by ${lastDay(standing.deadline)}`;
    case 'emeritus_offer':
      return `missed ${countOf(standing.missedCycles, 'cycle')} in a row: offer re-engagement or emeritus`;
    case 'term_ended':
      return `term ended ${lastDay(standing.termEnded)}, ${standing.completed ? 'requirements met' : 'requirements not met'}`;
    default:
      return assertNever(standing, 'standing');
  }
}

/** An inactivity state in words. */
export function formatInactivity(inactivity: InactivityState): string {
  const last =
    inactivity.lastContributionAt === null
      ? 'no contribution on record'
      : `last contribution ${day(inactivity.lastContributionAt)}`;
  switch (inactivity.kind) {
    case 'active':
      return `Activity: ${last}; without contributions, an inactivity notice is due ${day(inactivity.noticeDueAt)}`;
    case 'notice_due':
      return `Inactivity: ${last}; a notice was due ${day(inactivity.noticeDueAt)}; emeritus after the grace period, ${day(inactivity.graceEndsAt)}`;
    case 'emeritus_due':
      return `Inactivity: ${last}; the grace period ended ${day(inactivity.graceEndsAt)}: emeritus is due`;
    default:
      return assertNever(inactivity.kind, 'inactivity state');
  }
}

function formatCandidate(candidate: CandidateEvaluation, policy: LadderPolicy, heading: string): string[] {
  const verdict =
    candidate.eligibility === 'eligible'
      ? 'eligible'
      : candidate.eligibility === 'needs_confirmation'
        ? 'eligible once confirmed'
        : 'not eligible yet';
  const lines = [`${heading} ${candidate.title}${scopeText(candidate.scope)}: ${verdict}`];
  for (const child of candidate.trace.children) lines.push(...formatTrace(child, policy, '  '));
  return lines;
}

/** One requirement and its parts, one line each, with notes and a few evidence links under it. */
export function formatTrace(trace: RequirementTrace, policy: LadderPolicy, indent: string): string[] {
  const requirement = trace.requirement;
  const label = requirement.title ?? describeRequirement(requirement, policy);
  const found = describeFound(trace, requirement);
  const left = describeRemaining(trace, requirement);
  const lines = [
    `${indent}${MARK[trace.status]} ${label}${found === '' ? '' : `: ${found}`}${left === '' ? '' : ` — ${left}`}`,
  ];
  for (const note of trace.notes) {
    const text = describeTraceNote(note, policy);
    if (text !== null) lines.push(`${indent}    ${text}`);
  }
  const shown = trace.evidence.slice(0, EVIDENCE_SHOWN);
  for (const evidence of shown) {
    const points =
      evidence.points === null ? '' : ` ${evidence.points > 0 ? '+' : ''}${formatNumber(evidence.points)}`;
    lines.push(
      `${indent}    ${day(evidence.occurredAt)} ${evidence.kind}${points} ${evidence.url ?? evidence.key}`,
    );
  }
  if (trace.evidenceCount > shown.length && shown.length > 0) {
    const listed = trace.evidence.length > shown.length ? ' (--format json lists more)' : '';
    lines.push(`${indent}    … and ${formatNumber(trace.evidenceCount - shown.length)} more${listed}`);
  }
  for (const child of trace.children) lines.push(...formatTrace(child, policy, `${indent}  `));
  return lines;
}

function describeFound(trace: RequirementTrace, requirement: Requirement): string {
  const window = trace.window === null ? '' : ` in ${trace.window.label}`;
  switch (requirement.kind) {
    case 'points':
    case 'count':
      return trace.observed === null
        ? ''
        : `${formatNumber(trace.observed)} of ${formatNumber(trace.required ?? 0)}${window}`;
    case 'tenure':
      if (trace.required === null) return 'not held';
      return trace.required === 0
        ? 'held'
        : `held ${countOf(trace.observed ?? 0, 'day')}, ${formatNumber(trace.required)} needed`;
    case 'sponsors':
      return `${trace.observed ?? 0} of ${trace.required ?? 0}`;
    case 'attestation':
    case 'criterion':
      return trace.status === 'met'
        ? `${trace.observed} of ${trace.required}`
        : `${trace.observed ?? 0} of ${trace.required ?? 0}, waiting for a person to confirm`;
    case 'attendance':
      return trace.observed === null
        ? `no meetings on record${window}`
        : `${Math.round(trace.observed * 100)}%${window}`;
    case 'all_of':
    case 'any_of':
    case 'at_least':
      return `${trace.observed} of ${trace.required} met`;
    default:
      return assertNever(requirement, 'requirement');
  }
}

function describeRemaining(trace: RequirementTrace, requirement: Requirement): string {
  const remaining = trace.remaining;
  const closes = hasDeadline(requirement);
  if (trace.status === 'met' || remaining === null) {
    return trace.final && closes && trace.window !== null
      ? `${trace.window.label} ended ${lastDay(trace.window.end)}`
      : '';
  }
  const noun: readonly [string, string] | null =
    requirement.kind === 'points'
      ? ['point', 'points']
      : requirement.kind === 'tenure'
        ? ['day', 'days']
        : requirement.kind === 'attendance'
          ? ['meeting', 'meetings']
          : requirement.kind === 'sponsors'
            ? ['sponsor', 'sponsors']
            : null;
  const more = (count: number): string =>
    noun === null ? `${formatNumber(count)} more` : countOf(count, `more ${noun[0]}`, `more ${noun[1]}`);
  const short = (count: number): string =>
    noun === null ? `${formatNumber(count)} more` : countOf(count, noun[0], noun[1]);
  if (trace.final && closes) {
    return `${trace.window?.label ?? 'the window'} ended ${lastDay(trace.window?.end ?? '')}, ${short(remaining.amount)} short`;
  }
  if (remaining.by === null) return more(remaining.amount);
  const where = trace.window === null ? '' : ` in ${trace.window.label}`;
  const days = remaining.daysLeft === null ? '' : `, ${countOf(remaining.daysLeft, 'day')} left${where}`;
  return `${more(remaining.amount)} by ${lastDay(remaining.by)}${days}`;
}

/** True when the requirement's window closes on a date (a cycle or a term), rather than rolling with the check. */
function hasDeadline(requirement: Requirement): boolean {
  if (!('window' in requirement)) return false;
  const kind = requirement.window.kind;
  return kind === 'cycle' || kind === 'term' || kind === 'term_part';
}

/** The date of an instant. */
function day(instant: string): string {
  return instant.slice(0, 10);
}

/** An as-of instant for people: `the end of 2026-03-31` for a midnight, else the instant. */
export function describeAsOf(asOf: string): string {
  return asOf.endsWith('T00:00:00Z') ? `the end of ${lastDay(asOf)}` : asOf;
}

/** The last day an exclusive end includes: an end at midnight is the day before. */
export function lastDay(end: string): string {
  if (end === '') return '';
  const ms = Date.parse(end);
  return Number.isNaN(ms) ? end.slice(0, 10) : new Date(ms - 1000).toISOString().slice(0, 10);
}
