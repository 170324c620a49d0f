import { type Command, InvalidArgumentError, Option } from 'commander';
import type { SyncTarget } from '../../app/sync/github-sync-source.ts';
import type { RepositorySyncStatus } from '../../app/sync/read-sync-status.ts';
import type { SyncProgress, SyncSummary } from '../../app/sync/sync-github.ts';
import { formatUtcInstant, parseUtcInstant } from '../../core/window/utc-calendar.ts';
import { EXIT_CODE, type SetExitCode, toImportExitCode } from './exit-code.ts';
import { formatIngestProblems, formatIngestSummary } from './format-ingest-summary.ts';
import { formatTable } from './format-table.ts';
import { parsePositiveInteger } from './parse-whole-number.ts';
import { loadSingleBar } from './progress.ts';
import { UsageError } from './usage-error.ts';

/** One `rungs sync github` run as the CLI asks for it. */
export interface SyncGitHubRequest {
  readonly target: SyncTarget;
  /** ISO time a first sync starts from; null for all history. */
  readonly since: string | null;
  /** The API root given by `--api-url`; null for the configured one. */
  readonly apiUrl: string | null;
  readonly includeArchived: boolean;
  /** Open issues to check per repository for transfers and deletions (0: none, Infinity: all). */
  readonly issueChecks: number;
  /** Repositories, and per-item reads (reviews, issue checks) within each, under way at once. */
  readonly concurrency: number;
}

/** What the sync commands ask of rungs, wired at the composition root. */
export interface SyncCommandServices {
  /** Where the records are, for messages (never with credentials). */
  readonly storageLabel: string;
  syncGitHub(request: SyncGitHubRequest, onProgress?: (progress: SyncProgress) => void): Promise<SyncSummary>;
  readStatus(repo: string | null): Promise<readonly RepositorySyncStatus[]>;
  close(): Promise<void>;
}

/** Where the sync commands write, and how they reach rungs. */
export interface SyncCommandContext {
  /** Opens the services for the global options (`--db`); called once per command. */
  readonly openSyncServices: (globals: { readonly db?: string }) => Promise<SyncCommandServices>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Sets the exit code of a command that ran but did not fully succeed: 1 failed, 3 some input rejected. */
  readonly setExitCode: SetExitCode;
  /** Whether to draw a live progress bar on stderr (default: when stderr is a terminal). */
  readonly showProgress?: boolean;
}

/**
 * Adds `rungs sync github` (backfill, then keep up with an org or repositories through the REST
 * API) and `rungs sync status` (how far each repository's resources are synced) to `program`.
 */
