import type { LeaderboardSort } from '../../app/create-dashboard.ts';

/** A leaderboard page to link to. */
export interface LeaderboardLink {
  readonly window: string;
  readonly sort?: LeaderboardSort;
  /** 1-based. */
  readonly page?: number;
  readonly search?: string | null;
  readonly repo?: string | null;
  /** A group id: the board of the group's repositories (live server only). */
  readonly group?: string | null;
}

/**
 * A person a page links to: the login shown, and the person's id when the page knows it (a board
 * row, a profile). Two people may share a login (two git authors' email local parts), so the static
 * site names files by id; a link with only a login goes to the person the server shows for it.
 */
export interface PersonLink {
  readonly login: string;
  readonly personId?: number;
}

/** A person with a page of their own, as a profile knows them. */
export interface PersonPage {
  readonly login: string;
  readonly personId: number;
}

/**
 * Where each page is, so one renderer serves the live site (absolute paths with query strings)
 * and the static site (relative file paths). Every result is a URL path, never user text.
 */
export interface SiteLinks {
  /** The static site has no server: no search on the server, no query strings, no per-window profiles. */
  readonly isStatic: boolean;
  leaderboard(link: LeaderboardLink): string;
  /** The person's page, or null when the site has none for them (a static site's roster-only name). */
  person(person: PersonLink, window?: string): string | null;
  community(): string;
  ladder(): string;
  badge(person: PersonPage): string;
  leaderboardJson(window: string): string;
  personJson(person: PersonPage): string;
  communityJson(): string;
  ladderJson(): string;
}

/** Links of the live server. */
export function createServerLinks(): SiteLinks {
  return {
    isStatic: false,
    leaderboard(link) {
      const query = new URLSearchParams();
      if (link.window !== 'ytd') query.set('window', link.window);
      if (link.repo) query.set('repo', link.repo);
      if (link.group) query.set('group', link.group);
      if (link.search) query.set('q', link.search);
      if (link.sort === 'recent') query.set('sort', 'recent');
      if (link.page !== undefined && link.page > 1) query.set('page', String(link.page));
      const text = query.toString();
      return text === '' ? '/' : `/?${text}`;
    },
    person: ({ login }, window) =>
      `/people/${encodeURIComponent(login)}${window !== undefined && window !== 'ytd' ? `?window=${encodeURIComponent(window)}` : ''}`,
    community: () => '/community',
    ladder: () => '/ladder',
    badge: ({ login }) => `/badge/${encodeURIComponent(login)}.svg`,
    leaderboardJson: (window) => `/api/leaderboard?window=${encodeURIComponent(window)}`,
    personJson: ({ login }) => `/api/people/${encodeURIComponent(login)}`,
    communityJson: () => '/api/community',
    ladderJson: () => '/api/ladder',
  };
}

/** The file a static page or document is written to, relative to the site's root. */
export const STATIC_PATHS = {
  leaderboard(link: LeaderboardLink): string {
    const sort = link.sort ?? 'points';
    const page = link.page ?? 1;
    if (link.window === 'ytd' && sort === 'points' && page === 1) return 'index.html';
    return `leaderboard/${link.window}/${sort}/${page}.html`;
  },
  /** A person's page, named by person id: any login fits, and two people never share a file. */
  person: (personId: number): string => `people/${toIdSlug(personId)}.html`,
  community: (): string => 'community.html',
  ladder: (): string => 'ladder.html',
  badge: (personId: number): string => `badge/${toIdSlug(personId)}.svg`,
  leaderboardJson: (window: string): string => `leaderboard/${window}.json`,
  personJson: (personId: number): string => `people/${toIdSlug(personId)}.json`,
  communityJson: (): string => 'community.json',
  ladderJson: (): string => 'ladder.json',
};

/**
 * Links of the static site, relative to the page at `pagePath` (a path from {@link STATIC_PATHS}).
 * `pageIdOfLogin` gives the person id whose page a bare login links to (lower-cased login), or
 * undefined when no page was written for it: then `person` gives null.
 */
export function createStaticLinks(
  pagePath: string,
  pageIdOfLogin: (loginKey: string) => number | undefined = () => undefined,
): SiteLinks {
  const depth = pagePath.split('/').length - 1;
  const up = depth === 0 ? '' : '../'.repeat(depth);
  const to = (path: string): string => up + path.split('/').map(encodeURIComponent).join('/');
  return {
    isStatic: true,
    leaderboard: (link) =>
      to(STATIC_PATHS.leaderboard({ window: link.window, sort: link.sort, page: link.page })),
    person: ({ login, personId }) => {
      const id = personId ?? pageIdOfLogin(login.toLowerCase());
      return id === undefined ? null : to(STATIC_PATHS.person(id));
    },
    community: () => to(STATIC_PATHS.community()),
    ladder: () => to(STATIC_PATHS.ladder()),
    badge: ({ personId }) => to(STATIC_PATHS.badge(personId)),
    leaderboardJson: (window) => to(STATIC_PATHS.leaderboardJson(window)),
    personJson: ({ personId }) => to(STATIC_PATHS.personJson(personId)),
    communityJson: () => to(STATIC_PATHS.communityJson()),
    ladderJson: () => to(STATIC_PATHS.ladderJson()),
  };
}

/** A file name for a person id: its decimal digits, short and safe on every file system. */
function toIdSlug(personId: number): string {
  if (!Number.isSafeInteger(personId) || personId < 0) throw new RangeError(`bad person id ${personId}`);
  return String(personId);
}
