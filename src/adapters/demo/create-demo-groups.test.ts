import { expect, test } from 'vitest';
import { parseRepositoryPath } from '../../core/groups/repository-path.ts';
import { createDemoGroups } from './create-demo-groups.ts';
import { generateCommunity } from './generate-community.ts';

test("the demo's groups cover every repository of the demo organization, the same each time", () => {
  const community = generateCommunity({ seed: 1, end: '2026-01-15', years: 1, people: 20 });
  const groups = createDemoGroups(community.summary.org);
  const covered = new Set(groups.flatMap((group) => group.repos));
  expect([...covered].sort()).toEqual([...community.summary.repos].map((repo) => repo.toLowerCase()).sort());
  expect(createDemoGroups(community.summary.org)).toEqual(groups);
  const ids = new Set(groups.map((group) => group.id));
  for (const group of groups) {
    if (group.parent !== null) expect(ids.has(group.parent)).toBe(true);
    for (const directory of group.directories) {
      expect(group.repos).toContain(parseRepositoryPath(directory)!.repo);
    }
  }
});
