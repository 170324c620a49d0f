import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  DASHBOARD_WINDOWS,
  type Dashboard,
  type LeaderboardPage,
  type LeaderboardSort,
} from '../../app/create-dashboard.ts';
import type { LadderReadModel } from '../../app/create-ladder-read-model.ts';
import { addLevels } from '../http/create-http-app.ts';
import { toAtRiskJson, toEligibleJson, toLadderJson, toPersonLadderJson } from '../http/to-ladder-json.ts';
import { toProfileJson } from '../http/to-profile-json.ts';
import { renderPersonBadge } from '../web/render-badge.ts';
import { renderCommunityPage } from '../web/render-community-page.ts';
import { renderLadderPage } from '../web/render-ladder-page.ts';
import { type LeaderboardView, renderLeaderboardPage } from '../web/render-leaderboard-page.ts';
import type { PageContext } from '../web/render-page.ts';
import { renderPersonLadder } from '../web/render-person-ladder.ts';
import { renderProfilePage } from '../web/render-profile-page.ts';
import { createStaticLinks, STATIC_PATHS } from '../web/site-links.ts';

/** Options of {@link exportSite}. */
export interface SiteExportOptions {
  readonly dashboard: Dashboard;
  /** The ladder, when the server shows one: its page, its JSON and each profile's part. */
  readonly ladder: LadderReadModel | null;
  readonly site: { readonly name: string | null; readonly notice: string | null };
  /** The current time, ISO UTC (printed on the pages). */
  readonly now: () => string;
  /** Rows per leaderboard page; default 50, as on the server. */
  readonly pageSize?: number;
  /** Told how many files are written so far, now and then. */
  readonly onProgress?: (files: number) => void;
}

/** What an export wrote. */
export interface SiteExportSummary {
  readonly directory: string;
  readonly files: number;
  /** People with a page (everyone on the all-time board). */
  readonly people: number;
}

/** Acts listed in a person's JSON file. */
const EVIDENCE_IN_JSON = 1000;

/**
 * Writes the server's pages as a static site into `directory` (created when missing; files of the
 * same names are replaced, others left alone): every leaderboard page of every window and order,
 * a page, a JSON file and a badge per person on the all-time board (named by person id, so any
 * login fits and two people sharing a login get a page each), the community page, and each
 * page's data as JSON beside it. Links are relative, so the folder works from any path (GitHub
 * Pages, a subfolder, a file server). Search on the static leaderboard runs in the browser over
 * the board's JSON file.
 */
export async function exportSite(directory: string, options: SiteExportOptions): Promise<SiteExportSummary> {
  const { dashboard } = options;
  const pageSize = options.pageSize ?? 50;
  const now = options.now();
  let files = 0;
  const write = async (path: string, content: string): Promise<void> => {
    const target = join(directory, ...path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
    files += 1;
    if (files % 500 === 0) options.onProgress?.(files);
  };
  // Pages are named by person id. A link that has only a login (the ladder's lists) goes to the
  // page of the highest-ranked person with that login, or is plain text when nobody has a page.
  const everyone = await dashboard.leaderboard({ window: 'all', offset: 0, limit: Number.MAX_SAFE_INTEGER });
  const pageIdByLogin = new Map<string, number>();
  for (const row of everyone.rows) {
    const key = row.login.toLowerCase();
    if (!pageIdByLogin.has(key)) pageIdByLogin.set(key, row.personId);
  }
  const pageIdOfLogin = (loginKey: string): number | undefined => pageIdByLogin.get(loginKey);
  const context = (pagePath: string): PageContext => ({
    links: createStaticLinks(pagePath, pageIdOfLogin),
    siteName: options.site.name,
    notice: options.site.notice,
    now,
    hasLadder: options.ladder !== null,
  });
  const up = (pagePath: string): string => '../'.repeat(pagePath.split('/').length - 1);

  await write('.nojekyll', '');

  const overview = options.ladder === null ? null : await options.ladder.overview();
  const withLevels = (page: LeaderboardPage): LeaderboardView =>
    overview === null ? page : addLevels(page, overview);

  for (const { name: window } of DASHBOARD_WINDOWS) {
    const whole = withLevels(
      await dashboard.leaderboard({ window, offset: 0, limit: Number.MAX_SAFE_INTEGER }),
    );
    await write(
      STATIC_PATHS.leaderboardJson(window),
      toJson({
        ...whole,
        rows: whole.rows.map(({ personId, ...row }) => ({ ...row, profile: STATIC_PATHS.person(personId) })),
      }),
    );
    for (const sort of ['points', 'recent'] as const satisfies readonly LeaderboardSort[]) {
      const pages = Math.max(1, Math.ceil(whole.totalPeople / pageSize));
      for (let page = 1; page <= pages; page++) {
        const path = STATIC_PATHS.leaderboard({ window, sort, page });
        const board = withLevels(
          await dashboard.leaderboard({ window, sort, offset: (page - 1) * pageSize, limit: pageSize }),
        );
        const staticSearch = {
          json: `${up(path)}${STATIC_PATHS.leaderboardJson(window)}`,
          root: up(path),
        };
        await write(path, renderLeaderboardPage(context(path), { ...board, staticSearch }));
      }
    }
  }

  // One reader for every profile: the roster, meetings and groups are read once, not per person.
  const ladderOf = options.ladder === null ? null : await options.ladder.people();
  for (const row of everyone.rows) {
    const profile = await dashboard.profile({ personId: row.personId }, { window: 'ytd' });
    if (profile === null) continue;
    const path = STATIC_PATHS.person(profile.personId);
    const evaluation = ladderOf === null ? null : await ladderOf(profile.login);
    const ladder = evaluation === null ? undefined : renderPersonLadder(evaluation, options.ladder!.policy);
    await write(path, renderProfilePage(context(path), { profile, window: 'ytd', badgeUrl: null, ladder }));
    await write(
      STATIC_PATHS.personJson(profile.personId),
      toJson({
        ...(toProfileJson(profile, 'ytd', EVIDENCE_IN_JSON) as object),
        ladder: evaluation === null ? null : toPersonLadderJson(evaluation),
      }),
    );
    const badge = await dashboard.badge({ personId: profile.personId });
    if (badge !== null) await write(STATIC_PATHS.badge(profile.personId), renderPersonBadge(badge));
  }

  if (overview !== null) {
    await write(STATIC_PATHS.ladder(), renderLadderPage(context(STATIC_PATHS.ladder()), overview));
    await write(STATIC_PATHS.ladderJson(), toJson(toLadderJson(overview)));
    await write('ladder-eligible.json', toJson(toEligibleJson(overview)));
    await write('ladder-at-risk.json', toJson(toAtRiskJson(overview)));
  }

  const stats = await dashboard.community();
  await write(STATIC_PATHS.community(), renderCommunityPage(context(STATIC_PATHS.community()), stats));
  await write(STATIC_PATHS.communityJson(), toJson(stats));
  options.onProgress?.(files);
  return { directory, files, people: everyone.rows.length };
}

function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 1)}\n`;
}
