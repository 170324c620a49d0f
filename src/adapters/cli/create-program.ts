import { Command, InvalidArgumentError, Option } from 'commander';
import type { IngestSummary } from '../../app/ingest.ts';
import { InputError } from '../../app/input-error.ts';
import { parseAsOf } from '../../core/window/parse-as-of.ts';
import { parseWindowRange, parseWindowSpec } from '../../core/window/parse-window-spec.ts';
import { type ResolvedWindow, resolveWindow } from '../../core/window/resolve-window.ts';
import type {
  CliServices,
  GhArchiveImportSummary,
  GhArchiveRangeImport,
  RulesChoice,
} from './cli-services.ts';
import { EXIT_CODE, type SetExitCode, toImportExitCode } from './exit-code.ts';
import { formatIngestProblems, formatIngestSummary } from './format-ingest-summary.ts';
import { formatLeaderboard, type LeaderboardFormat } from './format-leaderboard.ts';
import { formatPersonBreakdown } from './format-person-breakdown.ts';
import { describeHourOutcome, toGhArchiveRange } from './gharchive-range-options.ts';
import { registerGroupCommands } from './group-commands.ts';
import { type LadderCliContext, registerLadderCommands } from './ladder-commands.ts';
import { parsePositiveInteger, parseWholeNumber } from './parse-whole-number.ts';
import { registerPeopleCommands } from './people-commands.ts';
import { createFileProgress, createProgress, createStderrProgressOutput } from './progress.ts';
import { DEFAULT_SERVE_LADDER, registerServeCommands, type ServeCommandContext } from './serve-commands.ts';
import { registerSyncCommands, type SyncCommandServices } from './sync-commands.ts';
import { UsageError } from './usage-error.ts';

/** The ladder whose scoring preset boards use unless told otherwise (the one `rungs serve` shows). */
const DEFAULT_LADDER_PRESET = DEFAULT_SERVE_LADDER;

/** Where the CLI writes, and how it reaches rungs; injected so tests can run it in-process. */
export interface CliContext {
  /** Opens the services for the global options (`--db`); called once, only by commands that need it. */
  readonly openServices: (globals: { readonly db?: string }) => Promise<CliServices>;
  /** Opens the server's services (`serve`, `start`, `export site`). */
  readonly openServeServices: ServeCommandContext['openServeServices'];
  /** The ladder commands' own services and policy checks. */
  readonly ladder: Pick<LadderCliContext, 'openServices' | 'checkPolicy' | 'presets'>;
  /** Opens what `rungs sync` needs (storage plus a GitHub client); only sync commands call it. */
  readonly openSyncServices: (globals: { readonly db?: string }) => Promise<SyncCommandServices>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /**
   * Records that a command ran to its end without fully succeeding: 3 when some input was rejected
   * (the good records stored), 1 when part of the work failed. The run exits with the worst code set.
   */
  readonly setExitCode: SetExitCode;
  /** The current time, ISO UTC; windows and the demo are pinned to it. */
  readonly now: () => string;
}

