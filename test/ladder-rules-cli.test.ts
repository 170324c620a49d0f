import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runRungs } from './support/run-rungs.ts';

// The ladders' published rules (reference ladders.md 1b, 1c, 2a), end to end through
// `rungs status --format json`: GH Archive events, an activities file and a roster imported into a
// real SQLite database for each community, and the real composition run in process.

const NOW = '2026-06-30T12:00:00Z';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rungs-ladder-rules-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Account {
  readonly login: string;
  readonly id: number;
}

let eventId = 0;
function event(type: string, actor: Account, repo: string, createdAt: string, payload: object): string {
  eventId++;
  return JSON.stringify({
    id: String(eventId),
    type,
    actor: { login: actor.login, id: actor.id, type: 'User' },
    repo: { id: repo.length, name: repo, url: `https://api.github.com/repos/${repo}` },
    payload,
    public: true,
    created_at: createdAt,
  });
}

/** A PR opened at 10:00 and merged at 12:00 on `day`: two events, one PR. */
function mergedPr(author: Account, repo: string, number: number, day: string): string[] {
  const user = { login: author.login, id: author.id, type: 'User' };
  const pr = {
    number,
    title: `Change ${number}`,
    user,
    labels: [],
    state: 'closed',
    created_at: `${day}T10:00:00Z`,
    closed_at: `${day}T12:00:00Z`,
    merged_at: `${day}T12:00:00Z`,
    merged: true,
    merged_by: user,
    html_url: `https://github.com/${repo}/pull/${number}`,
  };
  const open = { ...pr, state: 'open', closed_at: null, merged_at: null, merged: false, merged_by: null };
  return [
    event('PullRequestEvent', author, repo, `${day}T10:00:00Z`, {
      action: 'opened',
      number,
      pull_request: open,
    }),
    event('PullRequestEvent', author, repo, `${day}T12:00:00Z`, {
      action: 'closed',
      number,
      pull_request: pr,
    }),
  ];
}

function openedIssue(author: Account, repo: string, number: number, day: string, labels: string[]): string {
  return event('IssuesEvent', author, repo, `${day}T09:00:00Z`, {
    action: 'opened',
    issue: {
      number,
      title: `Issue ${number}`,
      user: { login: author.login, id: author.id, type: 'User' },
      labels: labels.map((name) => ({ name })),
      state: 'open',
      created_at: `${day}T09:00:00Z`,
      html_url: `https://github.com/${repo}/issues/${number}`,
    },
  });
}

function review(reviewer: Account, repo: string, number: number, author: Account, day: string): string {
  const pr = {
    number,
    title: `Change ${number}`,
    user: { login: author.login, id: author.id, type: 'User' },
    labels: [],
    state: 'open',
    created_at: `${day}T08:00:00Z`,
    html_url: `https://github.com/${repo}/pull/${number}`,
  };
  return event('PullRequestReviewEvent', reviewer, repo, `${day}T11:00:00Z`, {
    action: 'created',
    review: {
      id: 70_000 + number,
      user: { login: reviewer.login, id: reviewer.id, type: 'User' },
      state: 'approved',
      submitted_at: `${day}T11:00:00Z`,
      html_url: `https://github.com/${repo}/pull/${number}#pullrequestreview-${70_000 + number}`,
    },
    pull_request: pr,
  });
}

/** A community in its own database: GH Archive events, activity rows (CSV lines after the header) and a roster. */
interface Community {
  readonly events: readonly string[];
  readonly activities: readonly string[];
  readonly roster: readonly string[];
  readonly preset: string;
}

const ACTIVITY_HEADER = 'id,kind,login,date,series,granted_by,attestation,level,affiliation';

async function createCommunity(name: string, community: Community): Promise<string> {
  const db = join(dir, `${name}.db`);
  const expectDone = async (args: string[]): Promise<void> => {
    const run = await runRungs(db, NOW, args);
    if (run.failed !== null) throw new Error(`rungs ${args.join(' ')}: ${String(run.failed)}\n${run.err}`);
  };
  if (community.events.length > 0) {
    const file = join(dir, `${name}-2026-01-01-0.json`);
    await writeFile(file, `${community.events.join('\n')}\n`);
    await expectDone(['import', 'gharchive', file, '--all']);
  }
  if (community.activities.length > 0) {
    const file = join(dir, `${name}-activities.csv`);
    await writeFile(file, `${[ACTIVITY_HEADER, ...community.activities].join('\n')}\n`);
    await expectDone(['import', 'activities', file]);
  }
  const roster = join(dir, `${name}-roster.yaml`);
  await writeFile(roster, `roles:\n${community.roster.map((line) => `  - ${line}`).join('\n')}\n`);
  await expectDone(['roles', 'import', roster, '--preset', community.preset]);
  return db;
}