export function registerSyncCommands(program: Command, context: SyncCommandContext): void {
  const withServices = async (command: Command, run: (services: SyncCommandServices) => Promise<void>) => {
    const services = await context.openSyncServices(command.optsWithGlobals<{ db?: string }>());
    try {
      await run(services);
    } finally {
      await services.close();
    }
  };

  const sync = program
    .command('sync')
    .description(
      'keep up with GitHub through its REST API (incremental and resumable: re-running adds only what changed)',
    );

  sync
    .command('github')
    .description(
      'sync an org or repositories: issues and pull requests, reviews, comments, closings; auth by GITHUB_TOKEN or a GitHub App (GITHUB_APP_ID, GITHUB_APP_INSTALLATION_ID, GITHUB_APP_PRIVATE_KEY[_PATH])',
    )
    .option('--org <org>', 'every repository of this organization')
    .option('--repo <owner/name...>', 'these repositories', collectRepos, [])
    .option(
      '--since <date>',
      'on a first sync, read nothing updated before this date (2025-01-01 or an ISO time)',
    )
    .option(
      '--api-url <url>',
      'REST API root, e.g. https://ghe.example.com/api/v3 (default: GITHUB_API_URL or api.github.com)',
    )
    .option('--include-archived', "also sync the org's archived repositories")
    .addOption(
      new Option(
        '--check-issues [n]',
        'look at up to n open issues per repository (all when n is left out) to notice transfers and deletions, which no listing shows; costs one conditional request each',
      ).argParser(parseCheckCount),
    )
    .option(
      '--concurrency <n>',
      'repositories, and per-item reads (reviews, issue checks) within each, under way at once; GitHub advises 1, the default',
      parsePositiveInteger,
      1,
    )
    .action(async (options: SyncOptionsWritten, command: Command) => {
      const request = toSyncRequest(options);
      await withServices(command, async (services) => {
        const progress = createSyncProgress(context.showProgress ?? process.stderr.isTTY === true);
        let summary: SyncSummary;
        try {
          summary = await services.syncGitHub(request, progress.update);
        } finally {
          progress.stop();
        }
        context.stdout(formatSyncSummary(summary, describeTarget(request.target), services.storageLabel));
        for (const line of formatIngestProblems(summary.ingest)) context.stderr(line);
        context.setExitCode(toImportExitCode(summary.ingest));
        if (summary.stopped !== null || summary.repositories.some((repo) => repo.outcome === 'failed')) {
          context.setExitCode(EXIT_CODE.failed);
        }
      });
    });

  sync
    .command('status')
    .description('how far each repository is synced: per resource, up to when, complete or to be resumed')
    .option('--repo <owner/name>', 'only this repository', parseRepo)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (options: { repo?: string; format: 'table' | 'json' }, command: Command) => {
      await withServices(command, async (services) => {
        const statuses = await services.readStatus(options.repo ?? null);
        context.stdout(
          options.format === 'json' ? JSON.stringify(statuses, null, 2) : formatSyncStatus(statuses),
        );
      });
    });
}

interface SyncOptionsWritten {
  org?: string;
  repo: string[];
  since?: string;
  apiUrl?: string;
  includeArchived?: boolean;
  checkIssues?: number;
  concurrency: number;
}

function toSyncRequest(options: SyncOptionsWritten): SyncGitHubRequest {
  if (options.org !== undefined && options.repo.length > 0)
    throw new UsageError('give --org or --repo, not both');
  let target: SyncTarget;
  if (options.org !== undefined) {
    if (!/^[\w.-]+$/.test(options.org))
      throw new UsageError(`--org: expected an organization name, got "${options.org}"`);
    target = { kind: 'org', org: options.org.toLowerCase() };
  } else if (options.repo.length > 0) {
    target = { kind: 'repos', repos: options.repo };
  } else {
    throw new UsageError('say what to sync: --org <org> or --repo <owner/name>');
  }
  let since: string | null = null;
  if (options.since !== undefined) {
    const parsed = parseUtcInstant(options.since.trim());
    if (parsed === null) {
      throw new UsageError(
        `--since "${options.since}": expected a date (2025-01-01) or an ISO time (2025-01-01T00:00:00Z)`,
      );
    }
    since = formatUtcInstant(parsed.ms);
  }
  return {
    target,
    since,
    apiUrl: options.apiUrl ?? null,
    includeArchived: options.includeArchived === true,
    issueChecks: options.checkIssues ?? 0,
    concurrency: options.concurrency,
  };
}

function collectRepos(value: string, previous: string[]): string[] {
  return [...previous, parseRepo(value)];
}

function parseRepo(value: string): string {
  if (!/^[\w.-]+\/[\w.-]+$/.test(value))
    throw new InvalidArgumentError(`expected owner/name, got "${value}"`);
  return value.toLowerCase();
}

function parseCheckCount(value: string | boolean | undefined): number {
  if (value === undefined || value === true || value === '') return Number.POSITIVE_INFINITY;
  if (typeof value !== 'string' || !/^\d+$/.test(value)) {
    throw new InvalidArgumentError(`expected a number of issues, got "${String(value)}"`);
  }
  return Number(value);
}

function describeTarget(target: SyncTarget): string {
  return target.kind === 'org' ? `org ${target.org}` : target.repos.join(', ');
}