/** Builds the `rungs` command line. Errors propagate to the caller, which maps them to exit codes. */
export function createProgram(context: CliContext): Command {
  const program = new Command('rungs')
    .description('Contributor ladders as checked policy, computed from real activity and explained.')
    .option(
      '--db <path-or-url>',
      'SQLite file or postgres:// URL (default: RUNGS_DB, DATABASE_URL, .rungs/rungs.db)',
    )
    .option(
      '--bots <file>',
      'a YAML list of automation accounts instead of presets/bots.yaml (default: RUNGS_BOTS)',
    )
    .option('--debug', 'print stack traces of unexpected errors')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: context.stdout, writeErr: context.stderr });

  const withServices = async <T>(
    command: Command,
    run: (services: CliServices) => Promise<T>,
  ): Promise<T> => {
    const services = await context.openServices(command.optsWithGlobals<{ db?: string }>());
    try {
      return await run(services);
    } finally {
      await services.close();
    }
  };

  /** Prints an import's summary; an import that rejected some input exits 3. */
  const report = (label: string, summary: IngestSummary, extra: readonly string[] = []): void => {
    context.stdout(formatIngestSummary(label, summary, extra));
    for (const line of formatIngestProblems(summary)) context.stderr(line);
    context.setExitCode(toImportExitCode(summary));
  };

  const imports = program
    .command('import')
    .description('import activity from a source (idempotent: re-running adds nothing)');

  imports
    .command('webhooks')
    .description('GitHub webhook payloads: files holding {event, payload}, or delivery logs as JSON lines')
    .argument('<paths...>', 'files or directories')
    .action(async (paths: string[], _options, command: Command) => {
      await withServices(command, async (services) => {
        const progress = createProgress('webhooks');
        const summary = await services.importWebhooks(paths, progress.update).finally(progress.stop);
        report(`webhooks → ${services.storageLabel}`, summary);
      });
    });

  imports
    .command('gharchive')
    .description(
      'GH Archive hour files (.json.gz or JSON lines), or a range of hours fetched from GH Archive into a cache (--from/--to)',
    )
    .argument('[files...]', 'hour files, e.g. 2026-01-05-15.json.gz (or give --from and --to instead)')
    .option('--org <org...>', 'keep only events of these organizations')
    .option('--repo <owner/name...>', 'keep only events of these repositories')
    .option(
      '--from <date-or-hour>',
      'first hour to fetch and import: a date (all its hours) or 2025-01-01T05',
    )
    .option('--to <date-or-hour>', 'last hour, inclusive: a date (all its hours) or 2025-01-31T23')
    .option(
      '--jobs <n>',
      'hour files fetched and read at once, each on its own worker',
      parsePositiveInteger,
      1,
    )
    .option('--cache <dir>', 'folder the hour files are kept in', '.rungs/gharchive')
    .option(
      '--base-url <url>',
      'where hour files are fetched from (default: RUNGS_GHARCHIVE_URL or GH Archive)',
    )
    .addOption(
      new Option('--all', 'keep every event of the file (millions of strangers a day)').conflicts([
        'org',
        'repo',
      ]),
    )
    .action(async (files: string[], options: GhArchiveOptions, command: Command) => {
      const range = toGhArchiveRange(files, options);
      const filter = toGhArchiveFilter(options);
      await withServices(command, async (services) => {
        if (range !== null) {
          await importGhArchiveHours(services, { ...range, filter });
          return;
        }
        for (const file of files) {
          const progress = createProgress(file);
          let summary: GhArchiveImportSummary;
          try {
            summary = await services.importGhArchive(file, filter, progress.update).finally(progress.stop);
          } catch (error) {
            // One unreadable hour does not stop the others; the run exits 1.
            if (!(error instanceof InputError) || files.length === 1) throw error;
            context.stderr(`error: ${error.message}`);
            context.setExitCode(EXIT_CODE.failed);
            continue;
          }
          report(`${file} → ${services.storageLabel}`, summary, [
            `${summary.lines} lines, ${summary.outsideFilter} outside the filter`,
          ]);
          // A truncated file is one of the problems `report` prints, located at the line it cut.
        }
      });
    });

  const importGhArchiveHours = async (
    services: CliServices,
    request: GhArchiveRangeImport,
  ): Promise<void> => {
    const progress = createFileProgress(
      'gharchive',
      request.hours.length,
      createStderrProgressOutput(context.stderr),
    );
    const summary = await services
      .importGhArchiveRange(request, (step) => {
        if (step.settled === undefined) progress.update(step.filesDone, step.inputs);
        else progress.fileDone(step.filesDone, step.inputs, describeHourOutcome(step.settled));
      })
      .finally(progress.stop);
    const outcomes = summary.hours.map((entry) => entry.outcome.kind);
    const count = (kind: string) => outcomes.filter((outcome) => outcome === kind).length;
    const downloaded = summary.hours.filter(
      (entry) => entry.outcome.kind === 'imported' && entry.outcome.from === 'download',
    ).length;
    for (const { hour, outcome } of summary.hours) {
      if (outcome.kind === 'missing')
        context.stderr(`gap: ${hour}: ${outcome.url} answered 404 (not in GH Archive)`);
      if (outcome.kind === 'failed')
        context.stderr(
          `failed: ${hour}: ${outcome.url} ${outcome.message} (after ${outcome.attempts} attempts)`,
        );
    }
    const first = request.hours[0]!;
    const last = request.hours.at(-1)!;
    report(`GH Archive ${first} to ${last} → ${services.storageLabel}`, summary.total, [
      `${request.hours.length} hours: ${count('imported')} imported (${downloaded} downloaded), ${count('already_imported')} already imported, ${count('missing')} missing from GH Archive, ${count('failed')} failed to download`,
      `${summary.total.lines} lines, ${summary.total.outsideFilter} outside the filter`,
    ]);
    if (count('missing') > 0 || count('failed') > 0 || summary.total.problemCount > 0)
      context.setExitCode(EXIT_CODE.partial);
  };
  imports
    .command('git')
    .description('a git repository (bare or not): commits, and merges of pull requests')
    .argument('<path>', 'the repository')
    .requiredOption('--repo <owner/name>', 'the GitHub repository this history belongs to', parseRepoOption)
    .action(async (path: string, options: { repo: string }, command: Command) => {
      await withServices(command, async (services) => {
        const progress = createProgress(path);
        const summary = await services
          .importGit(path, options.repo, progress.update, (message) => context.stderr(`warning: ${message}`))
          .finally(progress.stop);
        report(`${path} (${options.repo}) → ${services.storageLabel}`, summary, [
          `now at ${summary.head ?? 'an empty history'}`,
        ]);
      });
    });

  imports
    .command('activities')
    .description(
      'off-GitHub records (meetings, talks, onboarding, content, bonus points) from CSV or JSON lines',
    )
    .argument('<file>', 'a .csv or .jsonl file')
    .action(async (file: string, _options, command: Command) => {
      await withServices(command, async (services) => {
        const progress = createProgress(file);
        const summary = await services.importActivities(file, progress.update).finally(progress.stop);
        report(`${file} → ${services.storageLabel}`, summary);
      });
    });

  addScoringOptions(
    program
      .command('leaderboard')
      .description('rank people by points in a window')
      .addOption(
        new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'),
      )
      .option('--limit <n>', 'show the first n ranks (ties at the cut are kept out)', parsePositiveInteger),
  ).action(
    async (options: ScoringOptions & { format: LeaderboardFormat; limit?: number }, command: Command) => {
      const window = toWindow(options, context.now());
      await withServices(command, async (services) => {
        const board = await services.leaderboard({
          rules: toRulesChoice(options),
          window,
          repo: options.repo ?? null,
          group: options.group ?? null,
          limit: options.limit,
        });
        context.stdout(formatLeaderboard(board, options.format));
      });
    },
  );

  addScoringOptions(
    program
      .command('person')
      .description("one person's points by kind, with a link to each piece of evidence")
      .argument('<login>', 'GitHub login (current or former, any case)')
      .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text')),
  ).action(async (login: string, options: ScoringOptions & { format: 'text' | 'json' }, command: Command) => {
    const window = toWindow(options, context.now());
    await withServices(command, async (services) => {
      const breakdown = await services.person(login, {
        rules: toRulesChoice(options),
        window,
        repo: options.repo ?? null,
        group: options.group ?? null,
      });
      context.stdout(
        options.format === 'json' ? JSON.stringify(breakdown, null, 2) : formatPersonBreakdown(breakdown),
      );
    });
  });

  registerPeopleCommands(program, {
    openServices: context.openServices,
    stdout: context.stdout,
    now: context.now,
  });

  program
    .command('rebuild')
    .description('recompute items and activities from the kept raw records (people and decisions stay)')
    .action(async (_options, command: Command) => {
      await withServices(command, async (services) => {
        const progress = createProgress('rebuild');
        const summary = await services.rebuild(progress.update).finally(progress.stop);
        report(`rebuilt ${services.storageLabel}`, summary);
      });
    });

  program
    .command('demo')
    .description('load a generated, clearly labelled demo community and print its leaderboard')
    .option('--seed <n>', 'generator seed: the same seed gives the same community', parseInteger, 1)
    .option('--limit <n>', 'ranks to print', parsePositiveInteger, 15)
    .action(async (options: { seed: number; limit: number }, command: Command) => {
      // The same loader as `rungs start`, so the demo marker and roster are written either way.
      const globals = command.optsWithGlobals<{ db?: string }>();
      const server = await context.openServeServices(globals, { ladder: { preset: DEFAULT_LADDER_PRESET } });
      try {
        const progress = createProgress('demo');
        const demo = await server
          .loadDemo({ seed: options.seed, end: context.now().slice(0, 10) }, progress.update)
          .finally(progress.stop);
        context.stdout(
          `DEMO DATA: a generated community (org ${demo.org}, ${demo.people} people, ${demo.from} to ${demo.to}); nothing here is real.`,
        );
        report(`demo GitHub events → ${server.storageLabel}`, demo.github);
        report('demo meetings, talks and bonus records', demo.offGitHub);
      } finally {
        await server.close();
      }
      await withServices(command, (services) => printDemoBoard(services, options.limit));
    });

  const printDemoBoard = async (services: CliServices, limit: number): Promise<void> => {
    const window = resolveWindow({ kind: 'rolling', amount: 12, unit: 'week' }, { now: context.now() });
    // The default scoring, as `rungs leaderboard` and the dashboard use it.
    const board = await services.leaderboard({
      rules: { ladder: { preset: DEFAULT_LADDER_PRESET } },
      window,
      limit,
    });
    context.stdout(formatLeaderboard(board, 'table'));
    context.stdout(
      `\nTry: npx rungs leaderboard --window ytd --preset balanced, or npx rungs person ${board.rows[0]?.login ?? '<login>'}`,
    );
  };

  registerGroupCommands(program, { openServices: context.openServices, stdout: context.stdout });
  registerLadderCommands(program, {
    ...context.ladder,
    stdout: context.stdout,
    stderr: context.stderr,
    now: context.now,
  });
  registerServeCommands(program, {
    openServeServices: context.openServeServices,
    stdout: context.stdout,
    stderr: context.stderr,
    now: context.now,
  });
  registerSyncCommands(program, {
    openSyncServices: context.openSyncServices,
    stdout: context.stdout,
    stderr: context.stderr,
    setExitCode: context.setExitCode,
  });

  return program;
}

