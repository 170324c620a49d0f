import { afterEach, beforeEach, expect, test } from 'vitest';
import { createDemoGroups } from '../src/adapters/demo/create-demo-groups.ts';
import { createSeededRandom } from '../src/adapters/demo/seeded-random.ts';
import { loadLadderPreset } from '../src/adapters/presets/load-ladder-preset.ts';
import { KyselyChangeFeed } from '../src/adapters/storage/kysely-change-feed.ts';
import { KyselyRoleStore } from '../src/adapters/storage/kysely-role-store.ts';
import { createKyselyStore, type Store } from '../src/adapters/storage/kysely-store.ts';
import { addRecordChanges, type ItemRef } from '../src/app/change-feed.ts';
import {
  createCommunityLadderKeeper,
  type IndexUpdate,
  type LadderChanges,
} from '../src/app/ladder/community-ladder-keeper.ts';
import { readCommunityLadder } from '../src/app/ladder/evaluate-ladder.ts';
import { rulesForPolicy } from '../src/compose/ladder-services.ts';
import type { ActivityKind } from '../src/core/activity.ts';
import type { CommunityEvaluation } from '../src/core/ladder/evaluate-community.ts';
import type { SourceRecord } from '../src/core/source-record.ts';
import {
  activityObservation,
  githubActor,
  itemObservation,
  sourceRecord,
} from './support/source-record-builders.ts';
import { describeOnEachDialect, type StorageTarget, type TargetDatabase } from './support/storage-targets.ts';

// The kept ladder index against real SQLite and PostgreSQL: after every round of new records, the
// keeper told who the records touched (as the dashboard works it out) evaluates everyone exactly
// as reading everything again does.

const KINDS: readonly ActivityKind[] = [
  'pr_opened',
  'pr_merged',
  'pr_reviewed',
  'issue_opened',
  'issue_comment',
  'meeting_attended',
  'sponsorship',
  'attestation',
];

