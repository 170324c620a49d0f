import { ACTIVITY_KINDS } from '../../core/activity.ts';
import { isUnlinkedHandle, toDisplayName, toGitHubLogin } from '../../core/people/unlinked-handle.ts';
import type { Leaderboard } from '../../core/scoring/build-leaderboard.ts';
import type { ScoringLabel } from '../../core/scoring/scoring-label.ts';
import { formatCsv, formatTable } from './format-table.ts';

/** The leaderboard's output formats. */
export type LeaderboardFormat = 'table' | 'json' | 'csv';

/**
 * Renders a board. JSON is `{"scoring": {name, description}, "window": {...}, "rows": [{rank,
 * login, handle, unlinked, name, points, counts}]}` with every activity kind in `counts`; CSV has
 * one column per kind; the table says its window and scoring on its first line and shows the main
 * kinds. An unlinked person (known by git emails only) has no login (null, empty in CSV): they are
 * named by their name and their handle `person:<id>`, never by anything that passes for a login.
 */
export function formatLeaderboard(
  board: Leaderboard & { readonly scoring: ScoringLabel },
  format: LeaderboardFormat,
): string {
  const heading = `${board.window.label}, ${board.scoring.name} scoring`;
  switch (format) {
    case 'json':
      return JSON.stringify(
        {
          scoring: board.scoring,
          window: board.window,
          totalPeople: board.totalPeople,
          rows: board.rows.map((row) => ({
            rank: row.rank,
            login: toGitHubLogin(row.login),
            handle: row.login,
            unlinked: isUnlinkedHandle(row.login),
            name: row.name,
            points: row.points,
            counts: row.counts,
            lastActiveAt: row.lastActiveAt,
          })),
        },
        null,
        2,
      );
    case 'csv':
      return formatCsv(
        ['rank', 'login', 'name', 'points', ...ACTIVITY_KINDS, 'handle'],
        board.rows.map((row) => [
          row.rank,
          toGitHubLogin(row.login) ?? '',
          row.name ?? '',
          row.points,
          ...ACTIVITY_KINDS.map((kind) => row.counts[kind]),
          row.login,
        ]),
      );
    case 'table': {
      if (board.rows.length === 0) return `${heading}: nobody has scored in this window.`;
      const table = formatTable(board.rows, [
        { header: 'rank', cell: (row) => String(row.rank), align: 'right' },
        { header: 'login', cell: (row) => toDisplayName(row) },
        { header: 'points', cell: (row) => row.points.toLocaleString('en-US'), align: 'right' },
        { header: 'merged', cell: (row) => String(row.counts.pr_merged), align: 'right' },
        { header: 'PRs', cell: (row) => String(row.counts.pr_opened), align: 'right' },
        { header: 'issues', cell: (row) => String(row.counts.issue_opened), align: 'right' },
        { header: 'reviews', cell: (row) => String(row.counts.pr_reviewed), align: 'right' },
        {
          header: 'comments',
          cell: (row) => String(row.counts.issue_comment + row.counts.review_comment),
          align: 'right',
        },
        { header: 'commits', cell: (row) => String(row.counts.commit), align: 'right' },
        { header: 'meetings', cell: (row) => String(row.counts.meeting_attended), align: 'right' },
      ]);
      const shown =
        board.rows.length < board.totalPeople ? ` (top ${board.rows.length} of ${board.totalPeople})` : '';
      return `${board.window.label}${shown}, ${board.scoring.name} scoring\n${table}`;
    }
  }
}