interface GhArchiveOptions {
  org?: string[];
  repo?: string[];
  all?: boolean;
  from?: string;
  to?: string;
  jobs: number;
  cache: string;
  baseUrl?: string;
}

interface ScoringOptions {
  window?: string;
  from?: string;
  to?: string;
  asOf?: string;
  repo?: string;
  group?: string;
  preset?: string;
  rules?: string;
  ladder?: string;
  ladderPolicy?: string;
}

function addScoringOptions(command: Command): Command {
  return command
    .option('--window <window>', 'all, ytd, 30d, 12w, 2mo, 1y, a month (2026-03) or a year (2025)', 'ytd')
    .option('--from <date>', 'start of an explicit window (inclusive)')
    .option('--to <date>', 'end of an explicit window (a date includes that whole day)')
    .option('--as-of <date>', 'see the board as it was at this date or time')
    .addOption(new Option('--repo <owner/name>', 'only this repository').argParser(parseRepoOption))
    .addOption(
      new Option('--group <id>', "only the group's repositories (see rungs groups list)").conflicts('repo'),
    )
    .addOption(
      new Option('--preset <name>', "scoring preset (default: the ladder's, see --ladder)").conflicts([
        'rules',
        'ladder',
        'ladderPolicy',
      ]),
    )
    .addOption(
      new Option('--rules <file>', 'a scoring rules YAML file instead of a preset').conflicts([
        'ladder',
        'ladderPolicy',
      ]),
    )
    .addOption(
      new Option(
        '--ladder <preset>',
        `use the scoring preset this ladder names (default ${DEFAULT_LADDER_PRESET})`,
      ).conflicts('ladderPolicy'),
    )
    .option('--ladder-policy <file>', 'score as this ladder policy file says (its `scoring:`)');
}

