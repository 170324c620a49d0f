import type { LadderOverview } from '../../app/create-ladder-read-model.ts';
import { countOf } from '../../core/count-of.ts';
import { levelTitle } from '../../core/ladder/describe-trace-note.ts';
import { formatDuration, formatDurationAdjective } from '../../core/ladder/duration.ts';
import type { EligibleEntry } from '../../core/ladder/evaluate-community.ts';
import type { LadderPolicy, LevelPolicy, Requirement } from '../../core/ladder/ladder-policy.ts';
import { requirementTitle } from '../../core/ladder/requirement-title.ts';
import { collectLeafTraces, type RequirementTrace } from '../../core/ladder/requirement-trace.ts';
import { isUnlinkedHandle } from '../../core/people/unlinked-handle.ts';
import { withArticle } from '../../core/with-article.ts';
import { describeEligibility, describeInactivity, describeStanding, toDay } from './describe-trace.ts';
import { formatNumber } from './format-number.ts';
import { html, type SafeHtml, safeUrl } from './html.ts';
import { type PageContext, renderPage } from './render-page.ts';
import { renderPersonLink } from './render-person-link.ts';

/**
 * The ladder: each level with what it takes to enter and to stay, its benefits and how many
 * people hold it (or that no holder is recorded yet, and how to record them), then who is eligible
 * for a next rung, who is not in good standing, whose term ended, who is inactive and who may
 * return.
 */