/** The end-of-run report: what was read and stored, what failed, and whether the run stopped early. */
export function formatSyncSummary(summary: SyncSummary, target: string, storageLabel: string): string {
  const count = (outcome: string): number =>
    summary.repositories.filter((repo) => repo.outcome === outcome).length;
  const perEntry = summary.entries === 0 ? 0 : summary.requests / summary.entries;
  const extra = [
    `${count('synced')} repositories synced, ${count('skipped_archived')} archived skipped, ${count('failed')} failed`,
    `${summary.entries} API entries in ${summary.requests} requests (${perEntry.toFixed(3)} requests per entry)`,
  ];
  if (summary.transferred > 0 || summary.deleted > 0) {
    extra.push(`${summary.transferred} issues found transferred, ${summary.deleted} found deleted`);
  }
  for (const repo of summary.repositories) {
    if (repo.error !== null) extra.push(`failed: ${repo.error}`);
  }
  const lines = [formatIngestSummary(`${target} → ${storageLabel}`, summary.ingest, extra)];
  if (summary.stopped !== null) {
    lines.push(
      `stopped: ${summary.stopped}`,
      'What was read is kept: run the same command again to continue from there.',
    );
  }
  return lines.join('\n');
}

/** One row per repository and resource. */
export function formatSyncStatus(statuses: readonly RepositorySyncStatus[]): string {
  if (statuses.length === 0) return 'nothing synced yet: run rungs sync github --org <org>';
  const rows = statuses.flatMap((status) => status.resources.map((resource) => ({ status, resource })));
  const table = formatTable(rows, [
    {
      header: 'repository',
      cell: (row) => (row.resource === row.status.resources[0] ? row.status.repo : ''),
    },
    { header: 'resource', cell: (row) => row.resource.resource },
    { header: 'state', cell: (row) => row.resource.state },
    { header: 'up to', cell: (row) => row.resource.upTo ?? '-' },
    { header: 'read', cell: (row) => String(row.resource.seen), align: 'right' },
    { header: 'detail', cell: (row) => row.resource.detail ?? '' },
  ]);
  const notes = statuses.flatMap((status) => {
    const lines: string[] = [];
    if (status.error !== null) lines.push(`${status.repo}: last run stopped: ${status.error}`);
    else if (status.finishedAt !== null) lines.push(`${status.repo}: last finished ${status.finishedAt}`);
    if (status.archived) {
      lines.push(
        `${status.repo}: archived${status.finishedAt === null ? ', not synced (--include-archived syncs it)' : ''}`,
      );
    }
    return lines;
  });
  return [table, '', ...notes].join('\n');
}

interface SyncProgressDisplay {
  readonly update: (progress: SyncProgress) => void;
  readonly stop: () => void;
}

/** A live bar on stderr: repositories done, entries read, requests, the remaining rate-limit budget. */
function createSyncProgress(show: boolean): SyncProgressDisplay {
  if (!show) return { update: () => {}, stop: () => {} };
  const SingleBar = loadSingleBar();
  const bar = new SingleBar({
    format:
      'sync [{bar}] {value}/{total} repos | {entries} entries | {requests} requests | budget {budget} | {where}',
    stream: process.stderr,
    hideCursor: true,
    fps: 5,
  });
  let started = false;
  return {
    update: (progress) => {
      const budget = progress.stats.budget;
      const payload = {
        entries: progress.entries,
        requests: progress.stats.requests,
        budget: budget === null ? 'n/a' : `${budget.remaining}/${budget.limit}`,
        where:
          progress.stats.waitingUntil !== null
            ? `waiting for the rate limit until ${progress.stats.waitingUntil}`
            : `${progress.repo ?? ''} ${progress.resource ?? ''}`.trim(),
      };
      if (!started) {
        bar.start(progress.repoCount, progress.repoIndex, payload);
        started = true;
      } else {
        bar.setTotal(progress.repoCount);
        bar.update(progress.repoIndex, payload);
      }
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