/** What `rungs status <login> --format json` says (the parts these tests read). */
interface StatusJson {
  readonly level: {
    readonly standing: {
      readonly kind: string;
      readonly missedCycles?: number;
      readonly deadline?: string;
      readonly lastCycle?: { readonly from: string; readonly to: string };
    };
  } | null;
  readonly inactivity: { readonly kind: string; readonly graceEndsAt: string } | null;
  readonly emeritus: { readonly reinstatement: Candidate | null } | null;
  readonly next: readonly Candidate[];
}
interface Candidate {
  readonly level: string;
  readonly scope: string | null;
  readonly eligibility: string;
  readonly trace: Trace;
}
interface Trace {
  readonly requirement: { readonly kind: string; readonly title: string | null };
  readonly status: string;
  readonly observed: number | null;
  readonly required: number | null;
  readonly notes: readonly Record<string, unknown>[];
  readonly children: readonly Trace[];
}

async function status(db: string, login: string, preset: string, asOf: string): Promise<StatusJson> {
  const run = await runRungs(db, NOW, [
    'status',
    login,
    '--preset',
    preset,
    '--as-of',
    asOf,
    '--format',
    'json',
  ]);
  if (run.failed !== null) throw new Error(`rungs status ${login}: ${String(run.failed)}\n${run.err}`);
  return JSON.parse(run.out) as StatusJson;
}

function child(trace: Trace, kind: string): Trace {
  const found = trace.children.find((part) => part.requirement.kind === kind);
  if (found === undefined) throw new Error(`no ${kind} requirement in the trace`);
  return found;
}

const maint: Account = { login: 'maint', id: 201 };
const sleeper: Account = { login: 'sleeper', id: 202 };

