import type { Command } from 'commander';
import { Option } from 'commander';
import { InputError } from '../../app/input-error.ts';
import { describeRange, type RosterOverlap } from '../../app/ladder/manage-roles.ts';
import { OverlappingGrantError } from '../../app/ladder/overlapping-grant-error.ts';
import { countOf } from '../../core/count-of.ts';
import { formatDiagnostic } from '../../core/diagnostics.ts';
import { groupsNamedBy } from '../../core/ladder/ladder-policy.ts';
import { parseAsOf } from '../../core/window/parse-as-of.ts';
import { formatUtcInstant, parseUtcInstant } from '../../core/window/utc-calendar.ts';
import type { LadderReportFormat } from './format-ladder-report.ts';
import type { LadderCliServices, PolicyCheck, PolicyChoice } from './ladder-cli-services.ts';
import { parseWholeNumber } from './parse-whole-number.ts';
import { UsageError } from './usage-error.ts';

// The formatters and the JSON Schema (zod) are loaded by the commands that print them, so defining
// the commands (and `rungs --help`) stays light.
const loadReportFormat = () => import('./format-ladder-report.ts');

/** Where the ladder commands write and how they reach rungs; injected so tests run them in-process. */
export interface LadderCliContext {
  /** Opens the services for the global options (`--db`); called once, only by commands that need storage. */
  readonly openServices: (globals: { readonly db?: string }) => Promise<LadderCliServices>;
  /**
   * Reads and checks a policy; with the global options (`--db`), also against the groups in that
   * database when it exists (no storage is created).
   */
  readonly checkPolicy: (choice: PolicyChoice, globals: { readonly db?: string }) => Promise<PolicyCheck>;
  /** The presets shipped with rungs, for help texts. */
  readonly presets: readonly string[];
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The current time, ISO UTC. */
  readonly now: () => string;
}

interface PolicyOptions {
  preset?: string;
  policy?: string;
}

/**
 * Adds `rungs ladder` (report, `check`, `show`, `schema`), `rungs status <login>` and `rungs roles`
 * (`grant`, `revoke`, `list`, `import`) to the program. Failures are thrown (an InputError for bad
 * input, exit code 1; a UsageError for an impossible command line, exit code 2).
 */
