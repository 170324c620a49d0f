import { DASHBOARD_WINDOWS, type PersonProfile } from '../../app/create-dashboard.ts';
import { ACTIVITY_KINDS } from '../../core/activity.ts';
import { isUnlinkedHandle } from '../../core/people/unlinked-handle.ts';
import { describeScoringLabel } from '../../core/scoring/scoring-label.ts';
import { ACTIVITY_KIND_NAMES, describeExclusion } from './describe-activity.ts';
import { formatNumber } from './format-number.ts';
import { html, type SafeHtml, safeUrl } from './html.ts';
import { renderBarChart } from './render-bar-chart.ts';
import { type PageContext, renderPage } from './render-page.ts';

/** Acts listed on a profile, newest first; the JSON has them all. */
export const PROFILE_EVIDENCE_SHOWN = 50;

/** What a profile page shows: the profile, and the ladder's part when the ladder is known. */
export interface ProfileView {
  readonly profile: PersonProfile;
  /** The window name the breakdown covers (`ytd`, `12w`, ...). */
  readonly window: string;
  /** The ladder's account of this person (level, standing, the next rung's requirements), rendered by the ladder's renderer. */
  readonly ladder?: SafeHtml;
  /** Where the badge is, absolute, for the snippet to copy (null on the static site, which cannot know it). */
  readonly badgeUrl: string | null;
}

/**
 * A person's page: where they stand in each window, their weekly activity over a year, their points
 * by kind in the chosen window, and the acts behind them with links to each.
 */
export function renderProfilePage(context: PageContext, view: ProfileView): string {
  const { links } = context;
  const { profile } = view;
  const { breakdown } = profile;

  const standings = profile.standings.map(
    (standing) =>
      html`<div class="stat"><b>${formatNumber(standing.points)}</b><span>${standing.label}<br>${standing.rank === null ? 'not ranked' : html`rank ${formatNumber(standing.rank)} of ${formatNumber(standing.of)}`}</span></div>`,
  );

  const kinds = ACTIVITY_KINDS.filter(
    (kind) => breakdown.counts[kind] > 0 || breakdown.pointsByKind[kind] !== 0,
  );
  const kindRows = kinds.map(
    (kind) =>
      html`<tr><td>${ACTIVITY_KIND_NAMES[kind].many}</td><td class="num">${formatNumber(breakdown.counts[kind])}</td><td class="num">${formatNumber(breakdown.pointsByKind[kind])}</td></tr>`,
  );

  const evidence = [...breakdown.evidence].reverse().slice(0, PROFILE_EVIDENCE_SHOWN);
  const evidenceRows = evidence.map((act) => {
    const where =
      act.repo === null ? '' : `${act.repo}${act.itemNumber === null ? '' : `#${act.itemNumber}`}`;
    const whereCell =
      act.url === null
        ? where
        : html`<a href="${safeUrl(act.url)}" rel="nofollow noopener">${where || 'link'}</a>`;
    return html`<tr><td><time datetime="${act.occurredAt}">${act.occurredAt.slice(0, 10)}</time></td><td>${ACTIVITY_KIND_NAMES[act.kind].one}${act.issueKind === null ? '' : html` <span class="muted">(${act.issueKind})</span>`}</td><td>${whereCell}</td><td class="num">${act.excluded === null ? formatNumber(act.points) : html`<span class="muted" title="${describeExclusion(act.excluded)}">0 — ${describeExclusion(act.excluded)}</span>`}</td></tr>`;
  });

  const windowTabs = links.isStatic
    ? ''
    : html`<nav aria-label="Window of the breakdown"><ul class="tabs">${DASHBOARD_WINDOWS.map(
        (known) =>
          html`<li><a href="${links.person(profile, known.name) ?? ''}"${known.name === view.window ? html` aria-current="page"` : ''}>${known.title}</a></li>`,
      )}</ul></nav>`;

  const badgeMarkdown =
    view.badgeUrl === null
      ? null
      : `[![rungs](${view.badgeUrl})](${view.badgeUrl.replace(/\/badge\/[^/]*$/, `/people/${encodeURIComponent(profile.login)}`)})`;

  const unlinked = isUnlinkedHandle(profile.login);
  const shownName = unlinked ? (profile.name ?? profile.login) : profile.login;
  const body = html`<h1>${shownName}</h1>
${unlinked ? html`<p class="unlinked">Unlinked: known by git commits only, not matched to a GitHub account. Handle: <code>${profile.login}</code>.</p>` : ''}
<p class="lead">${!unlinked && profile.name !== null && profile.name !== profile.login ? html`${profile.name} · ` : ''}${profile.excluded === null ? 'Counted on the leaderboard.' : html`Not counted: ${describeExclusion(profile.excluded)}.`}</p>
${view.ladder ?? ''}
<h2>Standing</h2>
<p class="muted" id="scoring">Points of ${describeScoringLabel(profile.scoring)}.</p>
<div class="grid">${standings}</div>
<h2>Activity by week</h2>
<div class="card">${renderBarChart({
    title: `${shownName}'s points per week, last ${profile.activity.weekStarts.length} weeks`,
    values: profile.activity.points,
    labels: profile.activity.weekStarts,
    unit: 'points',
  })}<p class="muted">${countedActs(profile.activity.acts.reduce((sum, count) => sum + count, 0))} in the ${profile.activity.weekStarts.length} weeks since ${profile.activity.weekStarts[0] ?? ''}.</p></div>
<h2>Points by kind: ${breakdown.window.label}</h2>
${windowTabs}
<div class="table-wrap"><table><thead><tr><th scope="col">Kind</th><th scope="col" class="num">Acts</th><th scope="col" class="num">Points</th></tr></thead>
<tbody>${kindRows}${kinds.length === 0 ? html`<tr><td colspan="3" class="muted">Nothing counted in this window.</td></tr>` : ''}</tbody>
<tfoot><tr><th scope="row">Total</th><td></td><td class="num"><strong>${formatNumber(breakdown.points)}</strong></td></tr></tfoot></table></div>
<h2>Evidence</h2>
<p class="muted">${evidence.length < breakdown.evidence.length ? `The latest ${evidence.length} of ${formatNumber(breakdown.evidence.length)} acts` : breakdown.evidence.length === 1 ? 'The one act' : `All ${formatNumber(breakdown.evidence.length)} acts`} in ${breakdown.window.label}, newest first; the <a href="${links.personJson(profile)}">JSON</a> has them with their keys.</p>
<div class="table-wrap"><table><thead><tr><th scope="col">Date</th><th scope="col">What</th><th scope="col">Where</th><th scope="col" class="num">Points</th></tr></thead>
<tbody>${evidenceRows}${evidence.length === 0 ? html`<tr><td colspan="4" class="muted">No acts in this window.</td></tr>` : ''}</tbody></table></div>
<h2>Badge</h2>
<p><img src="${links.badge(profile)}" alt="rungs badge of ${shownName}" height="20"></p>
${badgeMarkdown === null ? '' : html`<pre>${badgeMarkdown}</pre>`}`;
  return renderPage(context, { title: shownName, section: 'person', body });
}

function countedActs(count: number): string {
  return `${formatNumber(count)} counted ${count === 1 ? 'act' : 'acts'}`;
}
