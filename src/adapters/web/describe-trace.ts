import { assertNever } from '../../core/assert-never.ts';
import { countOf } from '../../core/count-of.ts';
import type { Eligibility, InactivityState, Standing } from '../../core/ladder/evaluate-person.ts';
import type { Requirement } from '../../core/ladder/ladder-policy.ts';
import type { RequirementTrace } from '../../core/ladder/requirement-trace.ts';
import { formatNumber } from './format-number.ts';

/** `YYYY-MM-DD` of an ISO instant. */
export function toDay(time: string): string {
  return time.slice(0, 10);
}

/** The last day an exclusive end includes: `2026-04-01T00:00:00Z` is through 2026-03-31. */
export function toLastDay(exclusiveEnd: string): string {
  const ms = Date.parse(exclusiveEnd);
  return Number.isNaN(ms) ? toDay(exclusiveEnd) : new Date(ms - 1000).toISOString().slice(0, 10);
}

/** Whether a person may move to a level, in words. */
export function describeEligibility(eligibility: Eligibility): string {
  switch (eligibility) {
    case 'eligible':
      return 'eligible';
    case 'needs_confirmation':
      return 'eligible once confirmed';
    case 'not_eligible':
      return 'not yet';
    default:
      return assertNever(eligibility, 'eligibility');
  }
}

/** A standing in words. */
export function describeStanding(standing: Standing): string {
  switch (standing.kind) {
    case 'good':
      return standing.checkedCycles === 0
        ? 'In good standing (no full cycle to check yet)'
        : 'In good standing';
    case 'at_risk':
      return `At risk: missed ${countOf(standing.missedCycles, 'cycle')}; meet the requirements to stay by ${toLastDay(standing.deadline)}`;
    case 'emeritus_offer':
      return `Missed ${countOf(standing.missedCycles, 'cycle')} in a row: due an offer to re-engage or move to emeritus`;
    case 'term_ended':
      return `Term ended ${toLastDay(standing.termEnded)}, ${standing.completed ? 'requirements met' : 'requirements not met'}`;
    default:
      return assertNever(standing, 'standing');
  }
}

/** An inactivity state in words. */
export function describeInactivity(inactivity: InactivityState): string {
  const last =
    inactivity.lastContributionAt === null
      ? 'no contribution on record'
      : `last contribution ${toDay(inactivity.lastContributionAt)}`;
  switch (inactivity.kind) {
    case 'active':
      return `Active: ${last}; without contributions an inactivity notice would be due ${toDay(inactivity.noticeDueAt)}`;
    case 'notice_due':
      return `Inactive: ${last}; a notice was due ${toDay(inactivity.noticeDueAt)}; emeritus after the grace period, ${toDay(inactivity.graceEndsAt)}`;
    case 'emeritus_due':
      return `Inactive: ${last}; the grace period ended ${toDay(inactivity.graceEndsAt)}: emeritus is due`;
    default:
      return assertNever(inactivity.kind, 'inactivity state');
  }
}

/** What a requirement's check found, in words: `12,300 of 40,000 points in the term`. */
export function describeFound(trace: RequirementTrace): string {
  const requirement = trace.requirement;
  const window = trace.window === null ? '' : ` in ${trace.window.label}`;
  switch (requirement.kind) {
    case 'points':
      return trace.observed === null
        ? ''
        : `${formatNumber(trace.observed)} of ${formatNumber(trace.required ?? 0)} points${window}`;
    case 'count':
      return trace.observed === null
        ? ''
        : `${formatNumber(trace.observed)} of ${formatNumber(trace.required ?? 0)}${window}`;
    case 'tenure':
      return trace.required === null
        ? 'not held'
        : `${countOf(trace.observed ?? 0, 'day')} of ${formatNumber(trace.required)}`;
    case 'sponsors':
      return `${formatNumber(trace.observed ?? 0)} of ${formatNumber(trace.required ?? 0)} sponsors`;
    case 'attestation':
    case 'criterion':
      return trace.status === 'met'
        ? `${formatNumber(trace.observed ?? 0)} of ${formatNumber(trace.required ?? 0)}`
        : `${formatNumber(trace.observed ?? 0)} of ${formatNumber(trace.required ?? 0)}; a person must confirm it`;
    case 'attendance':
      return trace.observed === null
        ? `no meetings on record${window}`
        : `${Math.round(trace.observed * 100)}% attended${window}`;
    case 'all_of':
    case 'any_of':
    case 'at_least':
      return `${formatNumber(trace.observed ?? 0)} of ${formatNumber(trace.required ?? 0)} met`;
    default:
      return assertNever(requirement, 'requirement');
  }
}

/** What is left and by when, in words, or an empty text when nothing is. */
export function describeRemaining(trace: RequirementTrace): string {
  const { remaining, requirement } = trace;
  if (trace.status === 'met' || remaining === null) return '';
  const unit = unitOf(requirement, remaining.amount);
  // Only a cycle or a term closes on a date; a rolling window ("the last year") moves with the check.
  if (trace.final && hasDeadline(requirement)) {
    return `${trace.window?.label ?? 'the window'} ended ${toLastDay(trace.window?.end ?? '')}, ${formatNumber(remaining.amount)} ${unit} short`;
  }
  if (remaining.by === null) {
    return `${formatNumber(remaining.amount)} more ${unit}${trace.window === null ? '' : ` in ${trace.window.label}`}`;
  }
  const days = remaining.daysLeft === null ? '' : ` (${countOf(remaining.daysLeft, 'day')} left)`;
  return `${formatNumber(remaining.amount)} more ${unit} by ${toLastDay(remaining.by)}${days}`;
}

function hasDeadline(requirement: Requirement): boolean {
  if (!('window' in requirement)) return false;
  const kind = requirement.window.kind;
  return kind === 'cycle' || kind === 'term' || kind === 'term_part';
}

function unitOf(requirement: Requirement, amount: number): string {
  switch (requirement.kind) {
    case 'points':
      return amount === 1 ? 'point' : 'points';
    case 'tenure':
      return amount === 1 ? 'day' : 'days';
    case 'attendance':
      return amount === 1 ? 'meeting' : 'meetings';
    case 'sponsors':
      return amount === 1 ? 'sponsor' : 'sponsors';
    case 'count':
      return amount === 1 ? 'act' : 'acts';
    case 'attestation':
    case 'criterion':
      return amount === 1 ? 'confirmation' : 'confirmations';
    case 'all_of':
    case 'any_of':
    case 'at_least':
      return amount === 1 ? 'requirement' : 'requirements';
    default:
      return assertNever(requirement, 'requirement');
  }
}
