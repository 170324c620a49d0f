import { describe, expect, test } from 'vitest';
import { OFF_GITHUB_KINDS } from '../../core/activity.ts';
import { generateCommunity } from './generate-community.ts';
import { TRIMMED_PAYLOADS_SINCE } from './gh-archive-event.ts';
import type { OffGitHubRow } from './off-github-row.ts';

type Json = Record<string, unknown>;
const obj = (value: unknown) => (value ?? {}) as Json;

const END = '2026-05-31';
const community = generateCommunity({ seed: 1, end: END });
const DAY_MS = 86_400_000;

/** Facts gathered in one pass over the default community (about 30,000 events), shared by the tests. */
interface Facts {
  count: number;
  readonly firstJson: string[];
  outOfOrder: number;
  idsNotIncreasing: number;
  readonly envelopeProblems: string[];
  readonly seen: Set<string>;
  readonly labels: Set<string>;
  readonly trimmedProblems: string[];
  readonly fullProblems: string[];
  readonly perActor: Map<string, number>;
  readonly perActorDays: Map<string, string[]>;
  readonly mergedInTerm: Map<string, { all: number; firstSixWeeks: number }>;
  readonly helpWanted: Map<string, Set<string>>;
  readonly reviewsByMentor: Map<string, number>;
  readonly bots: {
    dependabotPrs: number;
    dependabotTypedBot: number;
    actionsComments: number;
    webFlow: number;
  };
  first: string;
  last: string;
  selfReviews: number;
}

