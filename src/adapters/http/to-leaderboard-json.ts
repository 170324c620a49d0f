import { isUnlinkedHandle, toGitHubLogin } from '../../core/people/unlinked-handle.ts';

/** A board row as the API gives it: `login` null for an unlinked person, who is named by `handle`. */
interface LeaderboardJsonRow {
  readonly login: string | null;
  readonly handle: string;
  readonly unlinked: boolean;
}

const mapped = new WeakMap<object, object>();

/**
 * A board page as the API gives it: each row's `login` is the GitHub login, or null for a person
 * known by git emails only; `handle` always names the person (the login, or `person:<id>`) and
 * `unlinked` tells which. The same page object gives the same answer object, so a reused page is
 * still serialized once.
 */
export function toLeaderboardJson<
  Row extends { readonly login: string },
  Page extends { readonly rows: readonly Row[] },
>(page: Page): Omit<Page, 'rows'> & { readonly rows: readonly (Omit<Row, 'login'> & LeaderboardJsonRow)[] } {
  const known = mapped.get(page);
  if (known !== undefined) return known as ReturnType<typeof toLeaderboardJson<Row, Page>>;
  // The person id is internal (the static site names pages by it): the API never shows it.
  const json = {
    ...page,
    rows: page.rows.map((row) => {
      const { personId: _internal, ...shown } = row as Row & { readonly personId?: number };
      return { ...shown, ...toPersonNameJson(row.login) };
    }),
  } as unknown as ReturnType<typeof toLeaderboardJson<Row, Page>>;
  mapped.set(page, json);
  return json;
}

/** How the API names a person: `{login, handle, unlinked}` from their stored login or handle. */
export function toPersonNameJson(login: string): LeaderboardJsonRow {
  return { login: toGitHubLogin(login), handle: login, unlinked: isUnlinkedHandle(login) };
}
