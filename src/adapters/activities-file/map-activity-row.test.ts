import { describe, expect, test } from 'vitest';
import {
  type ActivityFileRow,
  mapActivityRow,
  parseActivityRow,
  toActivityKey,
  toActivitySourceRecord,
  toActivityTime,
} from './map-activity-row.ts';

function valid(values: Record<string, unknown>): ActivityFileRow {
  const parsed = parseActivityRow(values);
  if (parsed.kind !== 'valid')
    throw new Error(`expected a valid row, got ${JSON.stringify(parsed.problems)}`);
  return parsed.row;
}

function problemsOf(values: Record<string, unknown>): readonly { field: string; message: string }[] {
  const parsed = parseActivityRow(values);
  return parsed.kind === 'invalid' ? parsed.problems : [];
}

const MEETING = { kind: 'meeting_attended', login: 'alice', date: '2024-05-02', series: 'community-call' };
const BONUS = {
  kind: 'bonus',
  login: 'alice',
  date: '2024-05-02',
  points: '500',
  granted_by: 'maint',
  reason: 'ran the release',
};

describe('toActivityTime', () => {
  test('reads a day as midnight UTC', () => {
    expect(toActivityTime('2024-05-02')).toBe('2024-05-02T00:00:00Z');
  });

  test('converts a datetime with an offset to UTC and drops fractions of a second', () => {
    expect(toActivityTime('2024-05-02T01:30:00+02:00')).toBe('2024-05-01T23:30:00Z');
    expect(toActivityTime('2024-05-02T22:15-0530')).toBe('2024-05-03T03:45:00Z');
    expect(toActivityTime('2024-05-02 10:00:00.999Z')).toBe('2024-05-02T10:00:00Z');
  });

  test('refuses impossible days, times without an offset and other text', () => {
    expect(toActivityTime('2023-02-29')).toBeNull();
    expect(toActivityTime('2024-05-02T24:00:00Z')).toBeNull();
    expect(toActivityTime('2024-05-02T10:00:00')).toBeNull();
    expect(toActivityTime('02/05/2024')).toBeNull();
    expect(toActivityTime('yesterday')).toBeNull();
  });
});

describe('parseActivityRow', () => {
  test('trims text, drops blank fields, removes a leading @ and lower-cases the repository', () => {
    expect(
      valid({
        ...MEETING,
        login: ' @Alice ',
        email: '',
        title: ' Community call ',
        repo: 'KubeStellar/UI',
        url: null,
      }),
    ).toEqual({
      kind: 'meeting_attended',
      login: 'Alice',
      date: '2024-05-02',
      title: 'Community call',
      series: 'community-call',
      repo: 'kubestellar/ui',
    });
  });

  test('accepts an email instead of a login', () => {
    expect(valid({ kind: 'talk_given', email: 'alice@example.com', date: '2024-05-02' }).email).toBe(
      'alice@example.com',
    );
  });

  test('reports every problem of a row at once, each at its field', () => {
    expect(
      problemsOf({
        kind: 'meeting',
        login: 'not a login',
        email: 'nope',
        date: 'yesterday',
        url: 'ftp://example.com/x',
        repo: 'just-a-name',
        title: 12,
      }),
    ).toEqual([
      {
        field: 'kind',
        message:
          'expected one of meeting_attended, talk_given, newcomer_onboarded, content_published, bonus, attestation, sponsorship, got "meeting"',
      },
      { field: 'login', message: 'expected a GitHub login, got "not a login"' },
      { field: 'email', message: 'expected an email address, got "nope"' },
      { field: 'date', message: 'expected YYYY-MM-DD or an ISO datetime, got "yesterday"' },
      { field: 'title', message: 'expected text, got 12' },
      { field: 'url', message: 'expected an http(s) URL, got "ftp://example.com/x"' },
      { field: 'repo', message: 'expected owner/name, got "just-a-name"' },
    ]);
  });

  test('requires a kind, a date and a login or an email', () => {
    expect(problemsOf({ title: 'x' })).toEqual([
      {
        field: 'kind',
        message:
          'required; one of meeting_attended, talk_given, newcomer_onboarded, content_published, bonus, attestation, sponsorship',
      },
      { field: 'login', message: 'login or email is required' },
      { field: 'date', message: 'required: YYYY-MM-DD or an ISO datetime' },
    ]);
  });

  test('explains dates that look right but are not', () => {
    expect(problemsOf({ ...MEETING, date: '2024-02-30' })).toEqual([
      { field: 'date', message: 'not a real date and time: "2024-02-30"' },
    ]);
    expect(problemsOf({ ...MEETING, date: '2024-02-03T10:00' })).toEqual([
      { field: 'date', message: 'expected a datetime with an offset (Z or +02:00), got "2024-02-03T10:00"' },
    ]);
  });

  test('does not count a rejected login as missing', () => {
    expect(problemsOf({ ...MEETING, login: 'a b' }).map((problem) => problem.field)).toEqual(['login']);
  });
});