let memo: Facts | undefined;
function facts(): Facts {
  if (memo !== undefined) return memo;
  const summary = community.summary;
  const { termStart, termEnd, mentees } = summary.cohort;
  const sixWeeksIn = new Date(Date.parse(termStart) + 42 * DAY_MS).toISOString().slice(0, 10);
  const mentorOf = new Map(mentees.map((m) => [m.login, m.mentor]));
  const authorOf = new Map<string, string>();
  const f: Facts = {
    count: 0,
    firstJson: [],
    outOfOrder: 0,
    idsNotIncreasing: 0,
    envelopeProblems: [],
    seen: new Set(),
    labels: new Set(),
    trimmedProblems: [],
    fullProblems: [],
    perActor: new Map(),
    perActorDays: new Map(),
    mergedInTerm: new Map(mentees.map((m) => [m.login, { all: 0, firstSixWeeks: 0 }])),
    helpWanted: new Map(mentees.map((m) => [m.login, new Set<string>()])),
    reviewsByMentor: new Map(mentees.map((m) => [m.login, 0])),
    bots: { dependabotPrs: 0, dependabotTypedBot: 0, actionsComments: 0, webFlow: 0 },
    first: '',
    last: '',
    selfReviews: 0,
  };
  let previousTime = '';
  let previousId = -1;
  for (const event of community.events) {
    const e = event as unknown as Json;
    if (f.count < 3000) f.firstJson.push(JSON.stringify(event));
    f.count++;
    if (event.created_at < previousTime) f.outOfOrder++;
    previousTime = event.created_at;
    if (f.first === '') f.first = event.created_at;
    f.last = event.created_at;
    const id = Number(event.id);
    if (!(id > previousId)) f.idsNotIncreasing++;
    previousId = id;

    const actor = obj(e.actor);
    const repo = obj(e.repo);
    const orgObject = obj(e.org);
    if (
      typeof e.id !== 'string' ||
      typeof e.type !== 'string' ||
      typeof actor.id !== 'number' ||
      typeof actor.login !== 'string' ||
      typeof actor.display_login !== 'string' ||
      actor.gravatar_id !== '' ||
      typeof actor.url !== 'string' ||
      typeof actor.avatar_url !== 'string' ||
      typeof repo.id !== 'number' ||
      !/^demo-rungs\/[a-z-]+$/.test(String(repo.name)) ||
      repo.url !== `https://api.github.com/repos/${repo.name}` ||
      typeof e.payload !== 'object' ||
      e.public !== true ||
      !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(event.created_at) ||
      orgObject.login !== 'demo-rungs' ||
      typeof orgObject.id !== 'number'
    ) {
      if (f.envelopeProblems.length < 5) f.envelopeProblems.push(JSON.stringify(event).slice(0, 300));
    }

    const login = event.actor.login;
    f.perActor.set(login, (f.perActor.get(login) ?? 0) + 1);
    const days = f.perActorDays.get(login) ?? [];
    days.push(event.created_at.slice(0, 10));
    f.perActorDays.set(login, days);
    if (login === 'web-flow') f.bots.webFlow++;

    const p = event.payload as Json;
    const action = typeof p.action === 'string' ? p.action : '';
    const trimmed = event.created_at >= TRIMMED_PAYLOADS_SINCE;
    const pr = obj(p.pull_request);
    const issue = obj(p.issue);
    f.seen.add(`${event.type}.${action}`);
    for (const label of [...((issue.labels as Json[]) ?? []), ...((pr.labels as Json[]) ?? [])]) {
      f.labels.add(String(label.name));
    }
    if (event.type === 'IssuesEvent' && action === 'closed')
      f.seen.add(`IssuesEvent.closed.${issue.state_reason}`);
    if (event.type === 'PullRequestEvent' && action === 'closed' && !trimmed) {
      f.seen.add(`PullRequestEvent.closed.merged=${pr.merged}`);
    }
    if (event.type === 'PullRequestReviewEvent') f.seen.add(`review.${obj(p.review).state}`);
    if (event.type === 'IssueCommentEvent')
      f.seen.add(`IssueCommentEvent.on.${'pull_request' in issue ? 'pr' : 'issue'}`);
    if (event.type === 'PushEvent')
      f.seen.add(`PushEvent.${Array.isArray(p.commits) ? 'with' : 'without'}-commits`);

    // Shapes: trimmed since 2025-10-07, full before.
    if (trimmed) {
      if (event.type === 'PushEvent' && Object.keys(p).join() !== 'repository_id,push_id,ref,head,before') {
        f.trimmedProblems.push(`push ${event.id}`);
      }
      if ('pull_request' in p && Object.keys(pr).join() !== 'url,id,number,head,base') {
        f.trimmedProblems.push(`pull_request ${event.id}`);
      }
      if (event.type === 'PullRequestEvent' && action === 'closed' && 'merged' in pr)
        f.trimmedProblems.push(`merged ${event.id}`);
      for (const inner of [issue, obj(p.comment), obj(p.review)]) {
        if ('author_association' in inner) f.trimmedProblems.push(`author_association ${event.id}`);
      }
    } else {
      if (event.type === 'PushEvent' && !(Array.isArray(p.commits) && p.size === p.commits.length)) {
        f.fullProblems.push(`push ${event.id}`);
      }
      if ('pull_request' in p && typeof obj(pr.user).login !== 'string')
        f.fullProblems.push(`pull_request ${event.id}`);
      if (action === 'merged') f.fullProblems.push(`merged action ${event.id}`);
    }

    // Bots.
    if (event.type === 'PullRequestEvent' && action === 'opened' && login === 'dependabot[bot]') {
      f.bots.dependabotPrs++;
      if (obj(pr.user).type === 'Bot') f.bots.dependabotTypedBot++;
    }
    if (event.type === 'IssueCommentEvent' && login === 'github-actions[bot]') f.bots.actionsComments++;

    // The cohort: who opened what, merges and "help wanted" issues during the term, mentor reviews.
    const number = typeof p.number === 'number' ? p.number : (issue.number ?? pr.number);
    const itemKey = `${repo.name}#${number}`;
    if (action === 'opened' && (event.type === 'PullRequestEvent' || event.type === 'IssuesEvent')) {
      authorOf.set(itemKey, login);
    }
    const author = authorOf.get(itemKey) ?? '';
    const day = event.created_at.slice(0, 10);
    const inTerm = day >= termStart && day <= termEnd;
    const merged =
      event.type === 'PullRequestEvent' &&
      (action === 'merged' || (action === 'closed' && pr.merged === true));
    const mergedCount = f.mergedInTerm.get(author);
    if (merged && inTerm && mergedCount !== undefined) {
      mergedCount.all++;
      if (day < sixWeeksIn) mergedCount.firstSixWeeks++;
    }
    const help = f.helpWanted.get(author);
    if (
      help !== undefined &&
      inTerm &&
      event.type === 'IssuesEvent' &&
      (action === 'opened' || action === 'labeled')
    ) {
      if (((issue.labels as Json[]) ?? []).some((l) => l.name === 'help wanted')) help.add(itemKey);
    }
    if (event.type === 'PullRequestReviewEvent' && author === login) f.selfReviews++;
    if (event.type === 'PullRequestReviewEvent' && mentorOf.get(author) === login) {
      f.reviewsByMentor.set(author, (f.reviewsByMentor.get(author) ?? 0) + 1);
    }
  }
  memo = f;
  return f;
}

