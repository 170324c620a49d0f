import type { Command } from 'commander';
import { Option } from 'commander';
import type { GroupsImportSummary } from '../../app/import-groups.ts';
import type { Group } from '../../core/groups/group.ts';
import type { CliServices } from './cli-services.ts';
import { formatTable } from './format-table.ts';

/** What the groups commands need; injected so tests run them in-process. */
export interface GroupCommandContext {
  /** Opens the services for the global options (`--db`). */
  readonly openServices: (globals: {
    readonly db?: string;
  }) => Promise<Pick<CliServices, 'storageLabel' | 'importGroups' | 'listGroups' | 'close'>>;
  readonly stdout: (text: string) => void;
}

/**
 * Adds `rungs groups import <file>` (rungs' groups.yaml or Kubernetes' sigs.yaml, told apart by
 * content; a file with problems prints each one located and stores nothing, exit code 1) and
 * `rungs groups list`.
 */
export function registerGroupCommands(program: Command, context: GroupCommandContext): void {
  const withServices = async <T>(
    command: Command,
    run: (services: Awaited<ReturnType<GroupCommandContext['openServices']>>) => Promise<T>,
  ): Promise<T> => {
    const services = await context.openServices(command.optsWithGlobals<{ db?: string }>());
    try {
      return await run(services);
    } finally {
      await services.close();
    }
  };

  const groups = program
    .command('groups')
    .description('SIGs, working groups, committees and subprojects, and the repositories each owns');

  groups
    .command('import')
    .description(
      'replace the groups with a file: rungs groups.yaml (groups: [{id, name, kind, parent?, repos}]) or Kubernetes sigs.yaml',
    )
    .argument('<file>', 'groups.yaml or sigs.yaml (the format is told by its content)')
    .action(async (file: string, _options: unknown, command: Command) => {
      await withServices(command, async (services) => {
        const summary = await services.importGroups(file);
        context.stdout(`${file} → ${services.storageLabel}: ${formatImportSummary(summary)}`);
      });
    });

  groups
    .command('list')
    .description('the groups on record, with their repositories')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (options: { format: 'table' | 'json' }, command: Command) => {
      await withServices(command, async (services) => {
        const list = await services.listGroups();
        context.stdout(options.format === 'json' ? JSON.stringify(list, null, 2) : formatGroups(list));
      });
    });
}

/** `sigs.yaml format: 8 groups (2 sig, 5 subproject, 1 wg), 4 repositories, 3 directories`. */
function formatImportSummary(summary: GroupsImportSummary): string {
  const kinds = Object.entries(summary.kinds)
    .map(([kind, count]) => `${count} ${kind}`)
    .join(', ');
  const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;
  return `${summary.format === 'rungs' ? 'rungs groups' : 'Kubernetes sigs.yaml'} format: ${plural(summary.groups, 'group', 'groups')}${kinds === '' ? '' : ` (${kinds})`}, ${plural(summary.repos, 'repository', 'repositories')}, ${plural(summary.directories, 'directory', 'directories')}`;
}

/** The groups as a table: a subproject under its parent's id. */
export function formatGroups(groups: readonly Group[]): string {
  if (groups.length === 0) return 'no groups on record (rungs groups import <groups.yaml|sigs.yaml>)';
  return formatTable(groups, [
    { header: 'id', cell: (group) => group.id },
    { header: 'kind', cell: (group) => group.kind },
    { header: 'parent', cell: (group) => group.parent ?? '' },
    { header: 'name', cell: (group) => group.name },
    { header: 'repos', cell: (group) => String(group.repos.length), align: 'right' },
    { header: 'dirs', cell: (group) => String(group.directories.length), align: 'right' },
    {
      header: 'repositories',
      cell: (group) =>
        group.repos.length <= 3 ? group.repos.join(' ') : `${group.repos.slice(0, 3).join(' ')} ...`,
    },
  ]);
}
