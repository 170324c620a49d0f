import { afterEach, beforeEach, expect, test } from 'vitest';
import { KyselyRoleStore } from '../src/adapters/storage/kysely-role-store.ts';
import { createKyselyStore, type Store } from '../src/adapters/storage/kysely-store.ts';
import {
  openPersonLadderReader,
  readCommunityLadder,
  readPersonLadderStatus,
} from '../src/app/ladder/evaluate-ladder.ts';
import type { MeetingAttendance } from '../src/app/ladder/role-store.ts';
import { parseLadderPolicy } from '../src/core/ladder/parse-ladder-policy.ts';
import { parseScoringRules } from '../src/core/scoring/parse-scoring-rules.ts';
import { activityRecord, githubActor } from './support/source-record-builders.ts';
import { describeOnEachDialect, type StorageTarget, type TargetDatabase } from './support/storage-targets.ts';

// The ladder's storage (role assignments, meeting attendance) and its use cases, one test body run
// against real SQLite and real PostgreSQL (STYLE 17).

const fixedClock = (): Date => new Date('2026-01-01T00:00:00Z');

const POLICY = (() => {
  const parsed = parseLadderPolicy(
    `name: test
title: Test
levels:
  - id: member
    title: Member
    summary: m
    requires:
      - count: { min: 2, kinds: [pr_opened], window: all }
      - sponsors: { min: 1, levels: [maintainer] }
  - id: maintainer
    title: Maintainer
    summary: x
    requires:
      - attendance: { series: weekly, min_ratio: 0.5, window: 90d }
`,
    'test.yaml',
  );
  if (!parsed.ok) throw new Error('bad policy');
  return parsed.value;
})();
const RULES = (() => {
  const parsed = parseScoringRules('points: {}', 'rules.yaml');
  if (!parsed.ok) throw new Error('bad rules');
  return parsed.value;
})();