export function renderLadderPage(context: PageContext, overview: LadderOverview): string {
  const { policy, evaluation } = overview;
  const { links } = context;
  const levels = [...policy.levels].sort((a, b) => a.rank - b.rank);
  const eligibleBy = new Map<string, EligibleEntry[]>();
  for (const entry of evaluation.eligible) {
    const list = eligibleBy.get(entry.level) ?? [];
    list.push(entry);
    eligibleBy.set(entry.level, list);
  }
  const person = (login: string): SafeHtml =>
    isUnlinkedHandle(login)
      ? html`${renderPersonLink(links, { login })} <small class="unlinked">unlinked</small>`
      : renderPersonLink(links, { login });

  const levelCards = levels.map((level) => {
    const eligible = eligibleBy.get(level.id) ?? [];
    const holders = evaluation.holders[level.id] ?? 0;
    return html`<section class="card" id="level-${level.id}" aria-labelledby="title-${level.id}">
<h2 id="title-${level.id}">${level.title} <span class="muted">· ${holders === 0 ? 'no holder recorded' : `${countOf(holders, 'holder')} recorded`}</span></h2>
<p>${level.summary}</p>
<p class="muted">${describeShape(level, policy)}</p>
<h3>To enter</h3>
${renderRequirements(level.requires.of, policy)}
${level.stay === null ? '' : html`<h3>To stay (checked every ${formatDuration(level.cycle.every)})</h3>${sameRequirements(level) ? html`<p class="muted">The same requirements, in each cycle.</p>` : renderRequirements(level.stay.of, policy)}`}
${level.benefits.length === 0 ? '' : html`<h3>Benefits</h3><ul>${level.benefits.map((benefit) => html`<li>${benefit}</li>`)}</ul>`}
<p>${eligible.length === 0 ? html`<span class="muted">Nobody is eligible for it right now.</span>` : html`<a href="#eligible-${level.id}">${countOf(eligible.length, 'person is', 'people are')} eligible now →</a>`}</p>
${holders === 0 && eligible.length > 0 ? html`<p class="muted unrecorded">Who holds ${level.title} is not recorded yet, so everyone who meets its requirements is listed as eligible. Record the holders with <code>rungs roles import roster.yaml</code> or <code>rungs roles grant &lt;login&gt; ${level.id}</code>.</p>` : ''}
</section>`;
  });

  const eligibleSections = levels
    .filter((level) => (eligibleBy.get(level.id) ?? []).length > 0)
    .map(
      (level) => html`<h3 id="eligible-${level.id}">${level.title}</h3>
${(evaluation.holders[level.id] ?? 0) === 0 ? html`<p class="muted">No holder of ${level.title} is recorded, so people who already hold it are listed here too.</p>` : ''}
<div class="table-wrap"><table><thead><tr><th scope="col">Person</th><th scope="col">Verdict</th><th scope="col">Waiting for</th></tr></thead><tbody>${(
        eligibleBy.get(level.id) ?? []
      ).map(
        (entry) =>
          html`<tr><td class="who">${person(entry.login)}${entry.scope === null ? '' : html`<small>in ${entry.scope}</small>`}</td><td class="${entry.eligibility === 'eligible' ? 'met' : 'pending'}">${describeEligibility(entry.eligibility)}</td><td class="muted">${entry.eligibility === 'eligible' ? '—' : awaitingTitles(entry.trace, policy)}</td></tr>`,
      )}</tbody></table></div>`,
    );

  // A term that ended is no lapse in standing: it is listed on its own, met or not.
  const standingRows = evaluation.standing
    .filter((entry) => entry.standing.kind !== 'term_ended')
    .map(
      (entry) =>
        html`<tr><td class="who">${person(entry.login)}</td><td>${entry.title}${entry.scope === null ? '' : ` in ${entry.scope}`}</td><td>${describeStanding(entry.standing)}</td></tr>`,
    );
  const termRows = evaluation.standing.flatMap((entry) =>
    entry.standing.kind === 'term_ended'
      ? [
          html`<tr><td class="who">${person(entry.login)}</td><td>${entry.title}${entry.scope === null ? '' : ` in ${entry.scope}`}</td><td class="${entry.standing.completed ? 'met' : 'unmet'}">${describeStanding(entry.standing)}</td></tr>`,
        ]
      : [],
  );
  const inactivityRows = evaluation.inactivity.map(
    (entry) =>
      html`<tr><td class="who">${person(entry.login)}</td><td>${entry.levels.map((id) => levelTitle(policy, id)).join(', ')}</td><td>${describeInactivity(entry.inactivity)}</td></tr>`,
  );

  const body = html`<h1>${policy.title}</h1>
${policy.description === null ? '' : html`<p class="lead">${policy.description}</p>`}
<p class="muted">Judged as of ${toDay(evaluation.asOf)} for ${formatNumber(evaluation.people)} people.${policy.source === null ? '' : html` The community publishes this ladder at <a href="${safeUrl(policy.source)}" rel="nofollow noopener">${policy.source}</a>.`} Levels are held by decision (a grant or a roster); rungs computes who meets what. The same data as <a href="${links.ladderJson()}">JSON</a>.</p>
${levels.every((level) => (evaluation.holders[level.id] ?? 0) === 0) ? html`<p class="notice-box" id="no-roles">No one is recorded as holding any level yet. rungs computes who meets each level's requirements, but who holds a level is a decision it learns from a roster or a grant: <code>rungs roles import roster.yaml</code> or <code>rungs roles grant &lt;login&gt; &lt;level&gt;</code>.</p>` : ''}
<nav aria-label="Levels"><ul class="tabs">${levels.map((level) => html`<li><a href="#level-${level.id}">${level.title}</a></li>`)}</ul></nav>
<div class="levels">${levelCards}</div>
${policy.inactivity === null ? '' : html`<h2>Inactivity</h2><p>No contributions for ${formatDuration(policy.inactivity.after)} brings a notice; emeritus follows after a grace period of ${formatDuration(policy.inactivity.grace)}.</p>`}
${policy.reinstatement === null ? '' : html`<h2>Returning from emeritus</h2>${renderRequirements(policy.reinstatement.of, policy)}`}
<h2 id="eligible">Eligible for the next rung</h2>
${eligibleSections.length === 0 ? html`<p class="muted">Nobody is eligible for a next level right now.</p>` : eligibleSections}
<h2 id="at-risk">Not in good standing</h2>
${standingRows.length === 0 ? html`<p class="muted">Everyone who holds a level is in good standing.</p>` : html`<div class="table-wrap"><table><thead><tr><th scope="col">Person</th><th scope="col">Level</th><th scope="col">Standing</th></tr></thead><tbody>${standingRows}</tbody></table></div>`}
${termRows.length === 0 ? '' : html`<h2 id="terms-ended">Terms ended</h2><div class="table-wrap"><table><thead><tr><th scope="col">Person</th><th scope="col">Level</th><th scope="col">Term</th></tr></thead><tbody>${termRows}</tbody></table></div>`}
<h2 id="inactive">Inactive</h2>
${inactivityRows.length === 0 ? html`<p class="muted">Nobody holding a level is inactive.</p>` : html`<div class="table-wrap"><table><thead><tr><th scope="col">Person</th><th scope="col">Levels</th><th scope="col">State</th></tr></thead><tbody>${inactivityRows}</tbody></table></div>`}
${
  evaluation.reinstatable.length === 0
    ? ''
    : html`<h2 id="reinstatable">May return</h2><ul>${evaluation.reinstatable.map((entry) => html`<li>${person(entry.login)} as ${entry.title}: ${describeEligibility(entry.eligibility)}</li>`)}</ul>`
}`;
  return renderPage(context, { title: 'Ladder', section: 'ladder', body });
}

function renderRequirements(requirements: readonly Requirement[], policy: LadderPolicy): SafeHtml {
  return html`<ul>${requirements.map(
    (requirement) =>
      html`<li>${requirementTitle(requirement, policy)}${
        'of' in requirement && requirement.of.length > 0 ? renderRequirements(requirement.of, policy) : ''
      }</li>`,
  )}</ul>`;
}

function describeShape(level: LevelPolicy, policy: LadderPolicy): string {
  const parts: string[] = [];
  parts.push(level.after === null ? 'The first rung' : `After ${levelTitle(policy, level.after)}`);
  if (level.term !== null) parts.push(withArticle(`${formatDurationAdjective(level.term)} term`));
  if (level.scoped) parts.push('held in a scope (a repository, directory or group)');
  return `${parts.join('; ')}.`;
}

function sameRequirements(level: LevelPolicy): boolean {
  return (
    level.stay !== null &&
    JSON.stringify(level.stay.of.map(stripPath)) === JSON.stringify(level.requires.of.map(stripPath))
  );
}

function stripPath(requirement: Requirement): unknown {
  const { path: _path, ...rest } = requirement as Requirement & { path: string };
  return 'of' in rest ? { ...rest, of: (rest.of as readonly Requirement[]).map(stripPath) } : rest;
}

/** What an entry waits for, by the requirements' titles: `"gathers and relays user feedback", confirmed by Maintainer`. */
function awaitingTitles(trace: RequirementTrace, policy: LadderPolicy): string {
  return collectLeafTraces(trace, 'needs_confirmation')
    .map((leaf) => requirementTitle(leaf.requirement, policy))
    .join('; ');
}