function rows(): OffGitHubRow[] {
  return [...community.offGitHubRows];
}

describe('generateCommunity', () => {
  test('gives byte-identical events for the same options and different events for another seed', () => {
    const again = generateCommunity({ seed: 1, end: END });
    const first = facts().firstJson;
    let i = 0;
    for (const event of again.events) {
      expect(JSON.stringify(event)).toBe(first[i]);
      if (++i === first.length) break;
    }
    expect(i).toBe(first.length);
    // Iterating the same community again regenerates the same stream.
    let j = 0;
    for (const event of community.events) {
      expect(JSON.stringify(event)).toBe(first[j]);
      if (++j === 200) break;
    }
    const other = generateCommunity({ seed: 2, end: END });
    const otherFirst: string[] = [];
    for (const event of other.events) {
      otherFirst.push(JSON.stringify(event));
      if (otherFirst.length === 50) break;
    }
    expect(otherFirst).not.toEqual(first.slice(0, 50));
    expect(JSON.stringify(rows())).toBe(JSON.stringify([...again.offGitHubRows]));
  });

  test('emits a few tens of thousands of events in time order, with unique increasing ids', () => {
    const f = facts();
    expect(f.count).toBeGreaterThan(15_000);
    expect(f.count).toBeLessThan(60_000);
    expect(f.outOfOrder).toBe(0);
    expect(f.idsNotIncreasing).toBe(0);
  });

  test('gives every event the GH Archive envelope, in a repository of the demo organization', () => {
    expect(facts().envelopeProblems).toEqual([]);
    expect(community.summary.repos.length).toBeGreaterThanOrEqual(5);
    expect(community.summary.repos.every((r) => r.startsWith('demo-rungs/'))).toBe(true);
  });

  test('represents every event type, action, review state and closing reason', () => {
    const seen = facts().seen;
    for (const expected of [
      'PullRequestEvent.opened',
      'PullRequestEvent.closed.merged=true',
      'PullRequestEvent.closed.merged=false',
      'PullRequestEvent.merged',
      'PullRequestEvent.reopened',
      'review.approved',
      'review.changes_requested',
      'review.commented',
      'PullRequestReviewCommentEvent.created',
      'IssuesEvent.opened',
      'IssuesEvent.closed.completed',
      'IssuesEvent.closed.not_planned',
      'IssuesEvent.closed.duplicate',
      'IssuesEvent.reopened',
      'IssuesEvent.labeled',
      'IssueCommentEvent.on.issue',
      'IssueCommentEvent.on.pr',
      'PushEvent.with-commits',
      'PushEvent.without-commits',
    ]) {
      expect(seen, expected).toContain(expected);
    }
    // Nobody reviews their own pull request: GitHub does not allow it.
    expect(facts().selfReviews).toBe(0);
    for (const label of [
      'bug',
      'kind/bug',
      'enhancement',
      'kind/feature',
      'documentation',
      'help wanted',
      'good first issue',
      'spam',
      'invalid',
    ]) {
      expect(facts().labels, label).toContain(label);
    }
  });

  test('uses the trimmed payloads from 2025-10-07 on and the full ones before', () => {
    expect(facts().trimmedProblems.slice(0, 5)).toEqual([]);
    expect(facts().fullProblems.slice(0, 5)).toEqual([]);
  });

  test('includes Dependabot pull requests, GitHub Actions comments, and never web-flow as an actor', () => {
    const { bots } = facts();
    expect(bots.dependabotPrs).toBeGreaterThan(20);
    expect(bots.dependabotTypedBot).toBeGreaterThan(0);
    expect(bots.actionsComments).toBeGreaterThan(50);
    expect(bots.webFlow).toBe(0);
    expect(community.summary.bots).toEqual(['dependabot[bot]', 'github-actions[bot]']);
  });

  test('spans two years ending on the given day', () => {
    const { summary } = community;
    expect(summary.from).toBe('2024-06-01');
    expect(summary.to).toBe(END);
    const f = facts();
    expect(f.first >= '2024-06-01T00:00:00Z' && f.first < '2024-06-04').toBe(true);
    expect(f.last >= '2026-05-29' && f.last <= '2026-05-31T23:59:59Z').toBe(true);
    expect(summary.firstEventAt).toBe(f.first);
    expect(summary.lastEventAt).toBe(f.last);
  });

  test('has a few heavy maintainers and a long tail of people who show up once or twice', () => {
    const counts = [...facts().perActor.values()].sort((a, b) => b - a);
    const total = counts.reduce((a, b) => a + b, 0);
    const topTenth = counts.slice(0, Math.ceil(counts.length / 10)).reduce((a, b) => a + b, 0);
    expect(topTenth / total).toBeGreaterThan(0.6);
    expect(counts.filter((c) => c <= 3).length).toBeGreaterThan(60);
    // Everyone in the community shows up in the events.
    expect(community.summary.actors).toBe(community.summary.people + community.summary.bots.length);
    const maintainerEvents = community.summary.maintainers.map((m) => facts().perActor.get(m) ?? 0);
    expect(Math.min(...maintainerEvents)).toBeGreaterThan(300);
  });

  test('lets the mentee cohort burst during its 12-week term, reviewed by their mentors', () => {
    const { cohort } = community.summary;
    expect(cohort.mentees).toHaveLength(8);
    expect(Date.parse(END) - Date.parse(cohort.termStart)).toBe((16 * 7 - 1) * DAY_MS);
    expect(Date.parse(cohort.termEnd) - Date.parse(cohort.termStart)).toBe(83 * DAY_MS);
    const f = facts();
    for (const mentee of cohort.mentees) {
      const days = f.perActorDays.get(mentee.login) ?? [];
      const inTerm = days.filter((d) => d >= cohort.termStart && d <= cohort.termEnd).length;
      expect(inTerm / days.length, mentee.login).toBeGreaterThan(0.7);
      expect(f.reviewsByMentor.get(mentee.login), mentee.login).toBeGreaterThan(10);
      if (mentee.profile === 'strong') {
        expect(f.mergedInTerm.get(mentee.login)?.all, mentee.login).toBeGreaterThanOrEqual(20);
        expect(f.mergedInTerm.get(mentee.login)?.firstSixWeeks, mentee.login).toBeGreaterThanOrEqual(8);
        expect(f.helpWanted.get(mentee.login)?.size, mentee.login).toBeGreaterThanOrEqual(6);
      }
      if (mentee.profile === 'dropped') {
        const stop = new Date(Date.parse(cohort.termStart) + 35 * DAY_MS).toISOString().slice(0, 10);
        expect(
          days.filter((d) => d >= stop),
          mentee.login,
        ).toEqual([]);
      }
    }
    const strong = cohort.mentees.filter((m) => m.profile === 'strong');
    expect(strong.length).toBeGreaterThanOrEqual(4);
  });

  test('writes off-GitHub rows an activities file accepts, in date order', () => {
    const all = rows();
    const people = new Set([...facts().perActor.keys()]);
    const ids = new Set<string>();
    const kinds = new Set<string>();
    const { from, to } = community.summary;
    let previous = '';
    for (const row of all) {
      expect(ids.has(row.id), row.id).toBe(false);
      ids.add(row.id);
      kinds.add(row.kind);
      expect(OFF_GITHUB_KINDS as readonly string[]).toContain(row.kind);
      expect(row.date).toMatch(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$/);
      expect(row.date.slice(0, 10) >= from && row.date.slice(0, 10) <= to, row.id).toBe(true);
      expect(row.date >= previous.slice(0, 10), row.id).toBe(true);
      previous = row.date;
      expect(row.login, row.id).toMatch(/^[a-z0-9][a-z0-9-]{0,38}$/i);
      expect(people.has(row.login as string), row.id).toBe(true);
      if (row.kind === 'meeting_attended') expect(row.series).toBe('community-call');
      if (row.kind === 'bonus') {
        expect(row.points).toBeGreaterThan(0);
        expect(row.reason).toBeTruthy();
      } else {
        expect(row.points).toBeUndefined();
      }
      if (row.kind === 'bonus' || row.kind === 'attestation' || row.kind === 'sponsorship') {
        expect(community.summary.maintainers).toContain(row.granted_by);
      } else {
        expect(row.granted_by).toBeUndefined();
      }
      expect(row.attestation !== undefined, row.id).toBe(row.kind === 'attestation');
      if (row.affiliation !== undefined) expect(row.kind).toBe('sponsorship');
      if (row.kind === 'newcomer_onboarded') expect(people.has(row.newcomer as string)).toBe(true);
      if (row.email !== undefined) expect(row.email).toMatch(/^[^\s@]+@[^\s@]+$/);
    }
    const promised = [
      'meeting_attended',
      'talk_given',
      'newcomer_onboarded',
      'content_published',
      'bonus',
      'attestation',
      'sponsorship',
    ];
    expect([...kinds].sort()).toEqual(promised.sort());
    // Every strong mentee is recommended by their mentor.
    const recommended = all.filter((r) => r.attestation === 'mentor_recommendation').map((r) => r.login);
    const strongMentees = community.summary.cohort.mentees.filter((m) => m.profile === 'strong');
    expect(recommended.sort()).toEqual(strongMentees.map((m) => m.login).sort());
    const meetings = all.filter((r) => r.kind === 'meeting_attended');
    expect(meetings.length).toBeGreaterThan(500);
    // Mentees attend most calls of their term.
    const { termStart, termEnd, mentees } = community.summary.cohort;
    const callsInTerm = new Set(
      meetings.filter((r) => r.date >= termStart && r.date <= termEnd).map((r) => r.date),
    );
    const strong = mentees.find((m) => m.profile === 'strong')?.login;
    const attended = meetings.filter(
      (r) => r.login === strong && r.date >= termStart && r.date <= termEnd,
    ).length;
    expect(attended / callsInTerm.size).toBeGreaterThan(0.7);
  });

  test('summarizes what it generated', () => {
    const { summary } = community;
    expect(summary.events).toBe(facts().count);
    expect(Object.values(summary.eventsByType).reduce((a, b) => a + b, 0)).toBe(summary.events);
    expect(Object.values(summary.eventsByAction).reduce((a, b) => a + b, 0)).toBe(summary.events);
    expect(summary.offGitHubRows).toBe(rows().length);
    expect(summary.people).toBe(300);
    expect(summary.org).toBe('demo-rungs');
    expect(summary.maintainers.length).toBeGreaterThanOrEqual(5);
    expect(summary.quietMaintainers).toHaveLength(1);
    const quiet = summary.quietMaintainers[0] as string;
    const lastDay = (facts().perActorDays.get(quiet) ?? []).at(-1) as string;
    expect(Date.parse(END) - Date.parse(lastDay)).toBeGreaterThanOrEqual(299 * DAY_MS);
  });
});