export function registerLadderCommands(program: Command, context: LadderCliContext): void {
  const toPolicyChoice = (options: PolicyOptions): PolicyChoice =>
    options.policy !== undefined
      ? { file: options.policy }
      : { preset: options.preset ?? context.presets[0]! };
  const withServices = async <T>(
    command: Command,
    run: (services: LadderCliServices) => Promise<T>,
  ): Promise<T> => {
    const services = await context.openServices(command.optsWithGlobals<{ db?: string }>());
    try {
      return await run(services);
    } finally {
      await services.close();
    }
  };
  const policyOptions = (command: Command): Command =>
    command
      .addOption(
        new Option(
          '--preset <name>',
          `a ladder shipped with rungs (${context.presets.join(', ')})`,
        ).conflicts('policy'),
      )
      .option('--policy <file>', 'a ladder policy YAML file');
  const asOfOption = (command: Command): Command =>
    command.option('--as-of <date>', 'judge the ladder as it stood at this date or time (default: now)');

  const ladder = program
    .command('ladder')
    .description(
      'everyone on the ladder: who is eligible for which level, who is at risk, who is due a notice',
    );
  policyOptions(asOfOption(ladder))
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option(
      '--limit <n>',
      'people to list in each table (0 lists everyone; json always has everyone)',
      (value: string) => parseWholeNumber(value, 0),
      50,
    )
    .action(
      async (
        options: PolicyOptions & { asOf?: string; format: LadderReportFormat; limit: number },
        command: Command,
      ) => {
        const asOf = toAsOf(options.asOf, context.now());
        await withServices(command, async (services) => {
          const { policy, evaluation } = await services.community({ policy: toPolicyChoice(options), asOf });
          const { formatLadderReport } = await loadReportFormat();
          context.stdout(
            formatLadderReport(
              evaluation,
              policy,
              options.format,
              options.limit === 0 ? null : options.limit,
            ),
          );
        });
      },
    );

  ladder
    .command('check')
    .description(
      'validate a ladder policy file, or a preset with --preset; every problem is reported with file:line:column (exit code 1)',
    )
    .argument('[file]', 'a ladder policy YAML file (default: the preset)')
    .action(async (file: string | undefined, _options: unknown, command: Command) => {
      // `ladder` has the same options; commander hands them to it wherever they are written.
      const options = command.optsWithGlobals<PolicyOptions & { db?: string }>();
      if (options.policy !== undefined)
        throw new UsageError('give the policy file as an argument: rungs ladder check <file>');
      if (file !== undefined && options.preset !== undefined)
        throw new UsageError('give a file or --preset, not both');
      const check = await context.checkPolicy(
        file === undefined ? { preset: options.preset ?? context.presets[0]! } : { file },
        options,
      );
      if (!check.result.ok) {
        const count = check.result.diagnostics.length;
        throw new InputError(
          `${check.fileName}: ${count} problem${count === 1 ? '' : 's'}\n${check.result.diagnostics.map(formatDiagnostic).join('\n')}`,
        );
      }
      const policy = check.result.value;
      const statuses =
        policy.statuses.length === 0
          ? ''
          : `, ${policy.statuses.length} status${policy.statuses.length === 1 ? '' : 'es'}`;
      context.stdout(`${check.fileName}: ok (${policy.title}: ${policy.levels.length} levels${statuses})`);
      const named = groupsNamedBy(policy).length;
      if (named > 0 && check.groups !== undefined) {
        context.stdout(
          'checkedIn' in check.groups
            ? `the ${named} group${named === 1 ? '' : 's'} it names ${named === 1 ? 'is' : 'are'} among the ${check.groups.count} on record in ${check.groups.checkedIn}`
            : `the ${named} group${named === 1 ? '' : 's'} it names ${named === 1 ? 'was' : 'were'} not checked: ${check.groups.notChecked}`,
        );
      }
    });

  ladder
    .command('show')
    .description(
      'the ladder as text: levels, what each asks, and how many people hold each (takes the ladder options)',
    )
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<PolicyOptions & { asOf?: string }>();
      const asOf = toAsOf(options.asOf, context.now());
      await withServices(command, async (services) => {
        const { policy, holders } = await services.holders({ policy: toPolicyChoice(options), asOf });
        const { formatLadder } = await loadReportFormat();
        context.stdout(formatLadder(policy, holders, asOf));
      });
    });

  ladder
    .command('schema')
    .description('print the JSON Schema of ladder policy files (for editors)')
    .action(async () => {
      const { formatLadderJsonSchema } = await import('../../core/ladder/to-ladder-json-schema.ts');
      context.stdout(formatLadderJsonSchema());
    });

  policyOptions(
    asOfOption(
      program
        .command('status')
        .description("one person's place on the ladder: level, standing, and what is left for the next level")
        .argument('<login>', 'GitHub login (current or former, any case)'),
    ),
  )
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(
      async (
        login: string,
        options: PolicyOptions & { asOf?: string; format: 'text' | 'json' },
        command: Command,
      ) => {
        const asOf = toAsOf(options.asOf, context.now());
        await withServices(command, async (services) => {
          const { policy, evaluation } = await services.status(login, {
            policy: toPolicyChoice(options),
            asOf,
          });
          const { formatLadderStatus } = await import('./format-ladder-status.ts');
          context.stdout(
            options.format === 'json'
              ? JSON.stringify({ policy: policy.name, scoring: policy.scoring, ...evaluation }, null, 2)
              : formatLadderStatus(evaluation, policy),
          );
        });
      },
    );

  const roles = program.command('roles').description('who holds which level, since when, by which decision');
  policyOptions(
    roles
      .command('grant')
      .description('record that a person holds a level (reinstates an emeritus person)')
      .argument('<login>', 'the person')
      .argument('<level>', 'a level id of the ladder')
      .option(
        '--scope <scope>',
        'for a scoped level: a repository (owner/name), a directory in one, or a group',
      )
      .option('--since <date>', 'when it began (default: now)')
      .option('--decision <text>', 'the decision that made it: a link, an issue, a vote'),
  ).action(
    async (
      login: string,
      level: string,
      options: PolicyOptions & { scope?: string; since?: string; decision?: string },
      command: Command,
    ) => {
      const since = toInstant(options.since, context.now(), 'since');
      await withServices(command, async (services) => {
        const result = await services
          .grantRole(toPolicyChoice(options), {
            login,
            level,
            scope: options.scope ?? null,
            since,
            decision: options.decision ?? null,
          })
          .catch((error: unknown) => {
            // Asking for a second, overlapping holding of one level is a command to correct (exit 2).
            throw error instanceof OverlappingGrantError ? new UsageError(error.message) : error;
          });
        const scope = result.assignment.scope === null ? '' : ` in ${result.assignment.scope}`;
        context.stdout(
          result.added
            ? `${result.assignment.login} holds ${result.assignment.level}${scope} since ${since.slice(0, 10)}`
            : `${result.assignment.login} already holds ${result.assignment.level}${scope} since ${since.slice(0, 10)}: nothing changed`,
        );
        for (const ended of result.endedEmeritus)
          context.stdout(`reinstated: ended emeritus since ${ended.since.slice(0, 10)}`);
        if (!result.onRecord) {
          context.stderr(
            `warning: nobody with the login ${login} is on record yet; the role applies once their activity is imported`,
          );
        }
      });
    },
  );

  roles
    .command('revoke')
    .description('end a level a person holds, optionally moving them to emeritus')
    .argument('<login>', 'the person')
    .argument('<level>', 'the level they hold')
    .option('--scope <scope>', 'the scope of a scoped level')
    .option('--at <date>', 'when it ends (default: now)')
    .option('--decision <text>', 'the decision that ended it')
    .option('--emeritus', 'record the person as emeritus, remembering the level for reinstatement')
    .action(
      async (
        login: string,
        level: string,
        options: { scope?: string; at?: string; decision?: string; emeritus?: boolean },
        command: Command,
      ) => {
        const at = toInstant(options.at, context.now(), 'at');
        await withServices(command, async (services) => {
          const result = await services.revokeRole({
            login,
            level,
            scope: options.scope ?? null,
            at,
            decision: options.decision ?? null,
            emeritus: options.emeritus === true,
          });
          const scope = result.ended.scope === null ? '' : ` in ${result.ended.scope}`;
          context.stdout(`${result.ended.login} no longer holds ${level}${scope} from ${at.slice(0, 10)}`);
          if (result.emeritus !== null) context.stdout(`${result.ended.login} is emeritus (was ${level})`);
        });
      },
    );

  asOfOption(
    roles
      .command('list')
      .description('the role assignments in force (or all of them with --all)')
      .option('--all', 'every assignment ever made, ended ones too'),
  )
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (options: { all?: boolean; asOf?: string; format: 'table' | 'json' }, command: Command) => {
      const asOf = toAsOf(options.asOf, context.now());
      await withServices(command, async (services) => {
        const assignments = await services.listRoles({ asOf, all: options.all === true });
        const { formatRoles } = await loadReportFormat();
        context.stdout(
          options.format === 'json' ? JSON.stringify(assignments, null, 2) : formatRoles(assignments, null),
        );
      });
    });

  policyOptions(
    roles
      .command('import')
      .description("a community's existing roster (YAML; importing it again changes nothing)")
      .argument(
        '<roster>',
        'roster.yaml: roles: [{login, level, scope?, since, until?, decision?, previous_level?}]',
      ),
  ).action(async (path: string, options: PolicyOptions, command: Command) => {
    await withServices(command, async (services) => {
      const result = await services.importRoster(path, toPolicyChoice(options));
      for (const overlap of result.overlaps)
        context.stderr(`warning: ${describeRosterOverlap(path, overlap)}`);
      const merged = result.overlaps.length;
      context.stdout(
        `${path} → ${services.storageLabel}: ${result.added} added, ${result.unchanged} already recorded${merged === 0 ? '' : `, ${countOf(merged, 'entry', 'entries')} overlapping another (merged)`}`,
      );
    });
  });
}

