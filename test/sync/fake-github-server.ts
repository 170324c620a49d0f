import { createHash, createVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server speaking the part of GitHub's REST API that sync uses, with GitHub's shapes
 * and manners: bodies built from the examples of GitHub's own API description (see
 * fixtures/github-rest-examples.json), `Link` pagination, `since`/`sort`/`direction` filters,
 * rate-limit headers and a spendable budget (403 when spent), weak ETags answered with 304 (free of
 * rate limit, as on GitHub), 301 redirects for transferred issues, 410 for deleted ones, GitHub App
 * installation tokens, and faults injected on demand (5xx, secondary rate limits, dropped
 * connections).
 */

/** An account as the fake knows it. */
export interface FakeUser {
  readonly id: number;
  readonly login: string;
  readonly type?: 'User' | 'Bot';
}

/** An issue or pull request. */
export interface FakeIssue {
  number: number;
  title: string;
  user: FakeUser;
  labels: string[];
  state: 'open' | 'closed';
  stateReason: 'completed' | 'not_planned' | 'duplicate' | 'reopened' | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  /** Set on pull requests. */
  pull: { mergedAt: string | null } | null;
  readonly id: number;
}

/** An issue comment, a review comment, a review or an issue event. */
export interface FakeComment {
  readonly id: number;
  readonly issueNumber: number;
  readonly user: FakeUser;
  readonly createdAt: string;
  updatedAt: string;
}
export interface FakeReviewComment extends FakeComment {
  readonly reviewId: number;
}
export interface FakeReview {
  readonly id: number;
  readonly pullNumber: number;
  readonly user: FakeUser;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  readonly submittedAt: string | null;
}
export interface FakeIssueEvent {
  readonly id: number;
  readonly issueNumber: number;
  readonly actor: FakeUser;
  readonly event: string;
  readonly createdAt: string;
}

/** A repository with everything in it. */
export interface FakeRepo {
  readonly id: number;
  readonly owner: string;
  readonly name: string;
  archived: boolean;
  readonly issues: Map<number, FakeIssue>;
  readonly comments: FakeComment[];
  /** Issue comments per issue number, for the `comments` count. */
  readonly commentCounts: Map<number, number>;
  readonly reviewComments: FakeReviewComment[];
  readonly reviews: FakeReview[];
  readonly reviewsByPull: Map<number, FakeReview[]>;
  readonly events: FakeIssueEvent[];
  /** Issues moved away: number → new home. */
  readonly moved: Map<number, { readonly repo: FakeRepo; readonly number: number }>;
  readonly deleted: Set<number>;
  nextNumber: number;
}

/** A request the fake answered. */
export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly status: number;
  readonly conditional: boolean;
  readonly authorization: string | null;
}

/** A fault to answer matching requests with, `times` times. */
export interface FaultRule {
  /** Matches the path (without query) and, optionally, the query. */
  readonly match: (path: string, query: Readonly<Record<string, string>>) => boolean;
  readonly fault: 'server_error' | 'secondary_rate_limit' | 'drop_connection';
  /** For server errors: 500, 502, 503 (default 502). */
  readonly status?: number;
  /** For secondary limits: the `retry-after` seconds (default 1). */
  readonly retryAfter?: number;
  times: number;
}

/** Options of {@link FakeGitHub}. */
export interface FakeGitHubOptions {
  /** Requests per window; Infinity (the default) never runs out. */
  readonly rateLimit?: number;
  /** How long until a spent budget refills, in milliseconds (default 1000). */
  readonly rateWindowMs?: number;
  /** When set, every request must authenticate with this token, or with an App installation token. */
  readonly token?: string;
  /** A GitHub App allowed to create installation tokens: its id and public key (PEM). */
  readonly app?: { readonly id: string; readonly publicKey: string; readonly installationId: number };
}

interface Examples {
  readonly repository: Record<string, unknown>;
  readonly issue: Record<string, unknown>;
  readonly issueComment: Record<string, unknown>;
  readonly reviewComment: Record<string, unknown>;
  readonly review: Record<string, unknown>;
  readonly issueEvent: Record<string, unknown>;
}