describe('generateCommunity options', () => {
  test('builds a small one-year community for another organization, in the full shape on request', () => {
    const small = generateCommunity({
      seed: 5,
      end: '2026-01-15',
      years: 1,
      people: 40,
      org: 'tiny-demo',
      payloadShapes: 'full',
    });
    expect(small.summary.from).toBe('2025-01-16');
    expect(small.summary.to).toBe('2026-01-15');
    expect(small.summary.people).toBe(40);
    expect(small.summary.events).toBeGreaterThan(1000);
    let previous = '';
    for (const event of small.events) {
      expect(event.created_at >= previous).toBe(true);
      previous = event.created_at;
      expect(event.repo.name.startsWith('tiny-demo/')).toBe(true);
      if (event.type === 'PushEvent') expect(Array.isArray(event.payload.commits)).toBe(true);
      expect(event.payload.action).not.toBe('merged');
    }
  });

  test('rejects options no community can have', () => {
    expect(() => generateCommunity({ seed: 1, end: 'May 31st' })).toThrow(RangeError);
    expect(() => generateCommunity({ seed: 1, end: '2026-02-30' })).toThrow(RangeError);
    expect(() => generateCommunity({ seed: 1, end: END, years: 0 })).toThrow(RangeError);
    expect(() => generateCommunity({ seed: 1, end: END, people: 3 })).toThrow(RangeError);
    expect(() => generateCommunity({ seed: 1, end: END, org: 'not an org' })).toThrow(RangeError);
  });
});