describe('bonus rows', () => {
  test('carry whole points, possibly negative to take points back, with who granted them and why', () => {
    expect(valid(BONUS).points).toBe(500);
    expect(valid({ ...BONUS, points: ' -200 ' }).points).toBe(-200);
    expect(valid({ ...BONUS, points: 300 }).points).toBe(300);
  });

  test('need points, granted_by and reason', () => {
    expect(problemsOf({ kind: 'bonus', login: 'alice', date: '2024-05-02' })).toEqual([
      { field: 'points', message: 'required for bonus' },
      { field: 'granted_by', message: 'required for bonus' },
      { field: 'reason', message: 'required for bonus' },
    ]);
  });

  test('carry up to a million points either way', () => {
    expect(valid({ ...BONUS, points: '1000000' }).points).toBe(1_000_000);
    expect(valid({ ...BONUS, points: '-1000000' }).points).toBe(-1_000_000);
  });

  test('refuse points that are not a whole number from 1 to a million, or its negative', () => {
    for (const points of ['1.5', '0', 'lots', 2.5, '1e3', '1000001', '-1000001', '9007199254740991', 1e21]) {
      expect(problemsOf({ ...BONUS, points })).toEqual([
        {
          field: 'points',
          message: `expected a whole number from 1 to 1,000,000 (or its negative to take points back), got ${JSON.stringify(points)}`,
        },
      ]);
    }
  });

  test('are the only rows with points, granted_by or reason', () => {
    expect(problemsOf({ ...MEETING, points: '5', reason: 'kind' })).toEqual([
      { field: 'points', message: 'only bonus rows have points, not meeting_attended' },
      { field: 'reason', message: 'only bonus rows have reason, not meeting_attended' },
    ]);
  });

  test('keep points, grantor and reason in the activity details', () => {
    const record = toActivitySourceRecord(valid(BONUS));
    expect(record.observations[1]).toMatchObject({
      kind: 'activity',
      activity: { kind: 'bonus', details: { points: 500, grantedBy: 'maint', reason: 'ran the release' } },
    });
  });
});

describe('newcomer_onboarded rows', () => {
  test('may name the newcomer, and only they may', () => {
    const row = valid({ kind: 'newcomer_onboarded', login: 'alice', date: '2024-05-02', newcomer: '@bob' });
    expect(toActivitySourceRecord(row).observations[1]).toMatchObject({
      activity: { details: { newcomer: 'bob' } },
    });
    expect(problemsOf({ ...MEETING, newcomer: 'bob' })).toEqual([
      { field: 'newcomer', message: 'only newcomer_onboarded rows name a newcomer, not meeting_attended' },
    ]);
  });
});

describe('activity keys', () => {
  test('use the row id when there is one', () => {
    expect(toActivityKey(valid({ ...MEETING, id: 'call-2024-05-02-alice' }))).toBe(
      'meeting_attended:call-2024-05-02-alice',
    );
    expect(toActivityKey(valid({ ...MEETING, id: 17 }))).toBe('meeting_attended:17');
  });

  test('are the same for the same act however it is written', () => {
    const key = toActivityKey(valid(MEETING));
    expect(key).toMatch(/^meeting_attended:row-[0-9a-f]{20}$/);
    expect(toActivityKey(valid({ ...MEETING, login: '@ALICE', date: '2024-05-02T02:00:00+02:00' }))).toBe(
      key,
    );
    expect(toActivityKey(valid({ ...MEETING, url: 'https://example.com/notes' }))).toBe(key);
  });

  test('differ for different acts by the same person on the same day', () => {
    const key = toActivityKey(valid(MEETING));
    expect(toActivityKey(valid({ ...MEETING, series: 'maintainers-sync' }))).not.toBe(key);
    expect(toActivityKey(valid({ ...MEETING, login: 'bob' }))).not.toBe(key);
    expect(toActivityKey(valid({ ...MEETING, date: '2024-05-03' }))).not.toBe(key);
    expect(toActivityKey(valid({ ...MEETING, title: 'Special session' }))).not.toBe(key);
    expect(toActivityKey(valid(BONUS))).not.toBe(
      toActivityKey(valid({ ...BONUS, reason: 'mentored two people' })),
    );
  });
});