describe('missed cycles (kubestellar: 5,000 points per calendar month)', () => {
  let db: string;
  beforeAll(async () => {
    let number = 0;
    const prs = (author: Account, count: number, day: string): string[] =>
      Array.from({ length: count }, () => mergedPr(author, 'kubestellar/kubestellar', ++number, day)).flat();
    db = await createCommunity('missed', {
      preset: 'kubestellar',
      // 8 merged PRs (5,600 points) in December and January; one (700) in February and in March.
      events: [
        ...prs(maint, 8, '2025-12-10'),
        ...prs(maint, 8, '2026-01-10'),
        ...prs(maint, 1, '2026-02-10'),
        ...prs(maint, 1, '2026-03-10'),
        ...prs(sleeper, 8, '2025-01-15'),
      ],
      activities: [],
      roster: [
        '{ login: maint, level: maintainer, since: 2025-12-01 }',
        '{ login: sleeper, level: maintainer, since: 2025-01-01 }',
      ],
    });
  });

  test('a maintainer under the threshold two calendar months in a row has missed 2 cycles', async () => {
    const result = await status(db, 'maint', 'kubestellar', '2026-04-10');
    expect(result.level!.standing).toMatchObject({
      kind: 'at_risk',
      missedCycles: 2,
      lastCycle: { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' },
      deadline: '2026-05-01T00:00:00Z',
    });
  });

  test('a maintainer inactive since January has missed every month since, with the grace period as the one deadline', async () => {
    const result = await status(db, 'sleeper', 'kubestellar', '2025-10-25');
    // February to September 2025.
    expect(result.level!.standing).toMatchObject({ kind: 'at_risk', missedCycles: 8 });
    expect(result.inactivity).toMatchObject({ kind: 'notice_due', graceEndsAt: '2025-11-14T12:00:00Z' });
    expect(result.level!.standing.deadline).toBe(result.inactivity!.graceEndsAt);
  });
});

const grace: Account = { login: 'grace', id: 301 };
const erin: Account = { login: 'erin', id: 302 };

describe('reinstatement (kubestellar: 3 contributions in 30 days, a maintainer sponsor, a majority of maintainers)', () => {
  let db: string;
  beforeAll(async () => {
    db = await createCommunity('reinstatement', {
      preset: 'kubestellar',
      events: [
        ...mergedPr(grace, 'kubestellar/kubestellar', 11, '2026-02-10'),
        ...mergedPr(grace, 'kubestellar/kubestellar', 12, '2026-02-12'),
        openedIssue(grace, 'kubestellar/kubestellar', 13, '2026-03-05', ['bug']),
        ...mergedPr(erin, 'kubestellar/kubestellar', 14, '2026-01-20'),
      ],
      activities: [
        'm1,meeting_attended,grace,2026-02-11,community-call,,,,',
        'm2,meeting_attended,grace,2026-02-18,community-call,,,,',
        'm3,meeting_attended,grace,2026-02-25,community-call,,,,',
        // bob and heidi are maintainers on the roster with no activity imported.
        's1,sponsorship,grace,2026-02-15,,bob,,maintainer,',
        'v1,attestation,grace,2026-02-20,,erin,reinstatement_vote,,',
        'v2,attestation,grace,2026-02-21,,heidi,reinstatement_vote,,',
      ],
      roster: [
        '{ login: grace, level: emeritus, previous_level: maintainer, since: 2025-06-01 }',
        '{ login: erin, level: maintainer, since: 2024-01-01 }',
        '{ login: heidi, level: maintainer, since: 2024-01-01 }',
        '{ login: bob, level: maintainer, since: 2024-01-01 }',
      ],
    });
  });

  test('counts a PR opened and merged as one contribution, and meetings as none', async () => {
    const before = (await status(db, 'grace', 'kubestellar', '2026-03-01')).emeritus!.reinstatement!;
    expect(child(before.trace, 'count')).toMatchObject({ status: 'unmet', observed: 2, required: 3 });
    // A bug report on 2026-03-05 is the third.
    const after = (await status(db, 'grace', 'kubestellar', '2026-03-06')).emeritus!.reinstatement!;
    expect(child(after.trace, 'count')).toMatchObject({ status: 'met', observed: 3 });
  });

  test('counts every maintainer on the roster in the electorate, and their votes and sponsorships, with or without activity', async () => {
    const reinstatement = (await status(db, 'grace', 'kubestellar', '2026-03-06')).emeritus!.reinstatement!;
    const vote = child(reinstatement.trace, 'attestation');
    expect(vote.notes).toContainEqual({ kind: 'electorate', levels: ['maintainer'], holders: 3 });
    expect(vote).toMatchObject({ status: 'met', observed: 2, required: 2 });
    expect(child(reinstatement.trace, 'sponsors')).toMatchObject({ status: 'met', observed: 1 });
    expect(reinstatement.eligibility).toBe('eligible');
  });
});

const alice: Account = { login: 'alice', id: 401 };
const dave: Account = { login: 'dave', id: 402 };
const author: Account = { login: 'author', id: 403 };

describe('sponsors (kubernetes: a member by 2 reviewers or approvers, a reviewer by an approver of the subproject)', () => {
  let db: string;
  beforeAll(async () => {
    db = await createCommunity('sponsors', {
      preset: 'kubernetes',
      events: [
        ...mergedPr(alice, 'kubernetes/kubernetes', 21, '2026-01-10'),
        review(dave, 'kubernetes/kubernetes', 22, author, '2025-11-01'),
      ],
      activities: [
        // alice's sponsors: a reviewer of the contributor playground only, and an approver of the website.
        's1,sponsorship,alice,2026-02-01,,bob,,,Acme',
        's2,sponsorship,alice,2026-02-02,,carol,,,Initech',
        // dave's: an approver of another subproject, one of kubernetes/kubernetes, and one who became
        // an approver of kubernetes/kubernetes only after sponsoring him.
        's3,sponsorship,dave,2026-01-02,,carol,,,',
        's4,sponsorship,dave,2026-01-03,,erin,,,',
        's5,sponsorship,dave,2026-01-05,,frank,,,',
      ],
      roster: [
        '{ login: bob, level: reviewer, scope: kubernetes/contributor-playground, since: 2024-01-01 }',
        '{ login: carol, level: approver, scope: kubernetes/website, since: 2024-01-01 }',
        '{ login: erin, level: approver, scope: kubernetes/kubernetes, since: 2024-01-01 }',
        '{ login: frank, level: approver, scope: kubernetes/kubernetes, since: 2026-02-01 }',
        '{ login: dave, level: member, since: 2025-10-01 }',
      ],
    });
  });

  test("a member's sponsor who reviews only the contributor playground does not count", async () => {
    const member = (await status(db, 'alice', 'kubernetes', '2026-03-01')).next.find(
      (candidate) => candidate.level === 'member',
    )!;
    const sponsors = child(member.trace, 'sponsors');
    expect(sponsors).toMatchObject({ status: 'unmet', observed: 1, required: 2 });
    expect(sponsors.notes).toContainEqual(
      expect.objectContaining({
        kind: 'giver_not_eligible',
        login: 'bob',
        exceptScopes: ['kubernetes/contributor-playground'],
      }),
    );
  });

  test("a reviewer's sponsor counts only as an approver of that subproject on the day of the sponsorship", async () => {
    const reviewer = (await status(db, 'dave', 'kubernetes', '2026-03-01')).next.find(
      (candidate) => candidate.level === 'reviewer',
    )!;
    expect(reviewer.scope).toBe('kubernetes/kubernetes');
    const sponsors = child(reviewer.trace, 'sponsors');
    expect(sponsors).toMatchObject({ status: 'met', observed: 1 });
    expect(sponsors.notes).toContainEqual(expect.objectContaining({ kind: 'given_by', login: 'erin' }));
    for (const login of ['carol', 'frank']) {
      expect(sponsors.notes).toContainEqual(
        expect.objectContaining({ kind: 'giver_not_eligible', login, scope: 'kubernetes/kubernetes' }),
      );
    }
  });
});
