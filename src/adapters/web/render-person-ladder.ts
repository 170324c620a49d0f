import { assertNever } from '../../core/assert-never.ts';
import { describeTraceNote, levelTitle } from '../../core/ladder/describe-trace-note.ts';
import type {
  CandidateEvaluation,
  HeldLevelEvaluation,
  PersonEvaluation,
} from '../../core/ladder/evaluate-person.ts';
import type { LadderPolicy } from '../../core/ladder/ladder-policy.ts';
import { requirementTitle } from '../../core/ladder/requirement-title.ts';
import type { RequirementStatus, RequirementTrace } from '../../core/ladder/requirement-trace.ts';
import { ACTIVITY_KIND_NAMES } from './describe-activity.ts';
import {
  describeEligibility,
  describeFound,
  describeInactivity,
  describeRemaining,
  describeStanding,
  toDay,
  toLastDay,
} from './describe-trace.ts';
import { formatNumber } from './format-number.ts';
import { html, type SafeHtml, safeUrl } from './html.ts';

/** Acts shown under one requirement; the JSON has the rest. */
const EVIDENCE_SHOWN = 3;

/**
 * A person's part of a profile: the level held and the standing in it, inactivity, then each next
 * level with every requirement as a progress bar, what it found (with links to the evidence) and
 * what is left by when.
 */
export function renderPersonLadder(evaluation: PersonEvaluation, policy: LadderPolicy): SafeHtml {
  const held = [...(evaluation.level === null ? [] : [evaluation.level]), ...evaluation.scopedLevels];
  const emeritus = evaluation.emeritus;
  if (evaluation.bot) {
    return html`<section class="card" aria-labelledby="ladder-heading">
<h2 id="ladder-heading">On the ladder</h2>
<p><strong>A bot.</strong> Automation accounts hold no place on the ${policy.title} and score nothing.</p>
</section>`;
  }
  return html`<section class="card" aria-labelledby="ladder-heading">
<h2 id="ladder-heading">On the ladder</h2>
<p class="muted">${policy.title}, as of ${toDay(evaluation.asOf)}.</p>
${held.length === 0 && emeritus === null ? html`<p><strong>No level held yet.</strong></p>` : ''}
${held.map((level) => renderHeldLevel(level, policy))}
${
  emeritus === null
    ? ''
    : html`<p><span class="level">Emeritus</span> since ${toDay(emeritus.since)}${emeritus.previousLevel === null ? '' : `, previously ${levelTitle(policy, emeritus.previousLevel)}`}.</p>
${emeritus.reinstatement === null ? '' : renderCandidate(emeritus.reinstatement, policy, 'Return as')}`
}
${evaluation.inactivity === null ? '' : html`<p class="${evaluation.inactivity.kind === 'active' ? 'muted' : 'unmet'}">${describeInactivity(evaluation.inactivity)}.</p>`}
${evaluation.next.map((candidate) => renderCandidate(candidate, policy, 'Next'))}
${evaluation.next.length === 0 && emeritus === null && held.length > 0 ? html`<p class="muted">No higher level follows this one.</p>` : ''}
</section>`;
}

function renderHeldLevel(level: HeldLevelEvaluation, policy: LadderPolicy): SafeHtml {
  const standing = level.standing;
  const standingClass =
    standing.kind === 'good' ? 'met' : standing.kind === 'term_ended' && standing.completed ? 'met' : 'unmet';
  const missed =
    standing.kind === 'at_risk' || standing.kind === 'emeritus_offer'
      ? html`<p class="muted">Missed in ${toDay(standing.lastCycle.from)} to ${toLastDay(standing.lastCycle.to)}:</p><ul class="requirements">${standing.missed.children
          .filter((child) => child.status === 'unmet')
          .map((child) => renderTrace(child, policy))}</ul>`
      : '';
  return html`<p><span class="level">${level.title}</span>${level.scope === null ? '' : ` in ${level.scope}`} since ${toDay(level.since)}${level.term === null ? '' : `, term ${toDay(level.term.from)} to ${toLastDay(level.term.to)}`}${level.decision === null ? '' : /^https?:\/\//i.test(level.decision) ? html` (<a href="${safeUrl(level.decision)}" rel="nofollow noopener">decision</a>)` : ` (${level.decision})`}.</p>
<p class="${standingClass}"><strong>${describeStanding(standing)}.</strong></p>
${missed}
${
  level.currentCycle === null
    ? ''
    : html`<h3>To stay: this cycle, ${toDay(level.currentCycle.cycle.from)} to ${toLastDay(level.currentCycle.cycle.to)}</h3>
<ul class="requirements">${level.currentCycle.trace.children.map((child) => renderTrace(child, policy))}</ul>`
}`;
}

