import { afterEach, beforeEach, expect, test } from 'vitest';
import { createKyselyStore, type Store } from '../src/adapters/storage/kysely-store.ts';
import { importGroups } from '../src/app/import-groups.ts';
import { readLeaderboard } from '../src/app/read-leaderboard.ts';
import type { Group } from '../src/core/groups/group.ts';
import { parseScoringRules } from '../src/core/scoring/parse-scoring-rules.ts';
import type { ScoringFact } from '../src/core/scoring-fact.ts';
import { activityRecord, githubActor } from './support/source-record-builders.ts';
import { describeOnEachDialect, type StorageTarget, type TargetDatabase } from './support/storage-targets.ts';

// The groups' storage and the reads that filter by a group's repositories, one test body run
// against real SQLite and real PostgreSQL (STYLE 17).

const SIGS_YAML = `sigs:
- dir: sig-node
  name: Node
  leadership: { chairs: [{ github: alice }] }
  subprojects:
  - name: kubelet
    owners:
    - https://raw.githubusercontent.com/kubernetes/kubernetes/master/pkg/kubelet/OWNERS
    - https://raw.githubusercontent.com/kubernetes/kubernetes/master/cmd/kubelet/OWNERS
  - name: node-problem-detector
    owners:
    - https://raw.githubusercontent.com/kubernetes/node-problem-detector/master/OWNERS
- dir: sig-docs
  name: Docs
  subprojects:
  - name: website
    owners:
    - https://raw.githubusercontent.com/kubernetes/website/main/OWNERS
committees:
- dir: committee-steering
  name: Steering Committee
`;

const RULES = (() => {
  const parsed = parseScoringRules('points: { pr_opened: 10 }', 'rules.yaml');
  if (!parsed.ok) throw new Error('bad rules');
  return parsed.value;
})();

function groupStorageContract(target: StorageTarget): void {
  let handle: TargetDatabase;
  let store: Store;

  beforeEach(async () => {
    handle = await target.create();
    store = createKyselyStore(handle.database);
  });

  afterEach(async () => {
    await handle.destroy();
  });

  test('stores a sigs.yaml as groups and reads them back in file order, repositories sorted', async () => {
    const imported = await importGroups(store, SIGS_YAML, 'sigs.yaml');
    expect(imported).toEqual({
      ok: true,
      value: {
        format: 'sigs.yaml',
        groups: 6,
        kinds: { sig: 2, subproject: 3, committee: 1 },
        repos: 3,
        directories: 2,
      },
    });
    const groups = await store.readGroups();
    expect(groups.map((group) => [group.id, group.kind, group.parent])).toEqual([
      ['sig-node', 'sig', null],
      ['kubelet', 'subproject', 'sig-node'],
      ['node-problem-detector', 'subproject', 'sig-node'],
      ['sig-docs', 'sig', null],
      ['website', 'subproject', 'sig-docs'],
      ['committee-steering', 'committee', null],
    ]);
    expect(groups[0]).toEqual({
      id: 'sig-node',
      name: 'Node',
      kind: 'sig',
      parent: null,
      repos: ['kubernetes/kubernetes', 'kubernetes/node-problem-detector'],
      directories: ['kubernetes/kubernetes/cmd/kubelet', 'kubernetes/kubernetes/pkg/kubelet'],
    });
    expect(groups[5]).toMatchObject({ repos: [], directories: [] });
  });

  test('an import replaces every group; importing the same file again changes nothing', async () => {
    await importGroups(store, SIGS_YAML, 'sigs.yaml');
    const first = await store.readGroups();
    await importGroups(store, SIGS_YAML, 'sigs.yaml');
    expect(await store.readGroups()).toEqual(first);
    await importGroups(
      store,
      'groups:\n  - { id: docs, name: Docs, kind: team, repos: [acme/docs] }\n',
      'g.yaml',
    );
    expect(await store.readGroups()).toEqual([
      { id: 'docs', name: 'Docs', kind: 'team', parent: null, repos: ['acme/docs'], directories: [] },
    ]);
  });

  test('a file with problems stores nothing, and a failing replace keeps the groups there were', async () => {
    await importGroups(store, SIGS_YAML, 'sigs.yaml');
    const before = await store.readGroups();
    const bad = await importGroups(store, 'groups:\n  - { id: docs, name: Docs }\n', 'g.yaml');
    expect(bad.ok).toBe(false);
    expect(await store.readGroups()).toEqual(before);
    const twice: Group = { id: 'x', name: 'X', kind: 'sig', parent: null, repos: [], directories: [] };
    await expect(store.replaceGroups([twice, twice])).rejects.toThrow();
    expect(await store.readGroups()).toEqual(before);
  });

  test("reads only the acts in a group's repositories, and none for a group without any", async () => {
    const alice = githubActor(1, 'alice');
    const bob = githubActor(2, 'bob');
    const acts = [
      { key: 'a1', actor: alice, repo: 'kubernetes/kubernetes' },
      { key: 'a2', actor: alice, repo: 'kubernetes/node-problem-detector' },
      { key: 'b1', actor: bob, repo: 'kubernetes/website' },
      { key: 'b2', actor: bob, repo: 'kubernetes/kubernetes' },
    ];
    await store.writeBatch(
      acts.map((act, index) =>
        activityRecord({
          ...act,
          kind: 'pr_opened',
          occurredAt: `2026-01-0${index + 1}T00:00:00Z`,
          itemNumber: index + 1,
        }),
      ),
    );
    const read = async (repos: readonly string[]): Promise<string[]> => {
      const keys: string[] = [];
      for await (const chunk of store.readScoringFacts({ repos }, 2))
        keys.push(...chunk.map((fact: ScoringFact) => fact.key));
      return keys;
    };
    expect(await read(['kubernetes/kubernetes', 'kubernetes/node-problem-detector'])).toEqual([
      'a1',
      'a2',
      'b2',
    ]);
    expect(await read([])).toEqual([]);
    const window = { from: null, to: '2026-02-01T00:00:00Z', label: 'all time' };
    const board = await readLeaderboard(store, {
      rules: RULES,
      window,
      repos: ['kubernetes/website'],
    });
    expect(board.rows.map((row) => [row.login, row.points])).toEqual([['bob', 10]]);
  });
}

await describeOnEachDialect('group storage', groupStorageContract);
