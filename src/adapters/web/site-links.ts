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
 * Where each page is, so one renderer serves the live site (absolute paths with query strings)
 * and the static site (relative file paths). Every result is a URL path, never user text.
 */
export interface SiteLinks {
  /** The static site has no server: no search on the server, no query strings, no per-window profiles. */
  readonly isStatic: boolean;
  leaderboard(link: LeaderboardLink): string;
  person(login: string, window?: string): string;
  community(): string;
  ladder(): string;
  badge(login: string): string;
  leaderboardJson(window: string): string;
  personJson(login: string): string;
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
    person: (login, window) =>
      `/people/${encodeURIComponent(login)}${window !== undefined && window !== 'ytd' ? `?window=${encodeURIComponent(window)}` : ''}`,
    community: () => '/community',
    ladder: () => '/ladder',
    badge: (login) => `/badge/${encodeURIComponent(login)}.svg`,
    leaderboardJson: (window) => `/api/leaderboard?window=${encodeURIComponent(window)}`,
    personJson: (login) => `/api/people/${encodeURIComponent(login)}`,
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
  person: (login: string): string => `people/${toFileSlug(login)}.html`,
  community: (): string => 'community.html',
  ladder: (): string => 'ladder.html',
  badge: (login: string): string => `badge/${toFileSlug(login)}.svg`,
  leaderboardJson: (window: string): string => `leaderboard/${window}.json`,
  personJson: (login: string): string => `people/${toFileSlug(login)}.json`,
  communityJson: (): string => 'community.json',
  ladderJson: (): string => 'ladder.json',
};

/** Links of the static site, relative to the page at `pagePath` (a path from {@link STATIC_PATHS}). */
export function createStaticLinks(pagePath: string): SiteLinks {
  const depth = pagePath.split('/').length - 1;
  const up = depth === 0 ? '' : '../'.repeat(depth);
  const to = (path: string): string => up + path.split('/').map(encodeURIComponent).join('/');
  return {
    isStatic: true,
    leaderboard: (link) =>
      to(STATIC_PATHS.leaderboard({ window: link.window, sort: link.sort, page: link.page })),
    person: (login) => to(STATIC_PATHS.person(login)),
    community: () => to(STATIC_PATHS.community()),
    ladder: () => to(STATIC_PATHS.ladder()),
    badge: (login) => to(STATIC_PATHS.badge(login)),
    leaderboardJson: (window) => to(STATIC_PATHS.leaderboardJson(window)),
    personJson: (login) => to(STATIC_PATHS.personJson(login)),
    communityJson: () => to(STATIC_PATHS.communityJson()),
    ladderJson: () => to(STATIC_PATHS.ladderJson()),
  };
}

/**
 * A file name for a login: GitHub logins as they are; any other handle (an email's local part can
 * hold almost anything) as `~` and the hex of its UTF-8 bytes, so no name can leave its folder.
 */
export function toFileSlug(login: string): string {
  if (/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(login)) return login;
  return `~${Buffer.from(login, 'utf8').toString('hex')}`;
}
