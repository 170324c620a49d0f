import type { LeaderboardPage, LeaderboardPageRow } from '../../app/create-dashboard.ts';
import { DASHBOARD_WINDOWS } from '../../app/create-dashboard.ts';
import { isUnlinkedHandle } from '../../core/people/unlinked-handle.ts';
import { describeScoringLabel } from '../../core/scoring/scoring-label.ts';
import { formatAge } from './format-age.ts';
import { formatNumber } from './format-number.ts';
import { html, type SafeHtml } from './html.ts';
import { type PageContext, renderPage } from './render-page.ts';
import { renderPersonLink } from './render-person-link.ts';
import { renderSparkline } from './render-sparkline.ts';

/** A board row with the person's ladder level, when the ladder is known. */
export type LeaderboardViewRow = LeaderboardPageRow & { readonly level?: string | null };

/** What the leaderboard page shows. */
export interface LeaderboardView extends Omit<LeaderboardPage, 'rows'> {
  readonly rows: readonly LeaderboardViewRow[];
  /** True when the ladder's levels were not ready in time: the board is shown without them. */
  readonly levelsPending?: boolean;
  /** The static site's search: where the board's JSON is, and the way back to the site's root. */
  readonly staticSearch?: { readonly json: string; readonly root: string };
}

/**
 * The leaderboard: a window selector, search by login, sort by points or recent activity, a
 * 12-week sparkline per person and, when the ladder is known, each person's level. Every control
 * is a link or a plain form, so it works without JavaScript.
 */
