import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { Dashboard, LeaderboardPage } from '../../app/create-dashboard.ts';
import type { LadderOverview, LadderReadModel } from '../../app/create-ladder-read-model.ts';
import { GroupNotFoundError } from '../../app/find-group.ts';
import { InputError } from '../../app/input-error.ts';
import { renderPersonBadge } from '../web/render-badge.ts';
import { renderCommunityPage } from '../web/render-community-page.ts';
import { renderErrorPage } from '../web/render-error-page.ts';
import { renderLadderPage } from '../web/render-ladder-page.ts';
import { type LeaderboardView, renderLeaderboardPage } from '../web/render-leaderboard-page.ts';
import type { PageContext } from '../web/render-page.ts';
import { renderPersonLadder } from '../web/render-person-ladder.ts';
import { renderProfilePage } from '../web/render-profile-page.ts';
import { createServerLinks } from '../web/site-links.ts';
import { HttpError } from './http-error.ts';
import { OPENAPI_DOCUMENT } from './openapi-document.ts';
import {
  readBoardScope,
  readIntegerParam,
  readSearchParam,
  readSortParam,
  readWindowParam,
} from './read-query.ts';
import { registerWebhookReceiver, type WebhookReceiver } from './register-webhook-receiver.ts';
import { securityHeaders } from './security-headers.ts';
import { toAtRiskJson, toEligibleJson, toLadderJson, toPersonLadderJson } from './to-ladder-json.ts';
import { toLeaderboardJson } from './to-leaderboard-json.ts';
import { toProfileJson } from './to-profile-json.ts';

/** Rows of a leaderboard page. */
export const PAGE_SIZE = 50;

/** What the HTTP app is made of: use cases, never stores. */
export interface HttpAppDeps {
  readonly dashboard: Dashboard;
  /** The ladder, or null when the server runs without one (its pages and routes then answer 404). */
  readonly ladder: LadderReadModel | null;
  /** The webhook receiver, or null when no secret is configured (the route then answers 503). */
  readonly webhooks: WebhookReceiver | null;
  /** The community's name beside the brand, and a notice on every page (the demo says its data is generated). */
  readonly site: { readonly name: string | null; readonly notice: string | null };
  /** The current time, ISO UTC. */
  readonly now: () => string;
  /** Told about unexpected errors (answered as `internal_error` without details). */
  readonly reportError?: (error: unknown) => void;
  /**
   * How long a board waits for the ladder's levels (default 5 s): the first evaluation of everyone
   * after a start reads every act (about 20 s at 5M acts), and a board should not wait that long
   * for the level column. Past the wait the board is served with `levelsPending` and no levels.
   */
  readonly levelsWaitMs?: number;
}

/** See {@link HttpAppDeps.levelsWaitMs}. */
const DEFAULT_LEVELS_WAIT_MS = 5_000;

/**
 * The server's routes: the read-only JSON API under `/api`, the pages, the badges and the webhook
 * receiver. One error handler turns every failure into the same JSON shape with a stable code (or
 * an error page, for pages); strict headers go on every answer.
 */
