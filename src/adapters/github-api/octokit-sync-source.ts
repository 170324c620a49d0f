import type { IngestItem } from '../../app/ingest.ts';
import {
  type GitHubSyncSource,
  type IssueEventEntry,
  type IssueProbe,
  type PageResult,
  type RepositoryListing,
  type SourceStats,
  SyncSourceError,
  type UpdatedEntry,
  type UpdatedPageRequest,
  type UpdatedResource,
} from '../../app/sync/github-sync-source.ts';
import { toUtcSecond } from '../github/to-utc-second.ts';
import { type GitHubClient, RateLimitWaitError } from './create-github-client.ts';
import type { GitHubApiPayload } from './map-github-api-record.ts';
import { toGitHubApiIngestItem, toStoredApiObject } from './to-github-api-ingest-item.ts';

type Json = Readonly<Record<string, unknown>>;

/** Options of {@link OctokitSyncSource}. */
export interface OctokitSyncSourceOptions {
  /** Entries per page, at most 100 (GitHub's maximum, the default). */
  readonly perPage?: number;
  /** The current time, ISO UTC: stamps found transfers and deletions. */
  readonly now: () => string;
}

/** The REST requests of each listing sync pages through by update time. */
const UPDATED_ROUTES: Readonly<Record<UpdatedResource, string>> = {
  issues: 'GET /repos/{owner}/{repo}/issues',
  issue_comments: 'GET /repos/{owner}/{repo}/issues/comments',
  review_comments: 'GET /repos/{owner}/{repo}/pulls/comments',
};

/**
 * {@link GitHubSyncSource} over GitHub's REST API (or a compatible server) through Octokit:
 * issues with `state=all&sort=updated&direction=asc&since=`, which lists pull requests too (with
 * `pull_request.merged_at`); comments the same way; reviews per pull request; issue events newest
 * first. Conditional requests carry the entity tag given, so an unchanged answer is a 304 that costs
 * no rate limit. Failed requests become {@link SyncSourceError}s saying what was asked and why it
 * failed.
 */
export class OctokitSyncSource implements GitHubSyncSource {
  readonly #client: GitHubClient;
  readonly #perPage: number;
  readonly #now: () => string;

  constructor(client: GitHubClient, options: OctokitSyncSourceOptions) {
    this.#client = client;
    this.#perPage = Math.min(Math.max(options.perPage ?? 100, 1), 100);
    this.#now = options.now;
  }

  stats(): SourceStats {
    return this.#client.stats();
  }

  async readOrgRepositories(org: string, etag: string | null): Promise<RepositoryListing> {
    const what = `GET /orgs/${org}/repos`;
    const first = await this.#request(
      what,
      'GET /orgs/{org}/repos',
      { org, type: 'all', per_page: this.#perPage },
      etag,
    );
    if (first.kind === 'not_modified') return first;
    const raw: unknown[] = [...asArray(first.data)];
    let next = nextLink(first.headers.link);
    const single = next === null;
    while (next !== null) {
      const page = await this.#request(what, `GET ${next}`, {}, null);
      if (page.kind === 'not_modified' || asArray(page.data).length === 0) break;
      raw.push(...asArray(page.data));
      next = nextLink(page.headers.link);
    }
    const repositories = [];
    for (const entry of raw) {
      const repo = asObject(entry);
      const name = typeof repo?.full_name === 'string' ? repo.full_name.toLowerCase() : undefined;
      if (name !== undefined) repositories.push({ name, archived: repo?.archived === true });
    }
    // A listing of several pages can change past page 1 while page 1 stays the same.
    return { kind: 'listed', repositories, etag: single ? first.etag : null };
  }

