import type { Group } from '../../core/groups/group.ts';

/**
 * The demo community's groups: two SIGs and a working group with subprojects, covering every
 * repository of the demo organization (core, ui, cli, docs, helm-charts, website), one directory
 * kept as data. Fixed, so every demo shows the same groups.
 */
export function createDemoGroups(org: string): Group[] {
  const repo = (name: string): string => `${org}/${name}`.toLowerCase();
  const group = (
    id: string,
    name: string,
    kind: string,
    parent: string | null,
    repos: readonly string[],
    directories: readonly string[] = [],
  ): Group => ({
    id,
    name,
    kind,
    parent,
    repos: [...new Set([...repos.map(repo), ...directories.map((path) => repo(path.split('/')[0]!))])].sort(),
    directories: directories.map(
      (path) => `${repo(path.split('/')[0]!)}/${path.split('/').slice(1).join('/')}`,
    ),
  });
  return [
    group('sig-runtime', 'SIG Runtime', 'sig', null, ['core', 'cli'], ['core/pkg/scheduler']),
    group('cli', 'Command line', 'subproject', 'sig-runtime', ['cli']),
    group('scheduler', 'Scheduler', 'subproject', 'sig-runtime', [], ['core/pkg/scheduler']),
    group('sig-ux', 'SIG User Experience', 'sig', null, ['ui', 'docs', 'website']),
    group('docs-site', 'Docs and website', 'subproject', 'sig-ux', ['docs', 'website']),
    group('wg-delivery', 'WG Delivery', 'wg', null, ['helm-charts'], ['core/deploy']),
  ];
}