function ladderStorageContract(target: StorageTarget): void {
  let handle: TargetDatabase;
  let roles: KyselyRoleStore;
  let store: Store;

  beforeEach(async () => {
    handle = await target.create();
    roles = new KyselyRoleStore(handle.database, fixedClock);
    store = createKyselyStore(handle.database, { now: fixedClock });
  });

  afterEach(async () => {
    await handle.destroy();
  });

  test('stores an assignment once per login, level, scope and start, whatever the case of the login', async () => {
    const first = await roles.addRoleAssignment(
      {
        login: 'Alice',
        level: 'reviewer',
        scope: 'org/app/pkg',
        since: '2025-01-01T00:00:00Z',
        decision: 'PR #12',
        previousLevel: null,
      },
      'refuse',
    );
    if (first.kind !== 'added') throw new Error(`expected the first assignment added, got ${first.kind}`);
    expect(first).toEqual({
      kind: 'added',
      assignment: {
        id: first.assignment.id,
        login: 'Alice',
        level: 'reviewer',
        scope: 'org/app/pkg',
        since: '2025-01-01T00:00:00Z',
        until: null,
        decision: 'PR #12',
        endedBy: null,
        previousLevel: null,
      },
    });
    const again = await roles.addRoleAssignment(
      {
        login: 'alice',
        level: 'reviewer',
        scope: 'org/app/pkg',
        since: '2025-01-01T00:00:00Z',
        decision: null,
        previousLevel: null,
      },
      'refuse',
    );
    expect(again).toEqual({ kind: 'unchanged', assignment: first.assignment });
    await roles.addRoleAssignment(
      {
        login: 'bob',
        level: 'member',
        scope: null,
        since: '2024-01-01T00:00:00Z',
        decision: null,
        previousLevel: null,
      },
      'refuse',
    );
    await roles.endRoleAssignment(first.assignment.id, '2025-06-01T00:00:00Z', 'inactive');
    expect(
      (await roles.readRoleAssignments()).map((a) => [a.login, a.level, a.scope, a.until, a.endedBy]),
    ).toEqual([
      ['bob', 'member', null, null, null],
      ['Alice', 'reviewer', 'org/app/pkg', '2025-06-01T00:00:00Z', 'inactive'],
    ]);
  });

  test('refuses times not written the way rungs stores them', async () => {
    await expect(
      roles.addRoleAssignment(
        {
          login: 'a',
          level: 'member',
          scope: null,
          since: '2025-01-01',
          decision: null,
          previousLevel: null,
        },
        'refuse',
      ),
    ).rejects.toThrow(RangeError);
  });

  const holding = (since: string, until: string | null, decision: string | null = null) => ({
    login: 'carol',
    level: 'maintainer',
    scope: null,
    since,
    until,
    decision,
    previousLevel: null,
  });
  const ranges = async () =>
    (await roles.readRoleAssignments()).map((a) => [a.login, a.level, a.since, a.until, a.decision]);

  test('refuses an assignment overlapping one of the same person, level and scope, storing nothing', async () => {
    await roles.addRoleAssignment(holding('2025-01-01T00:00:00Z', null, 'vote 1'), 'refuse');
    // Another scope, another level and a range that only touches are no overlap.
    await roles.addRoleAssignment({ ...holding('2025-03-01T00:00:00Z', null), scope: 'org/app' }, 'refuse');
    await roles.addRoleAssignment({ ...holding('2025-03-01T00:00:00Z', null), level: 'member' }, 'refuse');
    await roles.addRoleAssignment(holding('2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z'), 'refuse');
    const before = await roles.readRoleAssignments();
    const refused = await roles.addRoleAssignment(holding('2025-06-01T00:00:00Z', null, 'vote 2'), 'refuse');
    expect(refused).toMatchObject({
      kind: 'refused',
      overlapped: [{ login: 'carol', since: '2025-01-01T00:00:00Z', until: null, decision: 'vote 1' }],
    });
    // The case of the login does not make it another person.
    expect(
      (
        await roles.addRoleAssignment(
          { ...holding('2024-06-01T00:00:00Z', '2024-07-01T00:00:00Z'), login: 'CAROL' },
          'refuse',
        )
      ).kind,
    ).toBe('refused');
    expect(await roles.readRoleAssignments()).toEqual(before);
  });

  test('merges overlapping assignments into one from the earliest start to the latest end', async () => {
    await roles.addRoleAssignment(holding('2024-01-01T00:00:00Z', '2024-07-01T00:00:00Z', 'vote 1'), 'merge');
    await roles.addRoleAssignment(holding('2024-09-01T00:00:00Z', '2025-01-01T00:00:00Z'), 'merge');
    const bridge = await roles.addRoleAssignment(
      holding('2024-06-01T00:00:00Z', '2024-10-01T00:00:00Z'),
      'merge',
    );
    expect(bridge).toMatchObject({
      kind: 'merged',
      assignment: { since: '2024-01-01T00:00:00Z', until: '2025-01-01T00:00:00Z', decision: 'vote 1' },
      overlapped: [
        { since: '2024-01-01T00:00:00Z', until: '2024-07-01T00:00:00Z' },
        { since: '2024-09-01T00:00:00Z', until: '2025-01-01T00:00:00Z' },
      ],
    });
    expect(await ranges()).toEqual([
      ['carol', 'maintainer', '2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z', 'vote 1'],
    ]);
    // A range inside the merged one changes nothing; an open one from within it keeps the start.
    expect(
      (await roles.addRoleAssignment(holding('2024-02-01T00:00:00Z', '2024-03-01T00:00:00Z'), 'merge')).kind,
    ).toBe('covered');
    const opened = await roles.addRoleAssignment(holding('2024-12-01T00:00:00Z', null), 'merge');
    expect(opened).toMatchObject({
      kind: 'merged',
      assignment: { since: '2024-01-01T00:00:00Z', until: null },
    });
    // An earlier start moves the kept assignment's start (its natural key) without a conflict.
    await roles.addRoleAssignment(holding('2023-06-01T00:00:00Z', '2024-02-01T00:00:00Z'), 'merge');
    expect(await ranges()).toEqual([['carol', 'maintainer', '2023-06-01T00:00:00Z', null, 'vote 1']]);
  });

  test('reads everyone’s meeting attendance with its series, in chunks ordered by time', async () => {
    const meetings = ['2026-01-08', '2026-01-15', '2026-01-22'].flatMap((day, index) => [
      activityRecord(
        {
          key: `meeting_attended:a${index}`,
          kind: 'meeting_attended',
          actor: githubActor(1, 'alice'),
          occurredAt: `${day}T16:00:00Z`,
          details: { series: 'weekly' },
        },
        'activities',
      ),
      activityRecord(
        {
          key: `meeting_attended:b${index}`,
          kind: 'meeting_attended',
          actor: githubActor(2, 'bob'),
          occurredAt: `${day}T16:00:00Z`,
          details: {},
        },
        'activities',
      ),
    ]);
    await store.writeBatch([
      ...meetings,
      activityRecord({
        key: 'issue_comment:1',
        actor: githubActor(1, 'alice'),
        occurredAt: '2026-01-09T00:00:00Z',
      }),
    ]);
    const read: MeetingAttendance[] = [];
    for await (const chunk of roles.readMeetingAttendance({ from: '2026-01-10T00:00:00Z', to: null }))
      read.push(...chunk);
    expect(read).toEqual([
      { series: 'weekly', occurredAt: '2026-01-15T16:00:00Z' },
      { series: null, occurredAt: '2026-01-15T16:00:00Z' },
      { series: 'weekly', occurredAt: '2026-01-22T16:00:00Z' },
      { series: null, occurredAt: '2026-01-22T16:00:00Z' },
    ]);
  });

  test('evaluates one person and everyone from the stores alike, resolving roles and sponsors by login', async () => {
    const alice = githubActor(1, 'alice');
    const bob = githubActor(2, 'bob');
    await store.writeBatch([
      activityRecord({
        key: 'pr_opened:org/app#1',
        kind: 'pr_opened',
        actor: alice,
        occurredAt: '2025-11-01T00:00:00Z',
        repo: 'org/app',
        itemNumber: 1,
      }),
      activityRecord({
        key: 'pr_opened:org/app#2',
        kind: 'pr_opened',
        actor: alice,
        occurredAt: '2025-11-02T00:00:00Z',
        repo: 'org/app',
        itemNumber: 2,
      }),
      activityRecord(
        {
          key: 'sponsorship:s1',
          kind: 'sponsorship',
          actor: alice,
          occurredAt: '2025-11-03T00:00:00Z',
          details: { grantedBy: 'BOB' },
        },
        'activities',
      ),
      ...['2025-11-06', '2025-11-13'].map((day, index) =>
        activityRecord(
          {
            key: `meeting_attended:m${index}`,
            kind: 'meeting_attended',
            actor: bob,
            occurredAt: `${day}T00:00:00Z`,
            details: { series: 'weekly' },
          },
          'activities',
        ),
      ),
    ]);
    await roles.addRoleAssignment(
      {
        login: 'bob',
        level: 'maintainer',
        scope: null,
        since: '2025-01-01T00:00:00Z',
        decision: null,
        previousLevel: null,
      },
      'refuse',
    );
    await roles.addRoleAssignment(
      {
        login: 'zed',
        level: 'member',
        scope: null,
        since: '2025-01-01T00:00:00Z',
        decision: null,
        previousLevel: null,
      },
      'refuse',
    );
    const stores = { activities: store, roles, meetings: roles, groups: store };
    const query = { policy: POLICY, rules: RULES, asOf: '2025-12-01T00:00:00Z' };

    const status = await readPersonLadderStatus(stores, 'Alice', query);
    expect(status.next).toMatchObject([{ level: 'member', eligibility: 'eligible' }]);
    const bobStatus = await readPersonLadderStatus(stores, 'bob', query);
    expect(bobStatus.level).toMatchObject({ level: 'maintainer' });
    const zed = await readPersonLadderStatus(stores, 'zed', query);
    expect(zed.person).toMatchObject({ login: 'zed', id: -1 });
    // Zed has no acts at all; the meetings held are known from everyone's attendance.
    expect(zed.next[0]).toMatchObject({
      level: 'maintainer',
      eligibility: 'not_eligible',
      trace: { children: [{ observed: 0, notes: [{ kind: 'meetings', attended: 0, held: 2 }] }] },
    });

    const everyone = await readCommunityLadder(stores, query);
    expect(everyone.people).toBe(3);
    expect(everyone.holders).toEqual({ member: 1, maintainer: 1, emeritus: 0 });
    expect(everyone.eligible.map((entry) => [entry.login, entry.level, entry.eligibility])).toEqual([
      ['alice', 'member', 'eligible'],
    ]);
    expect(everyone.evaluations).toBeNull();

    // One reader for many people (a static export) gives each the same evaluation, reading the
    // roster once and looking each login up once however many people it evaluates.
    let rosterReads = 0;
    const lookups: string[] = [];
    const counted = {
      ...stores,
      roles: Object.assign(Object.create(roles) as KyselyRoleStore, {
        readRoleAssignments: () => {
          rosterReads++;
          return roles.readRoleAssignments();
        },
      }),
      activities: Object.assign(Object.create(store) as Store, {
        findPersonByLogin: (login: string) => {
          lookups.push(login.toLowerCase());
          return store.findPersonByLogin(login);
        },
      }),
    };
    const read = await openPersonLadderReader(counted, query);
    for (const login of ['Alice', 'bob', 'zed', 'alice']) {
      expect(await read(login), login).toEqual(await readPersonLadderStatus(stores, login, query));
    }
    await expect(read('nobody')).rejects.toThrow('no person with the login "nobody"');
    expect(rosterReads).toBe(1);
    expect(lookups.sort()).toEqual(['alice', 'bob', 'nobody', 'zed']);
  });
}

await describeOnEachDialect('ladder storage', ladderStorageContract);
