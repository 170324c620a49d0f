import { readFileSync } from 'node:fs';
import type { SyncCommandServices } from '../adapters/cli/sync-commands.ts';
import {
  createGitHubClient,
  type GitHubAuth,
  type GitHubClientOptions,
} from '../adapters/github-api/create-github-client.ts';
import { OctokitSyncSource } from '../adapters/github-api/octokit-sync-source.ts';
import { openDatabase } from '../adapters/storage/create-database.ts';
import { createKyselyStore } from '../adapters/storage/kysely-store.ts';
import { InputError } from '../app/input-error.ts';
import { readSyncStatus } from '../app/sync/read-sync-status.ts';
import { type SyncProgress, syncGitHub } from '../app/sync/sync-github.ts';
import { type Config, describeStorage } from './config.ts';

/** How rungs reaches GitHub, read once from the environment. Never printed: it holds secrets. */
export interface GitHubSyncConfig {
  readonly auth: GitHubAuth;
  /** `GITHUB_API_URL`, or null for `https://api.github.com`. */
  readonly apiUrl: string | null;
}

/**
 * Reads GitHub access from the environment: `GITHUB_TOKEN`; or a GitHub App, `GITHUB_APP_ID`,
 * `GITHUB_APP_INSTALLATION_ID` and its private key in `GITHUB_APP_PRIVATE_KEY` (PEM text, `\n`
 * escapes allowed) or in the file `GITHUB_APP_PRIVATE_KEY_PATH`; and `GITHUB_API_URL` for GitHub
 * Enterprise Server or another compatible server. An App takes precedence over a token. Throws an
 * {@link InputError} naming what is missing when the App settings are incomplete.
 */
export function readGitHubSyncConfig(env: NodeJS.ProcessEnv): GitHubSyncConfig {
  const apiUrl = nonEmpty(env.GITHUB_API_URL);
  const appId = nonEmpty(env.GITHUB_APP_ID);
  const installationId = nonEmpty(env.GITHUB_APP_INSTALLATION_ID);
  const keyText = nonEmpty(env.GITHUB_APP_PRIVATE_KEY);
  const keyPath = nonEmpty(env.GITHUB_APP_PRIVATE_KEY_PATH);
  if (appId !== null || installationId !== null || keyText !== null || keyPath !== null) {
    const missing = [
      appId === null ? 'GITHUB_APP_ID' : null,
      installationId === null ? 'GITHUB_APP_INSTALLATION_ID' : null,
      keyText === null && keyPath === null ? 'GITHUB_APP_PRIVATE_KEY or GITHUB_APP_PRIVATE_KEY_PATH' : null,
    ].filter((name) => name !== null);
    if (missing.length > 0)
      throw new InputError(`GitHub App settings are incomplete: set ${missing.join(', ')}`);
    let privateKey: string;
    if (keyText !== null) privateKey = keyText.replaceAll('\\n', '\n');
    else {
      try {
        privateKey = readFileSync(keyPath!, 'utf8');
      } catch (error) {
        throw new InputError(
          `cannot read GITHUB_APP_PRIVATE_KEY_PATH ${keyPath}: ${(error as NodeJS.ErrnoException).code ?? error}`,
        );
      }
    }
    return { apiUrl, auth: { kind: 'app', appId: appId!, installationId: installationId!, privateKey } };
  }
  const token = nonEmpty(env.GITHUB_TOKEN);
  return { apiUrl, auth: token === null ? { kind: 'none' } : { kind: 'token', token } };
}

/** Client settings tests and benchmarks may change (waits, retries, page size). */
export interface SyncTuning {
  readonly client?: Omit<GitHubClientOptions, 'auth' | 'baseUrl'>;
  readonly perPage?: number;
  /** The current time, ISO UTC (default: the clock). */
  readonly now?: () => string;
}

/**
 * Opens the configured storage and wires GitHub sync over it, for `registerSyncCommands`. Anonymous access (no token) works
 * but GitHub allows it 60 requests an hour; the run then says so through its rate-limit waits.
 */
export async function openSyncServices(
  config: Config,
  github: GitHubSyncConfig,
  tuning: SyncTuning = {},
): Promise<SyncCommandServices> {
  const database = await openDatabase(
    config.storage.kind === 'sqlite'
      ? { kind: 'sqlite', path: config.storage.path }
      : { kind: 'postgres', url: config.storage.url },
  );
  const store = createKyselyStore(database);
  const now = tuning.now ?? (() => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'));

  return {
    storageLabel: describeStorage(config.storage),

    async syncGitHub(request, onProgress) {
      const baseUrl = request.apiUrl ?? github.apiUrl ?? undefined;
      if (baseUrl !== undefined && !/^https?:\/\//i.test(baseUrl)) {
        throw new InputError(`the API URL must start with http:// or https://, got "${baseUrl}"`);
      }
      // A rate-limit wait happens inside a request: show it on the last progress line at once.
      let last: SyncProgress | null = null;
      const client = createGitHubClient({
        ...tuning.client,
        auth: github.auth,
        baseUrl: baseUrl?.replace(/\/+$/, ''),
        onWait: () => {
          if (last !== null) onProgress?.({ ...last, stats: client.stats() });
        },
      });
      const source = new OctokitSyncSource(client, { perPage: tuning.perPage, now });
      return syncGitHub(
        source,
        { ingest: store, cursors: store },
        {
          target: request.target,
          since: request.since,
          includeArchived: request.includeArchived,
          issueChecks: request.issueChecks,
          concurrency: request.concurrency,
          now,
          onProgress: (progress) => {
            last = progress;
            onProgress?.(progress);
          },
        },
      );
    },

    readStatus: (repo) => readSyncStatus(store, repo),

    close: () => database.close(),
  };
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value.trim() === '' ? null : value.trim();
}