const EXAMPLES: Examples = JSON.parse(
  readFileSync(
    new URL('../../src/adapters/github-api/fixtures/github-rest-examples.json', import.meta.url),
    'utf8',
  ),
) as Examples;

const WEB = 'https://github.com';

/** The fake server. Start it, fill it, point a client at {@link FakeGitHub.url}. */
export class FakeGitHub {
  readonly repos = new Map<string, FakeRepo>();
  readonly requests: LoggedRequest[] = [];
  readonly faults: FaultRule[] = [];
  readonly #options: FakeGitHubOptions;
  readonly #server: Server;
  readonly #installationTokens = new Set<string>();
  readonly #users = new Map<string, Record<string, unknown>>();
  #url = '';
  #remaining: number;
  #resetAt: number;
  #nextId = 1000;
  /** Requests answered so far; tests stop a run by failing requests past a count. */
  answered = 0;

  constructor(options: FakeGitHubOptions = {}) {
    this.#options = options;
    this.#remaining = options.rateLimit ?? Number.POSITIVE_INFINITY;
    this.#resetAt = Date.now() + (options.rateWindowMs ?? 1000);
    this.#server = createServer((request, response) => {
      this.#handle(request, response).catch((error: unknown) => {
        response.statusCode = 500;
        response.end(JSON.stringify({ message: `fake server error: ${String(error)}` }));
      });
    });
  }

  /** The API root, e.g. `http://127.0.0.1:40123`. */
  get url(): string {
    return this.#url;
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.#url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this.#url;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** The rate-limit budget left in the current window. */
  get remaining(): number {
    return this.#remaining;
  }

  /** Sets the remaining budget (and its reset in `resetInMs`). */
  setRateBudget(remaining: number, resetInMs = this.#options.rateWindowMs ?? 1000): void {
    this.#remaining = remaining;
    this.#resetAt = Date.now() + resetInMs;
  }

  addRepo(fullName: string, options: { archived?: boolean } = {}): FakeRepo {
    const [owner = '', name = ''] = fullName.split('/');
    const repo: FakeRepo = {
      id: this.#id(),
      owner,
      name,
      archived: options.archived ?? false,
      issues: new Map(),
      comments: [],
      commentCounts: new Map(),
      reviewComments: [],
      reviews: [],
      reviewsByPull: new Map(),
      events: [],
      moved: new Map(),
      deleted: new Set(),
      nextNumber: 1,
    };
    this.repos.set(fullName.toLowerCase(), repo);
    return repo;
  }

  repo(fullName: string): FakeRepo {
    const repo = this.repos.get(fullName.toLowerCase());
    if (repo === undefined) throw new Error(`no fake repo ${fullName}`);
    return repo;
  }

  addIssue(
    fullName: string,
    fields: Partial<Omit<FakeIssue, 'id'>> & { user: FakeUser; createdAt: string },
  ): FakeIssue {
    const repo = this.repo(fullName);
    const number = fields.number ?? repo.nextNumber;
    repo.nextNumber = Math.max(repo.nextNumber, number + 1);
    const issue: FakeIssue = {
      id: this.#id(),
      number,
      title: fields.title ?? `Item ${number}`,
      user: fields.user,
      labels: fields.labels ?? [],
      state: fields.state ?? 'open',
      stateReason: fields.stateReason ?? null,
      createdAt: fields.createdAt,
      updatedAt: fields.updatedAt ?? fields.createdAt,
      closedAt: fields.closedAt ?? null,
      pull: fields.pull ?? null,
    };
    repo.issues.set(number, issue);
    return issue;
  }

  addComment(
    fullName: string,
    fields: Omit<FakeComment, 'id' | 'updatedAt'> & { id?: number; updatedAt?: string },
  ): FakeComment {
    const comment: FakeComment = {
      ...fields,
      id: fields.id ?? this.#id(),
      updatedAt: fields.updatedAt ?? fields.createdAt,
    };
    const repo = this.repo(fullName);
    repo.comments.push(comment);
    repo.commentCounts.set(comment.issueNumber, (repo.commentCounts.get(comment.issueNumber) ?? 0) + 1);
    return comment;
  }

  addReviewComment(
    fullName: string,
    fields: Omit<FakeReviewComment, 'id' | 'updatedAt'> & { updatedAt?: string },
  ): FakeReviewComment {
    const comment: FakeReviewComment = {
      id: this.#id(),
      ...fields,
      updatedAt: fields.updatedAt ?? fields.createdAt,
    };
    this.repo(fullName).reviewComments.push(comment);
    return comment;
  }

  addReview(fullName: string, fields: Omit<FakeReview, 'id'>): FakeReview {
    const review: FakeReview = { id: this.#id(), ...fields };
    const repo = this.repo(fullName);
    repo.reviews.push(review);
    const ofPull = repo.reviewsByPull.get(review.pullNumber);
    if (ofPull === undefined) repo.reviewsByPull.set(review.pullNumber, [review]);
    else ofPull.push(review);
    return review;
  }

  addEvent(fullName: string, fields: Omit<FakeIssueEvent, 'id'>): FakeIssueEvent {
    const event: FakeIssueEvent = { id: this.#id(), ...fields };
    this.repo(fullName).events.push(event);
    return event;
  }

  /** Moves an open issue to another repository, as GitHub's transfer does: new number, same author and dates. */
  transferIssue(fromName: string, number: number, toName: string, at: string): FakeIssue {
    const from = this.repo(fromName);
    const issue = from.issues.get(number);
    if (issue === undefined) throw new Error(`no issue ${fromName}#${number}`);
    from.issues.delete(number);
    const moved = this.addIssue(toName, { ...issue, number: undefined, updatedAt: at });
    from.moved.set(number, { repo: this.repo(toName), number: moved.number });
    return moved;
  }

  deleteIssue(fullName: string, number: number): void {
    const repo = this.repo(fullName);
    repo.issues.delete(number);
    repo.deleted.add(number);
  }

  /** Requests to paths for which `test` holds. */
  requestsTo(test: (path: string) => boolean): LoggedRequest[] {
    return this.requests.filter((request) => test(request.path));
  }

  #id(): number {
    this.#nextId += 1;
    return this.#nextId;
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.#url);
    const path = url.pathname;
    const query = Object.fromEntries(url.searchParams);
    const conditional = typeof request.headers['if-none-match'] === 'string';
    const authorization = request.headers.authorization ?? null;
    // No request sync sends has a body worth reading (the token request's is empty JSON).
    request.resume();
    const log = (status: number): void => {
      this.requests.push({
        method: request.method ?? 'GET',
        path,
        query,
        status,
        conditional,
        authorization,
      });
    };
    this.answered += 1;

    const fault = this.faults.find((rule) => rule.times > 0 && rule.match(path, query));
    if (fault !== undefined) {
      fault.times -= 1;
      if (fault.fault === 'drop_connection') {
        log(0);
        request.socket.destroy();
        return;
      }
      if (fault.fault === 'server_error') {
        const status = fault.status ?? 502;
        log(status);
        this.#send(response, status, { message: 'Server Error' });
        return;
      }
      log(403);
      response.setHeader('retry-after', String(fault.retryAfter ?? 1));
      this.#send(response, 403, {
        message:
          'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000000:0000000:00000000.',
        documentation_url:
          'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
      });
      return;
    }

    if (request.method === 'POST') {
      const status = this.#createInstallationToken(path, authorization, response);
      log(status);
      return;
    }

    if (!this.#authorized(authorization)) {
      log(401);
      this.#send(response, 401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
      });
      return;
    }

    if (Date.now() >= this.#resetAt) {
      this.#remaining = this.#options.rateLimit ?? Number.POSITIVE_INFINITY;
      this.#resetAt = Date.now() + (this.#options.rateWindowMs ?? 1000);
    }
    if (this.#remaining <= 0) {
      log(403);
      this.#send(response, 403, {
        message:
          'API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID.',
        documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
      });
      return;
    }

    const answer = this.#route(path, query);
    if (answer.status === 301) {
      log(301);
      response.statusCode = 301;
      response.setHeader('location', `${this.#url}${answer.location}`);
      this.#rateHeaders(response, true);
      response.end(JSON.stringify({ message: 'Moved Permanently', url: `${this.#url}${answer.location}` }));
      return;
    }
    const text = JSON.stringify(answer.body);
    const etag = `W/"${createHash('sha1').update(text).digest('hex')}"`;
    if (answer.status === 200 && request.headers['if-none-match'] === etag) {
      log(304);
      response.statusCode = 304;
      response.setHeader('etag', etag);
      this.#rateHeaders(response, false);
      response.end();
      return;
    }
    log(answer.status);
    if (answer.status === 200) response.setHeader('etag', etag);
    if (answer.link !== undefined) response.setHeader('link', this.#linkHeader(url, answer.link));
    this.#send(response, answer.status, answer.body);
  }

  #authorized(authorization: string | null): boolean {
    if (this.#options.token === undefined && this.#options.app === undefined) return true;
    if (authorization === null) return false;
    const token = authorization.replace(/^(token|bearer)\s+/i, '');
    return token === this.#options.token || this.#installationTokens.has(token);
  }

  /** `POST /app/installations/{id}/access_tokens`, authenticated by the App's JWT (RS256, verified). */
  #createInstallationToken(path: string, authorization: string | null, response: ServerResponse): number {
    const app = this.#options.app;
    const match = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(path);
    const jwt = authorization?.replace(/^bearer\s+/i, '') ?? '';
    if (
      app === undefined ||
      match === null ||
      Number(match[1]) !== app.installationId ||
      !verifyJwt(jwt, app)
    ) {
      this.#send(response, 401, { message: 'A JSON web token could not be decoded' });
      return 401;
    }
    const token = `ghs_${createHash('sha1').update(String(this.#id())).digest('hex').slice(0, 36)}`;
    this.#installationTokens.add(token);
    this.#send(response, 201, {
      token,
      expires_at: new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      permissions: { issues: 'read', pull_requests: 'read', metadata: 'read' },
      repository_selection: 'all',
    });
    return 201;
  }

  #send(response: ServerResponse, status: number, body: unknown): void {
    response.statusCode = status;
    response.setHeader('content-type', 'application/json; charset=utf-8');
    this.#rateHeaders(response, status !== 304);
    response.end(JSON.stringify(body));
  }

  #rateHeaders(response: ServerResponse, spend: boolean): void {
    if (!Number.isFinite(this.#remaining) && this.#options.rateLimit === undefined) return;
    if (spend && response.statusCode < 400 && this.#remaining > 0) this.#remaining -= 1;
    const limit = this.#options.rateLimit ?? 5000;
    response.setHeader('x-ratelimit-limit', String(limit));
    response.setHeader('x-ratelimit-remaining', String(Math.max(this.#remaining, 0)));
    response.setHeader('x-ratelimit-used', String(limit - Math.max(this.#remaining, 0)));
    response.setHeader('x-ratelimit-reset', String(Math.ceil(this.#resetAt / 1000)));
    response.setHeader('x-ratelimit-resource', 'core');
  }

  #linkHeader(url: URL, link: { readonly page: number; readonly last: number }): string {
    const at = (page: number): string => {
      const target = new URL(url.toString());
      target.searchParams.set('page', String(page));
      return `<${target.toString()}>`;
    };
    const parts: string[] = [];
    if (link.page > 1) parts.push(`${at(link.page - 1)}; rel="prev"`);
    if (link.page < link.last) parts.push(`${at(link.page + 1)}; rel="next"`, `${at(link.last)}; rel="last"`);
    if (link.page > 1) parts.push(`${at(1)}; rel="first"`);
    return parts.join(', ');
  }

  #route(path: string, query: Readonly<Record<string, string>>): Answer {
    let match = /^\/orgs\/([^/]+)\/repos$/.exec(path);
    if (match !== null) {
      const org = match[1]!.toLowerCase();
      const repos = [...this.repos.values()].filter((repo) => repo.owner.toLowerCase() === org);
      return this.#paged(
        repos.map((repo) => this.#renderRepo(repo)),
        query,
      );
    }
    match = /^\/repositories\/(\d+)\/issues\/(\d+)$/.exec(path);
    if (match !== null) {
      const repo = [...this.repos.values()].find((candidate) => candidate.id === Number(match?.[1]));
      const issue = repo?.issues.get(Number(match[2]));
      if (repo === undefined || issue === undefined) return notFound();
      return { status: 200, body: this.#renderIssue(repo, issue) };
    }
    match = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
    if (match === null) return notFound();
    const repo = this.repos.get(`${match[1]}/${match[2]}`.toLowerCase());
    if (repo === undefined) return notFound();
    const rest = match[3] ?? '';
    if (rest === '') return { status: 200, body: this.#renderRepo(repo) };
    if (rest === '/issues') {
      const issues = filterSort(
        [...repo.issues.values()],
        (issue) => issue.updatedAt,
        (issue) => issue.number,
        query,
      ).filter((issue) => query.state === 'all' || issue.state === (query.state ?? 'open'));
      return this.#paged(
        issues.map((issue) => this.#renderIssue(repo, issue)),
        query,
      );
    }
    if (rest === '/issues/comments') {
      const comments = filterSort(
        repo.comments,
        (c) => c.updatedAt,
        (c) => c.id,
        query,
      );
      return this.#paged(
        comments.map((comment) => this.#renderComment(repo, comment)),
        query,
      );
    }
    if (rest === '/pulls/comments') {
      const comments = filterSort(
        repo.reviewComments,
        (c) => c.updatedAt,
        (c) => c.id,
        query,
      );
      return this.#paged(
        comments.map((comment) => this.#renderReviewComment(repo, comment)),
        query,
      );
    }
    if (rest === '/issues/events') {
      const events = [...repo.events].sort((a, b) => b.id - a.id);
      return this.#paged(
        events.map((event) => this.#renderEvent(repo, event)),
        query,
      );
    }
    match = /^\/pulls\/(\d+)\/reviews$/.exec(rest);
    if (match !== null) {
      const number = Number(match[1]);
      const reviews = [...(repo.reviewsByPull.get(number) ?? [])].sort((a, b) => a.id - b.id);
      return this.#paged(
        reviews.map((review) => this.#renderReview(repo, review)),
        query,
      );
    }
    match = /^\/issues\/(\d+)$/.exec(rest);
    if (match !== null) {
      const number = Number(match[1]);
      const moved = repo.moved.get(number);
      if (moved !== undefined)
        return { status: 301, location: `/repositories/${moved.repo.id}/issues/${moved.number}` };
      if (repo.deleted.has(number)) return { status: 410, body: { message: 'This issue was deleted' } };
      const issue = repo.issues.get(number);
      if (issue === undefined) return notFound();
      return { status: 200, body: this.#renderIssue(repo, issue) };
    }
    return notFound();
  }

  #paged(entries: readonly unknown[], query: Readonly<Record<string, string>>): Answer {
    const perPage = Math.min(Math.max(Number(query.per_page ?? 30) || 30, 1), 100);
    const page = Math.max(Number(query.page ?? 1) || 1, 1);
    const last = Math.max(Math.ceil(entries.length / perPage), 1);
    return {
      status: 200,
      body: entries.slice((page - 1) * perPage, page * perPage),
      link: last > 1 ? { page, last } : undefined,
    };
  }

  #renderUser(user: FakeUser): Record<string, unknown> {
    const key = `${user.id}:${user.login}:${user.type ?? 'User'}`;
    let rendered = this.#users.get(key);
    if (rendered === undefined) {
      rendered = this.#buildUser(user);
      this.#users.set(key, rendered);
    }
    return rendered;
  }

  #buildUser(user: FakeUser): Record<string, unknown> {
    const template = EXAMPLES.issue.user as Record<string, unknown>;
    return {
      ...template,
      login: user.login,
      id: user.id,
      node_id: Buffer.from(`04:User${user.id}`).toString('base64'),
      avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
      url: `${this.#url}/users/${user.login}`,
      html_url: `${WEB}/${user.login}`,
      followers_url: `${this.#url}/users/${user.login}/followers`,
      following_url: `${this.#url}/users/${user.login}/following{/other_user}`,
      gists_url: `${this.#url}/users/${user.login}/gists{/gist_id}`,
      starred_url: `${this.#url}/users/${user.login}/starred{/owner}{/repo}`,
      subscriptions_url: `${this.#url}/users/${user.login}/subscriptions`,
      organizations_url: `${this.#url}/users/${user.login}/orgs`,
      repos_url: `${this.#url}/users/${user.login}/repos`,
      events_url: `${this.#url}/users/${user.login}/events{/privacy}`,
      received_events_url: `${this.#url}/users/${user.login}/received_events`,
      type: user.type ?? 'User',
    };
  }

  #renderRepo(repo: FakeRepo): Record<string, unknown> {
    const full = `${repo.owner}/${repo.name}`;
    return {
      ...EXAMPLES.repository,
      id: repo.id,
      name: repo.name,
      full_name: full,
      owner: this.#renderUser({ id: repo.id + 7, login: repo.owner }),
      html_url: `${WEB}/${full}`,
      url: `${this.#url}/repos/${full}`,
      archived: repo.archived,
      open_issues_count: [...repo.issues.values()].filter((issue) => issue.state === 'open').length,
    };
  }

  #renderIssue(repo: FakeRepo, issue: FakeIssue): Record<string, unknown> {
    const full = `${repo.owner}/${repo.name}`;
    const api = `${this.#url}/repos/${full}/issues/${issue.number}`;
    const kind = issue.pull === null ? 'issues' : 'pull';
    const labelTemplate = (EXAMPLES.issue.labels as Record<string, unknown>[])[0] ?? {};
    const rendered: Record<string, unknown> = {
      ...EXAMPLES.issue,
      id: issue.id,
      node_id: Buffer.from(`05:Issue${issue.id}`).toString('base64'),
      url: api,
      repository_url: `${this.#url}/repos/${full}`,
      labels_url: `${api}/labels{/name}`,
      comments_url: `${api}/comments`,
      events_url: `${api}/events`,
      html_url: `${WEB}/${full}/${kind}/${issue.number}`,
      number: issue.number,
      state: issue.state,
      title: issue.title,
      user: this.#renderUser(issue.user),
      labels: issue.labels.map((name, index) => ({
        ...labelTemplate,
        id: 208045946 + index,
        name,
        url: `${this.#url}/repos/${full}/labels/${encodeURIComponent(name)}`,
      })),
      assignee: null,
      assignees: [],
      milestone: null,
      locked: false,
      active_lock_reason: null,
      comments: repo.commentCounts.get(issue.number) ?? 0,
      closed_at: issue.closedAt,
      created_at: issue.createdAt,
      updated_at: issue.updatedAt,
      state_reason: issue.stateReason,
    };
    // The issues list shows no closer; only the single-issue answer names one.
    delete rendered.closed_by;
    if (issue.pull === null) delete rendered.pull_request;
    else {
      rendered.pull_request = {
        url: `${this.#url}/repos/${full}/pulls/${issue.number}`,
        html_url: `${WEB}/${full}/pull/${issue.number}`,
        diff_url: `${WEB}/${full}/pull/${issue.number}.diff`,
        patch_url: `${WEB}/${full}/pull/${issue.number}.patch`,
        merged_at: issue.pull.mergedAt,
      };
    }
    return rendered;
  }

  #renderComment(repo: FakeRepo, comment: FakeComment): Record<string, unknown> {
    const full = `${repo.owner}/${repo.name}`;
    const kind = repo.issues.get(comment.issueNumber)?.pull ? 'pull' : 'issues';
    return {
      ...EXAMPLES.issueComment,
      id: comment.id,
      node_id: Buffer.from(`012:IssueComment${comment.id}`).toString('base64'),
      url: `${this.#url}/repos/${full}/issues/comments/${comment.id}`,
      html_url: `${WEB}/${full}/${kind}/${comment.issueNumber}#issuecomment-${comment.id}`,
      user: this.#renderUser(comment.user),
      created_at: comment.createdAt,
      updated_at: comment.updatedAt,
      issue_url: `${this.#url}/repos/${full}/issues/${comment.issueNumber}`,
    };
  }

  #renderReviewComment(repo: FakeRepo, comment: FakeReviewComment): Record<string, unknown> {
    const full = `${repo.owner}/${repo.name}`;
    const pull = `${this.#url}/repos/${full}/pulls/${comment.issueNumber}`;
    const html = `${WEB}/${full}/pull/${comment.issueNumber}#discussion_r${comment.id}`;
    return {
      ...EXAMPLES.reviewComment,
      url: `${this.#url}/repos/${full}/pulls/comments/${comment.id}`,
      pull_request_review_id: comment.reviewId,
      id: comment.id,
      in_reply_to_id: undefined,
      user: this.#renderUser(comment.user),
      created_at: comment.createdAt,
      updated_at: comment.updatedAt,
      html_url: html,
      pull_request_url: pull,
      _links: {
        self: { href: `${this.#url}/repos/${full}/pulls/comments/${comment.id}` },
        html: { href: html },
        pull_request: { href: pull },
      },
    };
  }

  #renderReview(repo: FakeRepo, review: FakeReview): Record<string, unknown> {
    const full = `${repo.owner}/${repo.name}`;
    const html = `${WEB}/${full}/pull/${review.pullNumber}#pullrequestreview-${review.id}`;
    const pull = `${this.#url}/repos/${full}/pulls/${review.pullNumber}`;
    return {
      ...EXAMPLES.review,
      id: review.id,
      node_id: Buffer.from(`017:PullRequestReview${review.id}`).toString('base64'),
      user: this.#renderUser(review.user),
      state: review.state,
      html_url: html,
      pull_request_url: pull,
      _links: { html: { href: html }, pull_request: { href: pull } },
      submitted_at: review.submittedAt ?? undefined,
    };
  }

  #renderEvent(repo: FakeRepo, event: FakeIssueEvent): Record<string, unknown> {
    const full = `${repo.owner}/${repo.name}`;
    const issue = repo.issues.get(event.issueNumber);
    return {
      ...EXAMPLES.issueEvent,
      id: event.id,
      node_id: Buffer.from(`010:IssueEvent${event.id}`).toString('base64'),
      url: `${this.#url}/repos/${full}/issues/events/${event.id}`,
      actor: this.#renderUser(event.actor),
      event: event.event,
      commit_id: null,
      commit_url: null,
      created_at: event.createdAt,
      issue: issue === undefined ? null : this.#renderIssue(repo, issue),
    };
  }
}

type Answer =
  | {
      readonly status: 200;
      readonly body: unknown;
      readonly link?: { readonly page: number; readonly last: number } | undefined;
    }
  | { readonly status: 301; readonly location: string }
  | { readonly status: 404 | 410; readonly body: unknown; readonly link?: undefined };

function notFound(): Answer {
  return { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } };
}

/** GitHub's `since` (updated at or after), `sort=updated|created` and `direction` for listings. */
function filterSort<T>(
  entries: readonly T[],
  updatedAt: (entry: T) => string,
  tieBreak: (entry: T) => number,
  query: Readonly<Record<string, string>>,
): T[] {
  const since = query.since;
  const kept = since === undefined ? [...entries] : entries.filter((entry) => updatedAt(entry) >= since);
  const direction = query.direction === 'asc' ? 1 : -1;
  return kept.sort((a, b) => {
    const byTime = updatedAt(a) < updatedAt(b) ? -1 : updatedAt(a) > updatedAt(b) ? 1 : 0;
    return (byTime || tieBreak(a) - tieBreak(b)) * direction;
  });
}

function verifyJwt(jwt: string, app: { readonly id: string; readonly publicKey: string }): boolean {
  const [header, payload, signature] = jwt.split('.');
  if (header === undefined || payload === undefined || signature === undefined) return false;
  const verifier = createVerify('RSA-SHA256');
  verifier.update(`${header}.${payload}`);
  if (!verifier.verify(app.publicKey, Buffer.from(signature, 'base64url'))) return false;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: unknown };
  return String(claims.iss) === app.id;
}