function renderCandidate(candidate: CandidateEvaluation, policy: LadderPolicy, heading: string): SafeHtml {
  const statusClass =
    candidate.eligibility === 'eligible'
      ? 'met'
      : candidate.eligibility === 'needs_confirmation'
        ? 'pending'
        : 'unmet';
  return html`<h3>${heading}: ${candidate.title}${candidate.scope === null ? '' : ` in ${candidate.scope}`} — <span class="${statusClass}">${describeEligibility(candidate.eligibility)}</span></h3>
<ul class="requirements">${candidate.trace.children.map((child) => renderTrace(child, policy))}</ul>`;
}

const MARKS: Readonly<
  Record<RequirementStatus, { readonly mark: string; readonly label: string; readonly className: string }>
> = {
  met: { mark: '✓', label: 'met', className: 'met' },
  unmet: { mark: '✗', label: 'not met', className: 'unmet' },
  needs_confirmation: { mark: '?', label: 'needs a person to confirm', className: 'pending' },
};

/** One requirement: its verdict, a progress bar, what was found, what is left, notes, evidence, and its parts. */
export function renderTrace(trace: RequirementTrace, policy: LadderPolicy): SafeHtml {
  const requirement = trace.requirement;
  const label = requirementTitle(requirement, policy);
  const status = MARKS[trace.status];
  const found = describeFound(trace);
  const left = describeRemaining(trace);
  const showBar =
    trace.observed !== null &&
    trace.required !== null &&
    trace.required > 0 &&
    trace.children.length === 0 &&
    isMeasured(trace);
  const notes = trace.notes.map((note) => describeTraceNote(note, policy)).filter((text) => text !== null);
  const evidence = trace.evidence.slice(0, EVIDENCE_SHOWN);
  return html`<li class="requirement">
<div class="requirement-head"><span class="${status.className}" role="img" aria-label="${status.label}">${status.mark}</span> <strong>${label}</strong>${found === '' ? '' : html` <span class="muted">${found}</span>`}</div>
${showBar ? html`<progress max="${trace.required!}" value="${Math.min(trace.observed!, trace.required!)}" aria-label="${label}: ${found}">${found}</progress>` : ''}
${left === '' ? '' : html`<p class="left">${left}</p>`}
${notes.length === 0 ? '' : html`<p class="muted">${notes.join('; ')}</p>`}
${
  evidence.length === 0
    ? ''
    : html`<ul class="evidence">${evidence.map(
        (act) =>
          html`<li>${act.url === null ? toDay(act.occurredAt) : html`<a href="${safeUrl(act.url)}" rel="nofollow noopener">${toDay(act.occurredAt)}</a>`} ${ACTIVITY_KIND_NAMES[act.kind].one}${act.repo === null ? '' : ` in ${act.repo}${act.itemNumber === null ? '' : `#${act.itemNumber}`}`}${act.points === null ? '' : ` (${act.points > 0 ? '+' : ''}${formatNumber(act.points)})`}</li>`,
      )}${trace.evidenceCount > evidence.length ? html`<li class="muted">and ${formatNumber(trace.evidenceCount - evidence.length)} more</li>` : ''}</ul>`
}
${trace.children.length === 0 ? '' : html`<ul class="requirements">${trace.children.map((child) => renderTrace(child, policy))}</ul>`}
</li>`;
}

/** Requirements whose found and asked numbers are a quantity a bar can show. */
function isMeasured(trace: RequirementTrace): boolean {
  const kind = trace.requirement.kind;
  switch (kind) {
    case 'points':
    case 'count':
    case 'tenure':
    case 'sponsors':
    case 'attendance':
    case 'attestation':
      return true;
    case 'criterion':
    case 'all_of':
    case 'any_of':
    case 'at_least':
      return false;
    default:
      return assertNever(kind, 'requirement kind');
  }
}