/** The rules asked for; without --preset or --rules, the ladder's own scoring preset. */
function toRulesChoice(options: ScoringOptions): RulesChoice {
  if (options.rules !== undefined) return { file: options.rules };
  if (options.preset !== undefined) return { preset: options.preset };
  return {
    ladder:
      options.ladderPolicy !== undefined
        ? { file: options.ladderPolicy }
        : { preset: options.ladder ?? DEFAULT_LADDER_PRESET },
  };
}

function toWindow(options: ScoringOptions, now: string): ResolvedWindow {
  const spec =
    options.from !== undefined || options.to !== undefined
      ? parseWindowRange({ from: options.from, to: options.to })
      : parseWindowSpec(options.window ?? 'ytd');
  if (!spec.ok) throw new UsageError(spec.error);
  let asOf: string | null = null;
  if (options.asOf !== undefined) {
    const parsed = parseAsOf(options.asOf);
    if (!parsed.ok) throw new UsageError(parsed.error);
    asOf = parsed.value;
  }
  return resolveWindow(spec.value, { now, asOf });
}

/**
 * The events a GH Archive import keeps: those of `--org`/`--repo`, or with `--all` every event. One
 * of them is required, since an hour of GH Archive is hundreds of thousands of strangers' events.
 */
function toGhArchiveFilter(options: { org?: string[]; repo?: string[]; all?: boolean }): {
  readonly orgs: readonly string[];
  readonly repos: readonly string[];
} {
  const orgs = (options.org ?? []).map((org) => org.toLowerCase());
  const repos = (options.repo ?? []).map(parseRepoOption);
  if (options.all !== true && orgs.length === 0 && repos.length === 0) {
    throw new UsageError(
      'say which events to keep: --org <org> or --repo <owner/name> (a GH Archive hour holds every public event on GitHub), or --all to import everything',
    );
  }
  return { orgs, repos };
}

function parseRepoOption(value: string): string {
  if (!/^[\w.-]+\/[\w.-]+$/.test(value))
    throw new InvalidArgumentError(`expected owner/name, got "${value}"`);
  return value.toLowerCase();
}

function parseInteger(value: string): number {
  return parseWholeNumber(value, Number.MIN_SAFE_INTEGER);
}
