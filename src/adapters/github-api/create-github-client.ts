import { createAppAuth } from '@octokit/auth-app';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import type { RateBudget, SourceStats } from '../../app/sync/github-sync-source.ts';

/** How the client authenticates: a token (personal, fine-grained or Actions), a GitHub App installation, or not at all. */
export type GitHubAuth =
  | { readonly kind: 'token'; readonly token: string }
  | {
      readonly kind: 'app';
      readonly appId: string;
      /** The App's private key, PEM. */
      readonly privateKey: string;
      readonly installationId: string;
    }
  | { readonly kind: 'none' };

/** Options of {@link createGitHubClient}. */
export interface GitHubClientOptions {
  readonly auth: GitHubAuth;
  /** REST API root: `https://api.github.com` (default), or a GitHub Enterprise Server's `https://host/api/v3`. */
  readonly baseUrl?: string;
  /** Retries of a request that failed with a server error or a network error (default 3). */
  readonly retries?: number;
  /** Retries of a request refused by a primary or secondary rate limit (default 4). */
  readonly rateLimitRetries?: number;
  /** The longest single rate-limit wait accepted, in seconds (default 3900); a longer one fails the run. */
  readonly maxWaitSeconds?: number;
  /**
   * Milliseconds per second of every wait: rate-limit waits, `retry-after`, and the retry backoff
   * (1 s, 4 s, 9 s). 1000 (the default) respects GitHub; tests pass a few milliseconds.
   */
  readonly msPerSecond?: number;
  /** The clock, epoch milliseconds (default `Date.now`). */
  readonly now?: () => number;
  /** Told when the client starts waiting for a rate limit, with the ISO time it waits until. */
  readonly onWait?: (until: string) => void;
}

/** An Octokit with the pagination, throttling and retry plugins, and what it has done so far. */
export interface GitHubClient {
  readonly octokit: Octokit;
  /** HTTP requests sent (retries and authentication included), and the budget last announced. */
  stats(): SourceStats;
  readonly retries: number;
}

const ThrottledOctokit = Octokit.plugin(throttling, retry);

/**
 * Creates the REST client sync reads through. Rate limits are respected three ways: before a
 * request, when the last answer said the budget is spent, the client waits for its reset; a
 * request refused by a primary or secondary limit (403/429) waits as GitHub says (`retry-after`,
 * `x-ratelimit-reset`) and is retried; server and network errors are retried with backoff. Every
 * retry count and wait is bounded, so a request either succeeds or rejects with the last error.
 */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const msPerSecond = options.msPerSecond ?? 1000;
  const retries = options.retries ?? 3;
  const rateLimitRetries = options.rateLimitRetries ?? 4;
  const maxWaitSeconds = options.maxWaitSeconds ?? 3900;
  const now = options.now ?? Date.now;
  const state: { requests: number; budget: RateBudget | null; waitingUntil: number | null } = {
    requests: 0,
    budget: null,
    waitingUntil: null,
  };

  const countingFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    state.requests += 1;
    const response = await fetch(input, init);
    const budget = readBudget(response.headers);
    if (budget !== null) state.budget = budget;
    return response;
  };

  const startWaiting = (until: number): void => {
    state.waitingUntil = until;
    options.onWait?.(toIsoSecond(until));
  };

  const onLimit = (retryAfter: number, retryCount: number): boolean => {
    if (retryCount >= rateLimitRetries || retryAfter > maxWaitSeconds) return false;
    startWaiting(now() + retryAfter * msPerSecond);
    return true;
  };

  const octokit = new ThrottledOctokit({
    baseUrl: options.baseUrl,
    userAgent: 'rungs-sync',
    ...toAuthOptions(options.auth),
    request: { fetch: countingFetch },
    throttle: {
      retryAfterBaseValue: msPerSecond,
      fallbackSecondaryRateRetryAfter: 60,
      onRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) =>
        onLimit(retryAfter, retryCount),
      onSecondaryRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) =>
        onLimit(retryAfter, retryCount),
    },
    retry: {
      retries,
      retryAfterBaseValue: msPerSecond,
      // Rate limits (403, 429) are the throttling plugin's; the others are answers, not accidents.
      doNotRetry: [304, 400, 401, 403, 404, 410, 422, 429, 451],
    },
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });

  // Registered after the plugins, so it runs once per call, before any of their retries.
  octokit.hook.before('request', async () => {
    const budget = state.budget;
    if (budget === null || budget.remaining > 0) return;
    const resetMs = Date.parse(budget.resetAt);
    const waitMs = resetMs - now() + 1000;
    if (waitMs <= 0) return;
    if (waitMs > maxWaitSeconds * 1000) {
      throw new RateLimitWaitError(
        `the API rate limit is spent until ${budget.resetAt}, longer than the longest wait (${maxWaitSeconds} s)`,
      );
    }
    const scaled = (waitMs / 1000) * msPerSecond;
    startWaiting(now() + scaled);
    await new Promise((resolve) => setTimeout(resolve, scaled));
    state.waitingUntil = null;
    // The reset refills the budget; the next answer says by how much.
    state.budget = { ...budget, remaining: budget.limit };
  });
  octokit.hook.after('request', () => {
    state.waitingUntil = null;
  });

  return {
    octokit: octokit as unknown as Octokit,
    retries,
    stats: () => ({
      requests: state.requests,
      budget: state.budget,
      waitingUntil:
        state.waitingUntil === null || state.waitingUntil <= now() ? null : toIsoSecond(state.waitingUntil),
    }),
  };
}

/** The client would have to wait for the rate limit longer than it was allowed to. */
export class RateLimitWaitError extends Error {
  override readonly name = 'RateLimitWaitError';
}

function toAuthOptions(auth: GitHubAuth): { auth?: unknown; authStrategy?: typeof createAppAuth } {
  switch (auth.kind) {
    case 'token':
      return { auth: auth.token };
    case 'app':
      return {
        authStrategy: createAppAuth,
        auth: { appId: auth.appId, privateKey: auth.privateKey, installationId: auth.installationId },
      };
    case 'none':
      return {};
  }
}

/** The core budget from rate-limit headers, when the answer has them (GHES may not limit). */
function readBudget(headers: Headers): RateBudget | null {
  const resource = headers.get('x-ratelimit-resource');
  if (resource !== null && resource !== 'core') return null;
  const limit = Number(headers.get('x-ratelimit-limit'));
  const remaining = Number(headers.get('x-ratelimit-remaining'));
  const reset = Number(headers.get('x-ratelimit-reset'));
  if (!headers.has('x-ratelimit-remaining') || !Number.isFinite(remaining) || !Number.isFinite(reset))
    return null;
  return {
    limit: Number.isFinite(limit) ? limit : remaining,
    remaining,
    resetAt: toIsoSecond(reset * 1000),
  };
}

function toIsoSecond(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