  async readUpdatedPage(
    repo: string,
    resource: UpdatedResource,
    request: UpdatedPageRequest,
  ): Promise<PageResult<UpdatedEntry>> {
    const [owner, name] = splitRepo(repo);
    const parameters: Record<string, unknown> = {
      owner,
      repo: name,
      sort: 'updated',
      direction: 'asc',
      per_page: this.#perPage,
      page: request.page,
    };
    if (resource === 'issues') parameters.state = 'all';
    if (request.since !== null) parameters.since = request.since;
    const path = UPDATED_ROUTES[resource].slice('GET '.length).replace('{owner}/{repo}', repo);
    const what = `GET ${path}?since=${request.since ?? ''}&page=${request.page}`;
    const answer = await this.#request(what, UPDATED_ROUTES[resource], parameters, request.etag);
    if (answer.kind === 'not_modified') return answer;

    const entries: UpdatedEntry[] = [];
    asArray(answer.data).forEach((entry, index) => {
      const raw = asObject(entry) ?? {};
      const location = `${what} [${index}]`;
      const stored = toStoredApiObject(raw);
      const payload: GitHubApiPayload =
        resource === 'issues'
          ? { resource: 'issue', repo, issue: stored }
          : {
              resource: resource === 'issue_comments' ? 'issue_comment' : 'review_comment',
              repo,
              comment: stored,
            };
      const updatedAt = toUtcSecond(raw.updated_at);
      const ingest = toGitHubApiIngestItem(payload, location);
      const number = raw.number;
      if (resource === 'issues' && typeof number === 'number' && Number.isSafeInteger(number)) {
        const issue = {
          number,
          pullRequest: asObject(raw.pull_request) !== undefined,
          open: raw.state === 'open',
        };
        entries.push({ updatedAt, ingest, issue });
      } else {
        entries.push({ updatedAt, ingest });
      }
    });
    return { kind: 'page', entries, etag: answer.etag, hasNext: nextLink(answer.headers.link) !== null };
  }

  async readReviews(repo: string, pullNumber: number): Promise<readonly IngestItem[]> {
    const [owner, name] = splitRepo(repo);
    const what = `GET /repos/${repo}/pulls/${pullNumber}/reviews`;
    const items: IngestItem[] = [];
    let answer = await this.#request(
      what,
      'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews',
      { owner, repo: name, pull_number: pullNumber, per_page: this.#perPage },
      null,
    );
    for (let page = 1; answer.kind === 'ok'; page += 1) {
      const entries = asArray(answer.data);
      entries.forEach((entry, index) => {
        const review = toStoredApiObject(asObject(entry) ?? {});
        items.push(
          toGitHubApiIngestItem(
            { resource: 'review', repo, pullNumber, review },
            `${what}?page=${page} [${index}]`,
          ),
        );
      });
      const next = nextLink(answer.headers.link);
      if (next === null || entries.length === 0) break;
      answer = await this.#request(what, `GET ${next}`, {}, null);
    }
    return items;
  }

  async readIssueEventPage(
    repo: string,
    page: number,
    etag: string | null,
  ): Promise<PageResult<IssueEventEntry>> {
    const [owner, name] = splitRepo(repo);
    const what = `GET /repos/${repo}/issues/events?page=${page}`;
    const answer = await this.#request(
      what,
      'GET /repos/{owner}/{repo}/issues/events',
      { owner, repo: name, per_page: this.#perPage, page },
      etag,
    );
    if (answer.kind === 'not_modified') return answer;
    const entries: IssueEventEntry[] = [];
    asArray(answer.data).forEach((entry, index) => {
      const raw = asObject(entry) ?? {};
      const id = typeof raw.id === 'number' && Number.isSafeInteger(raw.id) ? raw.id : 0;
      const event = toStoredApiObject(raw);
      const ingest = toGitHubApiIngestItem({ resource: 'issue_event', repo, event }, `${what} [${index}]`);
      entries.push({ id, createdAt: toUtcSecond(raw.created_at), ingest });
    });
    return { kind: 'page', entries, etag: answer.etag, hasNext: nextLink(answer.headers.link) !== null };
  }