export function renderLeaderboardPage(context: PageContext, board: LeaderboardView): string {
  const { links } = context;
  const windowName = board.window.name;
  const showLevel = board.rows.some((row) => row.level !== undefined);
  const page = Math.floor(board.offset / Math.max(1, board.limit)) + 1;
  const pages = Math.max(1, Math.ceil(board.matching / Math.max(1, board.limit)));
  const link = (change: { window?: string; sort?: 'points' | 'recent'; page?: number }): string =>
    links.leaderboard({
      window: change.window ?? windowName,
      sort: change.sort ?? board.sort,
      page: change.page ?? 1,
      search: board.search,
      repo: board.repo,
      group: board.group?.id ?? null,
    });
  const isKnownWindow = DASHBOARD_WINDOWS.some((known) => known.name === windowName);

  const windowTabs = DASHBOARD_WINDOWS.map(
    (known) =>
      html`<li><a href="${link({ window: known.name })}"${known.name === windowName ? html` aria-current="page"` : ''}>${known.title}</a></li>`,
  );
  const sortTabs = (['points', 'recent'] as const).map(
    (sort) =>
      html`<li><a href="${link({ sort })}"${sort === board.sort ? html` aria-current="true"` : ''}>${sort === 'points' ? 'Points' : 'Recent activity'}</a></li>`,
  );

  const searchForm = board.staticSearch
    ? html`<form class="search" role="search" action="#" data-static-search="${board.staticSearch.json}" data-root="${board.staticSearch.root}">
<input type="search" name="q" aria-label="Search by login" placeholder="Search by login"><button type="submit">Search</button></form>`
    : links.isStatic
      ? ''
      : html`<form class="search" role="search" method="get" action="${links.leaderboard({ window: 'ytd' })}">
${windowName === 'ytd' ? '' : html`<input type="hidden" name="window" value="${windowName}">`}${board.sort === 'recent' ? html`<input type="hidden" name="sort" value="recent">` : ''}${board.repo === null ? '' : html`<input type="hidden" name="repo" value="${board.repo}">`}${board.group === null ? '' : html`<input type="hidden" name="group" value="${board.group.id}">`}
<input type="search" name="q" value="${board.search ?? ''}" aria-label="Search by login" placeholder="Search by login"><button type="submit">Search</button></form>`;

  const status =
    board.search === null
      ? ''
      : html`${formatNumber(board.matching)} of ${formatNumber(board.totalPeople)} people match “${board.search}”. <a href="${links.leaderboard({ window: windowName, sort: board.sort, repo: board.repo, group: board.group?.id ?? null })}">Show everyone</a>`;

  const rows = board.rows.map((row) => renderRow(context, board, row, showLevel));
  const empty =
    board.rows.length === 0
      ? html`<tr><td colspan="${showLevel ? 9 : 8}" class="muted">${board.search === null ? 'Nobody has a counted contribution in this window yet.' : 'Nobody on this board matches that search.'}</td></tr>`
      : '';

  const first = board.matching === 0 ? 0 : board.offset + 1;
  const last = Math.min(board.matching, board.offset + board.rows.length);
  const body = html`<h1>Leaderboard</h1>
<p class="lead">${board.window.label}${board.repo === null ? '' : html` in <strong>${board.repo}</strong>`}${board.group === null ? '' : html` in the <strong>${board.group.name}</strong> group (${formatNumber(board.group.repos.length)} ${board.group.repos.length === 1 ? 'repository' : 'repositories'})`}: ${formatNumber(board.totalPeople)} ${board.totalPeople === 1 ? 'person' : 'people'} ranked by points of the <strong>${board.scoring.name}</strong> scoring${board.sort === 'recent' ? ', shown by recent activity' : ''}.</p>
<div class="controls">
<nav aria-label="Window"><ul class="tabs">${windowTabs}${isKnownWindow ? '' : html`<li><a href="${link({})}" aria-current="page">${board.window.label}</a></li>`}</ul></nav>
${searchForm}
</div>
<div class="controls"><span class="muted" id="sort-label">Order</span><ul class="tabs" aria-labelledby="sort-label">${sortTabs}</ul></div>
<p id="board-status" class="muted" aria-live="polite">${status}</p>
${board.levelsPending === true ? html`<p class="muted" id="levels-pending">Ladder levels are still being worked out for everyone; reload in a moment to see them.</p>` : ''}
<div class="table-wrap"><table>
<caption class="skip">${board.window.label} leaderboard</caption>
<thead><tr><th scope="col" data-col="rank" class="num">#</th><th scope="col" data-col="person">Person</th>${showLevel ? html`<th scope="col" data-col="level" class="wide">Level</th>` : ''}<th scope="col" data-col="points" class="num">Points</th><th scope="col" data-col="weekly">Last 12 weeks</th><th scope="col" data-col="last" class="wide">Last active</th><th scope="col" data-col="merged" class="num wide">PRs merged</th><th scope="col" data-col="reviews" class="num wide">Reviews</th><th scope="col" data-col="issues" class="num wide">Issues</th></tr></thead>
<tbody id="board-rows">${rows}${empty}</tbody>
</table></div>
<nav class="pager" aria-label="Pages">
<span>${page > 1 ? html`<a href="${link({ page: page - 1 })}" rel="prev">← Previous</a>` : ''}</span>
<span class="muted">${formatNumber(first)}–${formatNumber(last)} of ${formatNumber(board.matching)}</span>
<span>${page < pages ? html`<a href="${link({ page: page + 1 })}" rel="next">Next →</a>` : ''}</span>
</nav>
<p class="muted">Points follow ${describeScoringLabel(board.scoring)}. The sparkline shows each person's points per week (weeks start on Monday, from ${board.weekStarts[0] ?? ''}). “Recent activity” weighs each week's points by half for every three weeks of age. The same data as <a href="${links.leaderboardJson(windowName)}">JSON</a>.</p>`;
  return renderPage(context, { title: `Leaderboard, ${board.window.label}`, section: 'leaderboard', body });
}

function renderRow(
  context: PageContext,
  board: LeaderboardView,
  row: LeaderboardViewRow,
  showLevel: boolean,
): SafeHtml {
  const { links } = context;
  const issues = row.counts.issue_opened;
  return html`<tr>
<td class="num rank">${row.rank}</td>
<td class="who">${
    isUnlinkedHandle(row.login)
      ? html`${renderPersonLink(links, row, row.name ?? row.login)}<small class="unlinked">unlinked: not matched to a GitHub account</small>`
      : html`${renderPersonLink(links, row)}${row.name !== null && row.name !== row.login ? html`<small>${row.name}</small>` : ''}`
  }${showLevel && row.level ? html`<small class="narrow"><span class="level">${row.level}</span></small>` : ''}</td>
${showLevel ? html`<td class="wide">${row.level ? html`<span class="level">${row.level}</span>` : html`<span class="muted">—</span>`}</td>` : ''}
<td class="num"><strong>${formatNumber(row.points)}</strong></td>
<td>${renderSparkline(row.weekly, board.weekStarts)}</td>
<td class="wide muted"><time datetime="${row.lastActiveAt}">${formatAge(row.lastActiveAt, context.now)}</time></td>
<td class="num wide">${formatNumber(row.counts.pr_merged)}</td>
<td class="num wide">${formatNumber(row.counts.pr_reviewed)}</td>
<td class="num wide">${formatNumber(issues)}</td>
</tr>`;
}