/** A roster entry that overlapped another holding, located by its place in the file. */
function describeRosterOverlap(path: string, overlap: RosterOverlap): string {
  const { entry } = overlap;
  const scope = entry.scope === null ? '' : ` in ${entry.scope}`;
  const others = overlap.overlapped.map(describeRange).join(' and ');
  const what = `${path} roles[${overlap.index}]: ${entry.login}'s ${entry.level}${scope} ${describeRange(entry)} overlaps the one recorded ${others}`;
  return overlap.kind === 'covered'
    ? `${what}, which already spans it: kept as recorded`
    : `${what}: merged into one, ${describeRange(overlap.assignment)}`;
}

function toAsOf(text: string | undefined, now: string): string {
  if (text === undefined) return now;
  const parsed = parseAsOf(text);
  if (!parsed.ok) throw new UsageError(parsed.error);
  return parsed.value;
}

/** A date (midnight UTC) or an ISO date-time, for when a role begins or ends. */
function toInstant(text: string | undefined, now: string, what: string): string {
  if (text === undefined) return now;
  const parsed = parseUtcInstant(text.trim());
  if (parsed === null)
    throw new UsageError(`--${what}: expected a date (2026-03-01) or an ISO date-time, got "${text}"`);
  return formatUtcInstant(Math.floor(parsed.ms / 1000) * 1000);
}