  async probeIssue(repo: string, number: number, etag: string | null): Promise<IssueProbe> {
    const [owner, name] = splitRepo(repo);
    const what = `GET /repos/${repo}/issues/${number}`;
    let answer: Answer;
    try {
      answer = await this.#send('GET /repos/{owner}/{repo}/issues/{issue_number}', {
        owner,
        repo: name,
        issue_number: number,
        ...conditional(etag),
      });
    } catch (error) {
      const status = httpStatus(error);
      const detectedAt = this.#now();
      // 410: deleted. 404 for an issue of a repository this token reads: moved somewhere it cannot.
      if (status === 410) {
        const payload: GitHubApiPayload = { resource: 'issue_deleted', repo, number, detectedAt };
        return { kind: 'gone', ingest: toGitHubApiIngestItem(payload, what) };
      }
      if (status === 404) {
        const payload: GitHubApiPayload = {
          resource: 'issue_transferred',
          repo,
          number,
          to: null,
          newIssue: null,
          detectedAt,
        };
        return { kind: 'moved', ingest: toGitHubApiIngestItem(payload, what) };
      }
      throw this.#toSyncError(error, what);
    }
    if (answer.kind === 'not_modified') return answer;
    const raw = asObject(answer.data) ?? {};
    const stored = toStoredApiObject(raw);
    const home = repositoryOf(raw);
    // GitHub answers a transferred issue's old address with a redirect to its new one.
    if (home !== null && home !== repo) {
      const payload: GitHubApiPayload = {
        resource: 'issue_transferred',
        repo,
        number,
        to: home,
        newIssue: stored,
        detectedAt: this.#now(),
      };
      return { kind: 'moved', ingest: toGitHubApiIngestItem(payload, what) };
    }
    return {
      kind: 'present',
      open: raw.state === 'open',
      etag: answer.etag,
      ingest: toGitHubApiIngestItem({ resource: 'issue', repo, issue: stored }, what),
    };
  }

  async #request(
    what: string,
    route: string,
    parameters: Record<string, unknown>,
    etag: string | null,
  ): Promise<Answer> {
    try {
      return await this.#send(route, { ...parameters, ...conditional(etag) });
    } catch (error) {
      throw this.#toSyncError(error, what);
    }
  }

  async #send(route: string, parameters: Record<string, unknown>): Promise<Answer> {
    try {
      const response = await this.#client.octokit.request(route, parameters);
      const headers = response.headers as Readonly<Record<string, string | undefined>>;
      return { kind: 'ok', data: response.data, headers, etag: headers.etag ?? null };
    } catch (error) {
      if (httpStatus(error) === 304) return { kind: 'not_modified' };
      throw error;
    }
  }

  #toSyncError(error: unknown, what: string): unknown {
    if (error instanceof RateLimitWaitError) return new SyncSourceError(`${what}: ${error.message}`, 'run');
    const status = httpStatus(error);
    if (status === null) return error;
    const response = (error as { response?: { headers?: Record<string, string | undefined> } }).response;
    const message = firstLine((error as Error).message);
    if (response === undefined) {
      return new SyncSourceError(
        `${what}: network error (${message}) after ${this.#client.retries + 1} attempts`,
        'run',
      );
    }
    const limited =
      status === 429 ||
      (status === 403 &&
        (response.headers?.['x-ratelimit-remaining'] === '0' || /rate limit/i.test(message)));
    if (limited)
      return new SyncSourceError(
        `${what}: still rate limited after the allowed waits (${status} ${message})`,
        'run',
      );
    if (status === 401)
      return new SyncSourceError(`${what}: the credentials were refused (401 ${message})`, 'run');
    if (status === 403 || status === 404 || status === 410 || status === 451) {
      return new SyncSourceError(`${what}: ${status} ${message}`, 'repository');
    }
    if (status >= 500) {
      return new SyncSourceError(
        `${what}: ${status} ${message} after ${this.#client.retries + 1} attempts`,
        'run',
      );
    }
    return new SyncSourceError(`${what}: ${status} ${message}`, 'run');
  }
}

type Answer =
  | { readonly kind: 'not_modified' }
  | {
      readonly kind: 'ok';
      readonly data: unknown;
      readonly headers: Readonly<Record<string, string | undefined>>;
      readonly etag: string | null;
    };

function conditional(etag: string | null): { headers?: Record<string, string> } {
  return etag === null ? {} : { headers: { 'if-none-match': etag } };
}

/** The `rel="next"` URL of a Link header, or null on the last page. */
function nextLink(link: string | undefined): string | null {
  if (link === undefined) return null;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match !== null) return match[1] ?? null;
  }
  return null;
}

/** Lower-cased `owner/name` an issue object belongs to, from its API or web link. */
function repositoryOf(issue: Json): string | null {
  const api =
    typeof issue.repository_url === 'string'
      ? /\/repos\/([^/]+)\/([^/]+)\/?$/.exec(issue.repository_url)
      : null;
  if (api !== null) return `${api[1]}/${api[2]}`.toLowerCase();
  const web =
    typeof issue.html_url === 'string' ? /^https?:\/\/[^/]+\/([^/]+)\/([^/]+)\//.exec(issue.html_url) : null;
  return web === null ? null : `${web[1]}/${web[2]}`.toLowerCase();
}

function splitRepo(repo: string): [string, string] {
  const slash = repo.indexOf('/');
  return [repo.slice(0, slash), repo.slice(slash + 1)];
}

function httpStatus(error: unknown): number | null {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : null;
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}