function keeperContract(target: StorageTarget): void {
  let handle: TargetDatabase;
  let store: Store;
  let roles: KyselyRoleStore;
  let feed: KyselyChangeFeed;

  beforeEach(async () => {
    handle = await target.create();
    store = createKyselyStore(handle.database);
    roles = new KyselyRoleStore(handle.database);
    feed = new KyselyChangeFeed(handle.database);
  });

  afterEach(async () => {
    await handle.destroy();
  });

  test('patches the kept index round after round and evaluates as a full read does, under both kubestellar presets and kubernetes', async () => {
    for (const preset of ['kubernetes', 'kubestellar', 'kubestellar-pathway']) {
      const policy = loadLadderPreset(preset);
      const rules = rulesForPolicy(policy);
      const random = createSeededRandom(preset.length * 7919);
      const stores = { activities: store, roles, meetings: roles, groups: store };
      await store.replaceGroups(createDemoGroups('org'));
      const updates: IndexUpdate[] = [];
      const keeper = createCommunityLadderKeeper(stores, feed, {
        policy,
        rules,
        onIndex: (update) => updates.push(update),
      });
      const logins = Array.from({ length: 12 }, (_, index) => `${preset}-p${index}`);
      for (const [index, login] of logins.slice(0, 3).entries()) {
        await roles.addRoleAssignment(
          {
            login,
            level: policy.levels[Math.min(index + 1, policy.levels.length - 1)]!.id,
            scope: null,
            since: '2025-01-01T00:00:00Z',
            decision: null,
            previousLevel: null,
          },
          'refuse',
        );
      }
      let serial = 0;
      let day = 0;
      const recordsOfRound = (size: number): SourceRecord[] =>
        Array.from({ length: size }, () => {
          serial++;
          day += random.int(0, 2);
          const occurredAt = new Date(Date.UTC(2025, 6, 1 + day, random.int(0, 23)))
            .toISOString()
            .replace('.000Z', 'Z');
          const person = random.int(0, logins.length - 1);
          const actor = githubActor(1000 * preset.length + person, logins[person]!);
          const kind = KINDS[random.int(0, KINDS.length - 1)]!;
          const number = random.int(1, 6);
          const onItem = kind.startsWith('pr_') || kind.startsWith('issue_');
          const giver = logins[random.int(0, 2)]!;
          const details =
            kind === 'meeting_attended'
              ? { series: random.int(0, 1) === 0 ? 'community-call' : 'maintainers' }
              : kind === 'pr_reviewed'
                ? { reviewState: random.int(0, 1) === 0 ? 'approved' : 'commented' }
                : kind === 'sponsorship' || kind === 'attestation'
                  ? {
                      grantedBy: giver,
                      attestation: 'mentor_recommendation',
                      affiliation: `co${random.int(0, 2)}`,
                    }
                  : {};
          const observations = [
            activityObservation({
              key: `${kind}:${serial}`,
              kind,
              actor,
              occurredAt,
              repo: onItem ? `org/repo${number % 3}` : null,
              itemNumber: onItem ? number : null,
              details,
            }),
          ];
          // Items are relabelled now and then: the people with acts on them are touched too.
          if (onItem)
            observations.push(
              itemObservation({
                repo: `org/repo${number % 3}`,
                number,
                type: kind.startsWith('pr_') ? 'pr' : 'issue',
                observedAt: occurredAt,
                labels: random.int(0, 2) === 0 ? ['help wanted'] : ['kind/bug'],
                state: 'open',
              }),
            );
          return sourceRecord(`r:${serial}`, occurredAt, observations, onItem ? 'gharchive' : 'activities');
        });

      const byLogin = (evaluation: CommunityEvaluation) =>
        new Map(evaluation.evaluations!.map((person) => [person.person.login, person] as const));
      /** What the records written since the last call touched, as the dashboard's watch gives it. */
      const touchedSince = async (): Promise<LadderChanges> => {
        const touched = { keys: [] as string[], items: [] as ItemRef[] };
        for (const record of written.splice(0)) addRecordChanges(record.observations, touched);
        return touched;
      };
      const written: SourceRecord[] = [];
      const write = async (records: SourceRecord[]) => {
        written.push(...records);
        await store.writeBatch(records);
      };

      await write(recordsOfRound(60));
      for (let round = 0; round < 6; round++) {
        const asOf = new Date(Date.UTC(2025, 6, 2 + day)).toISOString().replace('.000Z', 'Z');
        const changed = round === 0 ? 'all' : await touchedSince();
        if (round === 0) await touchedSince();
        // Every person's whole evaluation: each requirement's observed value, trace and evidence.
        const kept = await keeper.evaluate(asOf, changed, { includeEvaluations: true });
        const full = await readCommunityLadder(stores, { policy, rules, asOf }, { includeEvaluations: true });
        expect(byLogin(kept), `${preset}, round ${round}`).toEqual(byLogin(full));
        expect({ ...kept, evaluations: null }).toEqual({ ...full, evaluations: null });
        await write(recordsOfRound(random.int(1, 12)));
        if (round === 3) {
          // Somebody turns out to be a bot: the rules now exclude them, which a patch cannot show.
          const bot = await store.findPersonByLogin(logins[5]!);
          await store.setBot(bot!.id, true);
        }
      }
      // An act stored ahead of its time comes due later, with no new record telling of it.
      const dayAfter = (offset: number) =>
        new Date(Date.UTC(2025, 6, 1 + day + offset)).toISOString().replace('.000Z', 'Z');
      await write([
        sourceRecord(
          'r:ahead',
          dayAfter(10),
          [
            activityObservation({
              key: 'talk_given:ahead',
              kind: 'talk_given',
              actor: githubActor(1000 * preset.length + 7, logins[7]!),
              occurredAt: dayAfter(10),
            }),
          ],
          'activities',
        ),
      ]);
      for (const asOf of [dayAfter(2), dayAfter(20)]) {
        const kept = await keeper.evaluate(asOf, await touchedSince(), { includeEvaluations: true });
        const full = await readCommunityLadder(stores, { policy, rules, asOf }, { includeEvaluations: true });
        expect(byLogin(kept), `${preset}, at ${asOf}`).toEqual(byLogin(full));
      }
      expect(updates.map((update) => update.kind)).toEqual([
        'built',
        'patched',
        'patched',
        'patched',
        'built',
        'patched',
        'patched',
        'patched',
      ]);
      expect(updates[4]).toEqual({ kind: 'built', reason: `whether ${logins[5]} is excluded changed` });
    }
  });

  test('evaluations asked for at once run one after another, each from the index the last left', async () => {
    const policy = loadLadderPreset('kubestellar');
    const rules = rulesForPolicy(policy);
    const stores = { activities: store, roles, meetings: roles, groups: store };
    const updates: IndexUpdate[] = [];
    const keeper = createCommunityLadderKeeper(stores, feed, {
      policy,
      rules,
      onIndex: (update) => updates.push(update),
    });
    const talk = (key: string, login: string, occurredAt: string) =>
      sourceRecord(
        key,
        occurredAt,
        [
          activityObservation({
            key,
            kind: 'talk_given',
            actor: githubActor(login.length, login),
            occurredAt,
          }),
        ],
        'activities',
      );
    await store.writeBatch([talk('talk_given:1', 'ann', '2026-01-05T00:00:00Z')]);
    const first = keeper.evaluate('2026-02-01T00:00:00Z', 'all');
    await store.writeBatch([talk('talk_given:2', 'bo', '2026-01-06T00:00:00Z')]);
    const second = keeper.evaluate('2026-02-01T00:00:00Z', { keys: ['talk_given:2'], items: [] });
    await Promise.all([first, second]);
    expect(await second).toEqual(
      await readCommunityLadder(stores, { policy, rules, asOf: '2026-02-01T00:00:00Z' }),
    );
    expect(updates.map((update) => update.kind)).toEqual(['built', 'patched']);
  });
}

await describeOnEachDialect('ladder keeper', keeperContract);