describe('toActivitySourceRecord and mapActivityRow', () => {
  test('observe the person and the activity under the activity key, with the row as payload', () => {
    const row = valid({
      ...MEETING,
      id: 'm1',
      email: 'alice@example.com',
      url: 'https://example.com/notes',
      repo: 'o/r',
    });
    expect(toActivitySourceRecord(row)).toEqual({
      source: 'activities',
      key: 'meeting_attended:m1',
      occurredAt: '2024-05-02T00:00:00Z',
      payload: row,
      observations: [
        { kind: 'actor', actor: { login: 'alice', email: 'alice@example.com' } },
        {
          kind: 'activity',
          activity: {
            key: 'meeting_attended:m1',
            kind: 'meeting_attended',
            actor: { login: 'alice', email: 'alice@example.com' },
            occurredAt: '2024-05-02T00:00:00Z',
            repo: 'o/r',
            itemNumber: null,
            url: 'https://example.com/notes',
            details: { series: 'community-call' },
          },
        },
      ],
    });
  });

  test('map a stored payload again to the same observations', () => {
    const record = toActivitySourceRecord(valid(BONUS));
    expect(mapActivityRow(JSON.parse(JSON.stringify(record.payload)))).toEqual({
      kind: 'mapped',
      observations: record.observations,
    });
  });

  test('refuse a stored payload that today’s rules reject, saying why', () => {
    expect(() => mapActivityRow({ kind: 'bonus', login: 'alice', date: '2024-05-02' })).toThrow(
      'not a valid activities row: points: required for bonus; granted_by: required for bonus; reason: required for bonus',
    );
    expect(() => mapActivityRow('row')).toThrow('not an activities row: expected an object');
  });
});

describe('attestation and sponsorship rows', () => {
  const ATTESTATION = {
    kind: 'attestation',
    login: 'carol',
    date: '2026-03-01',
    granted_by: '@Mentor1',
    attestation: 'Mentor_Recommendation',
    level: 'paid-mentee',
  };
  const SPONSORSHIP = {
    kind: 'sponsorship',
    login: 'carol',
    date: '2026-03-02',
    granted_by: 'rev1',
    affiliation: 'Acme',
  };

  test('credit the person they are about and keep who gave them, what and for which level in the details', () => {
    const record = toActivitySourceRecord(valid(ATTESTATION));
    expect(record.observations[1]).toMatchObject({
      kind: 'activity',
      activity: {
        kind: 'attestation',
        actor: { login: 'carol' },
        details: { grantedBy: 'Mentor1', attestation: 'mentor_recommendation', level: 'paid-mentee' },
      },
    });
    expect(toActivitySourceRecord(valid(SPONSORSHIP)).observations[1]).toMatchObject({
      activity: { kind: 'sponsorship', details: { grantedBy: 'rev1', affiliation: 'Acme' } },
    });
  });

  test('need who gave them, and an attestation names what it attests', () => {
    expect(problemsOf({ kind: 'attestation', login: 'carol', date: '2026-03-01' })).toEqual([
      { field: 'granted_by', message: 'required for attestation' },
      { field: 'attestation', message: 'required for attestation (what it attests)' },
    ]);
    expect(problemsOf({ kind: 'sponsorship', login: 'carol', date: '2026-03-01' })).toEqual([
      { field: 'granted_by', message: 'required for sponsorship' },
    ]);
  });

  test('keep their own columns to themselves', () => {
    expect(
      problemsOf({ ...MEETING, granted_by: 'x', attestation: 'a', level: 'maintainer', affiliation: 'Acme' }),
    ).toEqual([
      {
        field: 'granted_by',
        message: 'only bonus, attestation and sponsorship rows have granted_by, not meeting_attended',
      },
      { field: 'attestation', message: 'only attestation rows have attestation, not meeting_attended' },
      { field: 'level', message: 'only attestation and sponsorship rows name a level, not meeting_attended' },
      { field: 'affiliation', message: 'only sponsorship rows have affiliation, not meeting_attended' },
    ]);
    expect(problemsOf({ ...ATTESTATION, affiliation: 'Acme', points: '3' }).map((p) => p.field)).toEqual([
      'points',
      'affiliation',
    ]);
  });

  test('get keys that differ by giver, so two sponsors of one person on one day are two records', () => {
    const first = toActivityKey(valid(SPONSORSHIP));
    const second = toActivityKey(valid({ ...SPONSORSHIP, granted_by: 'rev2' }));
    expect(first).not.toBe(second);
    expect(toActivityKey(valid(SPONSORSHIP))).toBe(first);
  });

  test('leave the keys of rows of other kinds as they were', () => {
    // The key this row had before attestation and sponsorship rows existed.
    expect(toActivityKey(valid(MEETING))).toBe('meeting_attended:row-9ee067d85d18409ceb91');
  });
});