export function createHttpApp(deps: HttpAppDeps): Hono {
  const app = new Hono();
  const { dashboard } = deps;
  const links = createServerLinks();
  const pageContext = (): PageContext => ({
    links,
    siteName: deps.site.name,
    notice: deps.site.notice,
    now: deps.now(),
    hasLadder: deps.ladder !== null,
  });
  const requireLadder = (): LadderReadModel => {
    if (deps.ladder === null) throw new HttpError('not_found', 'this server runs without a ladder policy');
    return deps.ladder;
  };
  const levelsWaitMs = deps.levelsWaitMs ?? DEFAULT_LEVELS_WAIT_MS;
  const withLevels = async (page: LeaderboardPage): Promise<LeaderboardView> => {
    if (deps.ladder === null) return page;
    const overview = await settledWithin(deps.ladder.overview(), levelsWaitMs);
    return overview === null ? { ...page, levelsPending: true } : addLevels(page, overview);
  };

  app.use(securityHeaders());

  app.onError((error, c) => {
    const known = toHttpError(error);
    if (known === null) deps.reportError?.(error);
    const answer =
      known ?? new HttpError('internal_error', 'something went wrong on the server; it has been logged');
    return errorResponse(c, answer, pageContext);
  });
  app.notFound((c) =>
    errorResponse(c, new HttpError('not_found', `nothing is at ${c.req.path}`), pageContext),
  );

  // --- JSON API ---

  app.get('/api/openapi.json', (c) => c.json(OPENAPI_DOCUMENT));

  app.get('/api/health', (c) => c.json({ status: 'ok' }));

  app.get('/api/leaderboard', async (c) => {
    const page = await dashboard.leaderboard({
      window: readWindowParam(c.req.query('window')),
      ...readBoardScope(c.req.query('repo'), c.req.query('group')),
      search: readSearchParam(c.req.query('q')),
      sort: readSortParam(c.req.query('sort')),
      offset: readIntegerParam('offset', c.req.query('offset'), { min: 0, max: 10_000_000, fallback: 0 }),
      limit: readIntegerParam('limit', c.req.query('limit'), { min: 1, max: 500, fallback: PAGE_SIZE }),
    });
    return noStore(jsonResponse(c, toLeaderboardJson(await withLevels(page))));
  });

  app.get('/api/people/:login', async (c) => {
    const window = readWindowParam(c.req.query('window'));
    const evidence = readIntegerParam('evidence', c.req.query('evidence'), {
      min: 0,
      max: 10_000,
      fallback: 200,
    });
    const login = readLogin(c.req.param('login'));
    const profile = await dashboard.profile(login, { window });
    if (profile === null) throw personNotFound(login);
    const ladder = deps.ladder === null ? null : await deps.ladder.person(profile.login);
    return noStore(
      c.json({
        ...(toProfileJson(profile, window, evidence) as object),
        ladder: ladder === null ? null : toPersonLadderJson(ladder),
      }),
    );
  });

  app.get('/api/community', async (c) => noStore(c.json(await dashboard.community())));

  app.get('/api/groups', async (c) => noStore(c.json({ groups: await dashboard.groups() })));

  app.get('/api/ladder', async (c) => noStore(c.json(toLadderJson(await requireLadder().overview()))));

  app.get('/api/ladder/eligible', async (c) =>
    noStore(c.json(toEligibleJson(await requireLadder().overview()))),
  );

  app.get('/api/ladder/at-risk', async (c) =>
    noStore(c.json(toAtRiskJson(await requireLadder().overview()))),
  );

  // --- pages ---

  app.get('/', async (c) => {
    const window = readWindowParam(c.req.query('window'));
    const page = readIntegerParam('page', c.req.query('page'), { min: 1, max: 1_000_000, fallback: 1 });
    const board = await dashboard.leaderboard({
      window,
      ...readBoardScope(c.req.query('repo'), c.req.query('group')),
      search: readSearchParam(c.req.query('q')),
      sort: readSortParam(c.req.query('sort')),
      offset: (page - 1) * PAGE_SIZE,
      limit: PAGE_SIZE,
    });
    return noStore(c.html(renderLeaderboardPage(pageContext(), await withLevels(board))));
  });

  app.get('/people/:login', async (c) => {
    const window = readWindowParam(c.req.query('window'));
    const login = readLogin(c.req.param('login'));
    const profile = await dashboard.profile(login, { window });
    if (profile === null) throw personNotFound(login);
    const badgeUrl = new URL(links.badge(profile), c.req.url).toString();
    const evaluation = deps.ladder === null ? null : await deps.ladder.person(profile.login);
    const ladder = evaluation === null ? undefined : renderPersonLadder(evaluation, deps.ladder!.policy);
    return noStore(c.html(renderProfilePage(pageContext(), { profile, window, badgeUrl, ladder })));
  });

  app.get('/ladder', async (c) =>
    noStore(c.html(renderLadderPage(pageContext(), await requireLadder().overview()))),
  );

  app.get('/community', async (c) =>
    noStore(c.html(renderCommunityPage(pageContext(), await dashboard.community()))),
  );

  app.get('/badge/:file', async (c) => {
    const file = c.req.param('file');
    if (!file.endsWith('.svg')) throw new HttpError('not_found', 'badges are at /badge/<login>.svg');
    const facts = await dashboard.badge(readLogin(file.slice(0, -'.svg'.length)));
    const svg = renderPersonBadge(facts);
    const etag = `"${createHash('sha256').update(svg).digest('base64url').slice(0, 22)}"`;
    c.header('Cache-Control', 'public, max-age=300');
    c.header('ETag', etag);
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    c.header('Content-Type', 'image/svg+xml; charset=utf-8');
    return c.body(svg, facts === null ? 404 : 200);
  });

  registerWebhookReceiver(app, deps.webhooks);
  return app;
}

function toHttpError(error: unknown): HttpError | null {
  if (error instanceof HttpError) return error;
  if (error instanceof GroupNotFoundError) return new HttpError('group_not_found', error.message, 'group');
  if (error instanceof InputError) return new HttpError('invalid_input', error.message);
  return null;
}

function errorResponse(c: Context, error: HttpError, pageContext: () => PageContext): Response {
  const path = c.req.path;
  const wantsJson = path.startsWith('/api/') || path.startsWith('/webhooks/') || path.startsWith('/badge/');
  if (wantsJson) return c.json(error.toBody(), error.status as 400);
  return c.html(renderErrorPage(pageContext(), error), error.status as 400);
}

function personNotFound(login: string): HttpError {
  return new HttpError('person_not_found', `no person with the login "${login}" is on record`);
}

/** A login from a path: any text up to 100 characters (off-GitHub handles are not GitHub logins). */
function readLogin(value: string): string {
  const login = value.trim();
  if (login === '' || login.length > 100)
    throw new HttpError('invalid_parameter', 'a login is 1 to 100 characters', 'login');
  return login;
}

/** A board page as the API gives it: public fields only, without the internal person ids. */
const leveled = new WeakMap<LeaderboardPage, { overview: LadderOverview; view: LeaderboardView }>();

/** A board page with each person's ladder level; the same page and overview give the same object. */
export function addLevels(page: LeaderboardPage, overview: LadderOverview): LeaderboardView {
  const known = leveled.get(page);
  if (known !== undefined && known.overview === overview) return known.view;
  const view: LeaderboardView = {
    ...page,
    rows: page.rows.map((row) => ({
      ...row,
      level: overview.levels.get(row.login.toLowerCase())?.title ?? null,
    })),
  };
  leveled.set(page, { overview, view });
  return view;
}

/**
 * `promise`'s value if it settles within `ms`, else null (it goes on; a later call gets its value,
 * and its failure, if any, is thrown to whoever awaits it then). A rejection within `ms` is thrown.
 */
async function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  // Not awaited past the wait: a later failure must not surface as an unhandled rejection here.
  promise.catch(() => {});
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The same answer object (a reused board page) is serialized once. */
const serialized = new WeakMap<object, string>();

function jsonResponse(c: Context, value: object): Response {
  let text = serialized.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    serialized.set(value, text);
  }
  return c.body(text, 200, { 'Content-Type': 'application/json' });
}

/** Answers change with every delivery: a client may keep them but must ask again before reuse. */
function noStore(response: Response): Response {
  response.headers.set('Cache-Control', 'no-cache');
  return response;
}
