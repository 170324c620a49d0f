import type { CommunityStats } from '../../app/read-community-stats.ts';
import { formatNumber } from './format-number.ts';
import { html } from './html.ts';
import { renderBarChart } from './render-bar-chart.ts';
import { type PageContext, renderPage } from './render-page.ts';

const SERIES = [
  {
    key: 'contributors',
    title: 'Contributors',
    unit: 'people',
    help: 'people with at least one counted act',
  },
  { key: 'contributions', title: 'Contributions', unit: 'acts', help: 'counted acts of every kind' },
  {
    key: 'reviewers',
    title: 'Reviewers',
    unit: 'people',
    help: 'people who reviewed at least one pull request',
  },
  {
    key: 'newContributors',
    title: 'New contributors',
    unit: 'people',
    help: 'people whose first counted act falls in the month',
  },
] as const;

/** The community month by month: four charts, the most active repositories and groups. */
export function renderCommunityPage(context: PageContext, stats: CommunityStats): string {
  const labels = stats.months.map((month) => month.month);
  const latest = stats.months[stats.months.length - 1];
  const charts = SERIES.map(
    (series) =>
      html`<figure class="card"><figcaption>${series.title} per month</figcaption>${renderBarChart({
        title: `${series.title} per month, ${labels[0] ?? ''} to ${labels[labels.length - 1] ?? ''}`,
        values: stats.months.map((month) => month[series.key]),
        labels,
        unit: series.unit,
      })}<p class="muted">${series.help}.</p></figure>`,
  );
  const repoRows = stats.topRepos.map(
    (repo) =>
      html`<tr><td>${repo.repo}</td><td class="num">${formatNumber(repo.contributors)}</td><td class="num">${formatNumber(repo.contributions)}</td><td class="num">${formatNumber(repo.points)}</td></tr>`,
  );
  const groupRows = stats.topGroups.map(
    (group) =>
      html`<tr><td>${context.links.isStatic ? group.name : html`<a href="${context.links.leaderboard({ window: 'ytd', group: group.id })}">${group.name}</a>`} <span class="muted">${group.id}</span></td><td>${group.kind}${group.parent === null ? '' : html` <span class="muted">of ${group.parent}</span>`}</td><td class="num">${formatNumber(group.repos)}</td><td class="num">${formatNumber(group.contributors)}</td><td class="num">${formatNumber(group.contributions)}</td><td class="num">${formatNumber(group.points)}</td></tr>`,
  );
  const groups =
    groupRows.length === 0
      ? ''
      : html`<h2>Top groups since ${stats.reposFrom}</h2>
<div class="table-wrap"><table><thead><tr><th scope="col">Group</th><th scope="col">Kind</th><th scope="col" class="num">Repositories</th><th scope="col" class="num">Contributors</th><th scope="col" class="num">Contributions</th><th scope="col" class="num">Points</th></tr></thead>
<tbody>${groupRows}</tbody></table></div>
<p class="muted">A group counts the acts in its repositories (a directory counts its whole repository), so groups that share a repository share its acts.</p>`;
  const body = html`<h1>Community</h1>
<p class="lead">Everyone who contributed, month by month (UTC), counted with the leaderboard's rules: bots and excluded acts count nowhere.</p>
<div class="grid">
<div class="stat"><b>${formatNumber(stats.totals.contributors)}</b><span>contributors, all time</span></div>
<div class="stat"><b>${formatNumber(stats.totals.contributions)}</b><span>contributions, all time</span></div>
<div class="stat"><b>${formatNumber(latest?.contributors ?? 0)}</b><span>contributors in ${latest?.month ?? ''}</span></div>
<div class="stat"><b>${formatNumber(latest?.newContributors ?? 0)}</b><span>new in ${latest?.month ?? ''}</span></div>
</div>
<div class="charts">${charts}</div>
<h2>Top repositories since ${stats.reposFrom}</h2>
<div class="table-wrap"><table><thead><tr><th scope="col">Repository</th><th scope="col" class="num">Contributors</th><th scope="col" class="num">Contributions</th><th scope="col" class="num">Points</th></tr></thead>
<tbody>${repoRows}${repoRows.length === 0 ? html`<tr><td colspan="4" class="muted">No repository activity in these twelve months.</td></tr>` : ''}</tbody></table></div>
${groups}
<p class="muted">Computed ${stats.computedAt.replace('T', ' ').replace('Z', ' UTC')}. The same data as <a href="${context.links.communityJson()}">JSON</a>.</p>`;
  return renderPage(context, { title: 'Community', section: 'community', body });
}
