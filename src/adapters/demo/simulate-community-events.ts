import { buildGhArchiveEvent, type DemoAccount } from './build-gh-archive-event.ts';
import type { DemoPerson } from './create-demo-people.ts';
import {
  createDemoSimulation,
  DAY,
  type DemoSimulation,
  type ScheduledAct,
  timeOnDay,
  toIsoSeconds,
} from './demo-simulation.ts';
import {
  type ChangeKind,
  dependencyBumpText,
  type IssueKind,
  issueText,
  pullRequestText,
} from './demo-texts.ts';
import { type GhArchiveEvent, shapeAt } from './gh-archive-event.ts';
import type { CommunityPlan } from './plan-community.ts';
import { planIssue } from './plan-issue.ts';
import { planPullRequest } from './plan-pull-request.ts';
import { createSeededRandom, deriveSeed } from './seeded-random.ts';

/** Event ids start here and grow by one per event, like the real (much larger) GH Archive ids. */
export const DEMO_EVENT_ID_BASE = 40_000_000_000;

/** Community pull requests and issues opened on an average weekday of a 300-person community. */
const PULL_REQUESTS_PER_DAY = 4.2;
const ISSUES_PER_DAY = 2.4;
const STARS_PER_DAY = 1;

interface PeopleGroups {
  readonly maintainers: readonly DemoPerson[];
  /** Maintainers, regulars and occasional contributors: who the daily process draws from. */
  readonly community: readonly DemoPerson[];
  /** The most active regulars, who review as well. */
  readonly reviewerRegulars: readonly DemoPerson[];
  readonly mentees: readonly DemoPerson[];
  readonly joiningOn: ReadonlyMap<number, readonly DemoPerson[]>;
  readonly everyone: readonly DemoPerson[];
  readonly byLogin: ReadonlyMap<string, DemoPerson>;
}

function groupPeople(people: readonly DemoPerson[]): PeopleGroups {
  const joiningOn = new Map<number, DemoPerson[]>();
  for (const person of people) {
    const list = joiningOn.get(person.firstDay) ?? [];
    list.push(person);
    joiningOn.set(person.firstDay, list);
  }
  return {
    maintainers: people.filter((p) => p.role === 'maintainer'),
    community: people.filter(
      (p) => p.role === 'maintainer' || p.role === 'regular' || p.role === 'occasional',
    ),
    reviewerRegulars: people.filter((p) => p.role === 'regular').slice(0, 4),
    mentees: people.filter((p) => p.role === 'mentee'),
    joiningOn,
    everyone: people,
    byLogin: new Map(people.map((p) => [p.account.login, p])),
  };
}

/** What one day looks like: who is around, and how busy the day is. */
interface Day {
  readonly index: number;
  readonly start: number;
  readonly weekday: number;
  /** Multiplier of the day's volume: weekends are quiet, the community grows over time. */
  readonly factor: number;
  readonly maintainers: readonly DemoAccount[];
  readonly community: readonly DemoPerson[];
  readonly reviewerRegulars: readonly DemoAccount[];
  readonly bystanders: readonly DemoAccount[];
  readonly menteesInTerm: readonly DemoAccount[];
}

/**
 * Simulates the community day by day and yields its GH Archive events in time order, with unique
 * increasing ids. Deterministic for a plan; memory stays proportional to the items still in flight.
 */
export function* simulateCommunityEvents(plan: CommunityPlan): Generator<GhArchiveEvent> {
  const random = createSeededRandom(deriveSeed(plan.seed, 'events'));
  const sim = createDemoSimulation(
    random,
    plan.startSec,
    plan.repos.map((r) => r.repo),
  );
  const groups = groupPeople(plan.people);
  // People who have left the community do not act any more, whatever was planned for them.
  const leavesAt = new Map(plan.people.map((p) => [p.account.login, plan.startSec + (p.lastDay + 1) * DAY]));
  let seq = 0;
  for (let index = 0; index < plan.days; index++) {
    planDay(plan, sim, groups, index);
    const dayEnd = plan.startSec + (index + 1) * DAY;
    for (;;) {
      const time = sim.queue.peekTime();
      if (time === undefined || time >= dayEnd) break;
      const scheduled = sim.queue.pop() as ScheduledAct;
      if (time >= (leavesAt.get(scheduled.actor.login) ?? Number.POSITIVE_INFINITY)) continue;
      const at = toIsoSeconds(time);
      const act = scheduled.make(at);
      if (act === null) continue;
      yield buildGhArchiveEvent(act, {
        eventId: String(DEMO_EVENT_ID_BASE + seq),
        at,
        actor: scheduled.actor,
        repo: scheduled.repo,
        shape: plan.payloadShapes === 'full' ? 'full' : shapeAt(at),
      });
      seq++;
    }
  }
}

function planDay(plan: CommunityPlan, sim: DemoSimulation, groups: PeopleGroups, index: number): void {
  const r = sim.random;
  const start = plan.startSec + index * DAY;
  const weekday = new Date(start * 1000).getUTCDay();
  const weekend = weekday === 0 || weekday === 6;
  const growth = 0.75 + (0.5 * index) / plan.days;
  const isActive = (p: DemoPerson) => p.firstDay <= index && index <= p.lastDay;
  const activeMaintainers = groups.maintainers.filter(isActive);
  const community = groups.community.filter(isActive);
  const day: Day = {
    index,
    start,
    weekday,
    factor: (weekend ? 0.35 : 1) * growth * plan.scale,
    // Someone always answers, even in the rare day no maintainer is formally active.
    maintainers: (activeMaintainers.length > 0 ? activeMaintainers : groups.maintainers.slice(0, 1)).map(
      (p) => p.account,
    ),
    community,
    reviewerRegulars: groups.reviewerRegulars.filter(isActive).map((p) => p.account),
    bystanders: community.filter((p) => p.role !== 'maintainer').map((p) => p.account),
    menteesInTerm:
      index >= plan.termStart && index <= plan.termEnd
        ? groups.mentees.filter(isActive).map((p) => p.account)
        : [],
  };

  const prWeights = community.map((p) => p.weight);
  for (let n = r.poisson(PULL_REQUESTS_PER_DAY * day.factor); n > 0; n--) {
    const person = community[r.weightedIndex(prWeights)];
    if (person !== undefined) planCommunityPullRequest(plan, sim, day, person);
  }
  // Maintainers report fewer issues than they fix.
  const issueWeights = community.map((p) => p.weight * (p.role === 'maintainer' ? 0.3 : 1));
  for (let n = r.poisson(ISSUES_PER_DAY * day.factor); n > 0; n--) {
    const person = community[r.weightedIndex(issueWeights)];
    if (person !== undefined)
      planCommunityIssue(plan, sim, day, person, r.chance(0.12) ? 'question' : undefined);
  }
  // Everyone's first day shows up, however small their share of the work.
  for (const person of groups.joiningOn.get(index) ?? []) {
    if (person.role === 'newcomer') planNewcomer(plan, sim, day, person);
    else if (person.role === 'regular' || person.role === 'occasional') {
      if (r.chance(0.5)) planCommunityPullRequest(plan, sim, day, person);
      else planCommunityIssue(plan, sim, day, person);
    }
  }
  for (const mentee of groups.mentees) {
    if (isActive(mentee)) planMenteeDay(plan, sim, day, groups, mentee);
  }
  for (const maintainer of activeMaintainers) {
    if (!weekend && r.chance(0.05 * growth)) planDirectPush(plan, sim, day, maintainer);
  }
  if (weekday === 1) {
    plan.repos.forEach((repo, repoIndex) => {
      if (repo.hasDependencies && r.chance(0.5)) planDependencyBump(plan, sim, day, repoIndex);
    });
  }
  const starrers = groups.everyone.filter((p) => p.firstDay <= index);
  for (let n = r.poisson(STARS_PER_DAY * growth * plan.scale); n > 0 && starrers.length > 0; n--) {
    const person = r.pick(starrers);
    const repoIndex = pickRepo(plan, sim, person.homeRepo);
    sim.schedule(
      timeOnDay(sim, index, person.utcOffset),
      person.account,
      plan.repos[repoIndex]?.repo ?? plan.repos[0]!.repo,
      () => ({ kind: 'starred' }),
    );
  }
}

function pickRepo(plan: CommunityPlan, sim: DemoSimulation, home: number): number {
  if (sim.random.chance(0.6)) return home;
  return Math.max(0, sim.random.weightedIndex(plan.repos.map((r) => r.weight)));
}

const CHANGE_KINDS: readonly ChangeKind[] = ['fix', 'feature', 'docs', 'chore', 'test'];
const CHANGE_WEIGHTS = [0.4, 0.25, 0.15, 0.1, 0.1];

function changeLabels(plan: CommunityPlan, repoIndex: number, kind: ChangeKind): string[] {
  const repo = plan.repos[repoIndex];
  if (repo === undefined || !repo.bugLabel.startsWith('kind/')) return [];
  if (kind === 'fix') return [repo.bugLabel];
  if (kind === 'feature') return [repo.featureLabel];
  if (kind === 'docs') return ['documentation'];
  return [];
}

function others(accounts: readonly DemoAccount[], self: DemoAccount): DemoAccount[] {
  return accounts.filter((a) => a.login !== self.login);
}

function planCommunityPullRequest(
  plan: CommunityPlan,
  sim: DemoSimulation,
  day: Day,
  person: DemoPerson,
): void {
  const r = sim.random;
  const kind = CHANGE_KINDS[r.weightedIndex(CHANGE_WEIGHTS)] as ChangeKind;
  const repoIndex = kind === 'docs' && r.chance(0.5) ? 3 : pickRepo(plan, sim, person.homeRepo);
  const text = pullRequestText(r, kind);
  const isMember = person.role === 'maintainer';
  const mergers = others(day.maintainers, person.account);
  const regulars = others(day.reviewerRegulars, person.account);
  const primary = !isMember && regulars.length > 0 && r.chance(0.2) ? r.pick(regulars) : undefined;
  planPullRequest(sim, {
    author: person.account,
    repoIndex,
    openAt: timeOnDay(sim, day.index, person.utcOffset),
    notBefore: day.start,
    ...text,
    labels: changeLabels(plan, repoIndex, kind),
    ownBranch: isMember,
    style: isMember ? 'member' : 'contributor',
    reviewers: primary !== undefined ? [primary] : [],
    mergers: mergers.length > 0 ? mergers : [person.account],
    peers: [],
    mergeChance: isMember ? 0.9 : person.role === 'regular' ? 0.8 : 0.66,
    reviewMeanHours: isMember ? 6 : person.role === 'regular' ? 20 : 30,
    bystanders: others(day.bystanders, person.account),
    ciBot: plan.actionsBot,
  });
}

const ISSUE_KINDS: readonly IssueKind[] = ['bug', 'feature', 'docs', 'question'];

function issueLabels(plan: CommunityPlan, repoIndex: number, kind: IssueKind, r: DemoSimulation['random']) {
  const repo = plan.repos[repoIndex];
  if (repo === undefined) return [];
  // Issue templates set the kind label, unless the reporter picked the blank template.
  if (kind === 'bug') return r.chance(0.85) ? [repo.bugLabel] : [];
  if (kind === 'feature') return r.chance(0.85) ? [repo.featureLabel] : [];
  if (kind === 'docs') return r.chance(0.8) ? ['documentation'] : [];
  return [];
}

function triageLabel(
  plan: CommunityPlan,
  repoIndex: number,
  labels: readonly string[],
  r: DemoSimulation['random'],
) {
  if (!r.chance(0.45)) return null;
  const repo = plan.repos[repoIndex];
  const choices = [
    'help wanted',
    'good first issue',
    labels.length === 0 ? (repo?.bugLabel ?? 'bug') : 'help wanted',
    'documentation',
  ];
  return choices[r.weightedIndex([0.4, 0.3, 0.2, 0.1])] ?? null;
}

function planCommunityIssue(
  plan: CommunityPlan,
  sim: DemoSimulation,
  day: Day,
  person: DemoPerson,
  forcedKind?: IssueKind,
): void {
  const r = sim.random;
  const kind = forcedKind ?? (ISSUE_KINDS[r.weightedIndex([0.45, 0.3, 0.1, 0.15])] as IssueKind);
  const repoIndex = kind === 'docs' && r.chance(0.6) ? 3 : pickRepo(plan, sim, person.homeRepo);
  const labels = issueLabels(plan, repoIndex, kind, r);
  const triagers = others(day.maintainers, person.account);
  planIssue(sim, {
    author: person.account,
    repoIndex,
    openAt: timeOnDay(sim, day.index, person.utcOffset),
    kind,
    ...issueText(r, kind),
    labels,
    triageLabel: triageLabel(plan, repoIndex, labels, r),
    triagers: triagers.length > 0 ? triagers : day.maintainers,
    bystanders: others(day.bystanders, person.account),
    ciBot: plan.actionsBot,
  });
}

/** A newcomer's one day: a bug report, a small fix, a drive-by comment, or (rarely) spam. */
function planNewcomer(plan: CommunityPlan, sim: DemoSimulation, day: Day, person: DemoPerson): void {
  const r = sim.random;
  const roll = r.next();
  const at = timeOnDay(sim, day.index, person.utcOffset);
  if (roll < 0.45) {
    planCommunityIssue(plan, sim, day, person, r.chance(0.8) ? 'bug' : 'question');
  } else if (roll < 0.77) {
    const kind: ChangeKind = r.chance(0.6) ? 'docs' : 'fix';
    const repoIndex = kind === 'docs' ? 3 : person.homeRepo;
    planPullRequest(sim, {
      author: person.account,
      repoIndex,
      openAt: at,
      notBefore: day.start,
      ...pullRequestText(r, kind),
      labels: changeLabels(plan, repoIndex, kind),
      ownBranch: false,
      style: 'contributor',
      reviewers: [],
      mergers: day.maintainers,
      peers: [],
      mergeChance: 0.6,
      reviewMeanHours: 36,
      bystanders: [],
      ciBot: plan.actionsBot,
    });
  } else if (roll < 0.95) {
    const open = sim.recentIssues.filter((issue) => issue.state === 'open');
    const issue = open.length > 0 ? r.pick(open) : undefined;
    if (issue === undefined) {
      planCommunityIssue(plan, sim, day, person, 'question');
      return;
    }
    const body = r.pick([
      '+1, I see this too.',
      'Same here on v0.21.',
      'Is there a workaround?',
      'Can I work on this?',
    ]);
    sim.schedule(at, person.account, issue.repo, (iso) => {
      issue.updatedAt = iso;
      issue.comments++;
      return { kind: 'issue_comment', item: issue, comment: { id: sim.nextId('comment'), body } };
    });
  } else {
    const repoIndex = person.homeRepo;
    planIssue(sim, {
      author: person.account,
      repoIndex,
      openAt: at,
      kind: 'spam',
      ...issueText(r, 'spam'),
      labels: [],
      triageLabel: null,
      triagers: day.maintainers,
      bystanders: [],
      ciBot: plan.actionsBot,
    });
  }
}

/** A mentee's day: a few contributions before the term, a burst during it, less after. */
function planMenteeDay(
  plan: CommunityPlan,
  sim: DemoSimulation,
  day: Day,
  groups: PeopleGroups,
  mentee: DemoPerson,
): void {
  const r = sim.random;
  const mentorPerson = groups.byLogin.get(mentee.mentor ?? '');
  const mentor = mentorPerson?.account ?? (day.maintainers[0] as DemoAccount);
  const phase = day.index < plan.termStart ? 'before' : day.index <= plan.termEnd ? 'term' : 'after';
  const strong = mentee.menteeProfile === 'strong';
  const weekendFactor = day.weekday === 0 || day.weekday === 6 ? 0.3 : 1;
  const prChance =
    phase === 'before'
      ? 0.07
      : phase === 'term'
        ? strong
          ? 0.95
          : mentee.menteeProfile === 'steady'
            ? 0.3
            : 0.7
        : strong
          ? 0.3
          : 0.12;
  const issueChance = phase === 'term' ? (strong ? 0.16 : 0.07) : 0.03;

  if (day.index === mentee.firstDay || r.chance(prChance * weekendFactor)) {
    const kind = CHANGE_KINDS[r.weightedIndex(CHANGE_WEIGHTS)] as ChangeKind;
    const repoIndex = r.chance(0.7) ? mentee.homeRepo : pickRepo(plan, sim, mentee.homeRepo);
    const mergers = [mentor, ...others(day.maintainers, mentor)].filter(
      (a) => a.login !== mentee.account.login,
    );
    planPullRequest(sim, {
      author: mentee.account,
      repoIndex,
      openAt: timeOnDay(sim, day.index, mentee.utcOffset),
      notBefore: day.start,
      ...pullRequestText(r, kind),
      labels: changeLabels(plan, repoIndex, kind),
      ownBranch: false,
      style: 'contributor',
      reviewers: [mentor],
      mergers: phase === 'term' ? [mentor] : mergers,
      peers: phase === 'term' ? others(day.menteesInTerm, mentee.account) : [],
      mergeChance: phase === 'term' ? (strong ? 0.92 : 0.8) : 0.7,
      reviewMeanHours: phase === 'term' ? 10 : 30,
      bystanders: [],
      ciBot: plan.actionsBot,
    });
  }
  if (r.chance(issueChance * weekendFactor)) {
    const repoIndex = mentee.homeRepo;
    const repo = plan.repos[repoIndex];
    const kind: IssueKind = r.chance(0.7) ? 'bug' : 'feature';
    const kindLabel = kind === 'bug' ? (repo?.bugLabel ?? 'bug') : (repo?.featureLabel ?? 'enhancement');
    // During the term the mentee files "help wanted" issues, labelled at once or by the mentor.
    const helpWanted = phase === 'term';
    const labelledAtOnce = helpWanted && r.chance(0.5);
    planIssue(sim, {
      author: mentee.account,
      repoIndex,
      openAt: timeOnDay(sim, day.index, mentee.utcOffset),
      kind,
      ...issueText(r, kind),
      labels: labelledAtOnce ? ['help wanted', kindLabel] : [kindLabel],
      triageLabel: helpWanted && !labelledAtOnce ? 'help wanted' : null,
      triagers: [mentor],
      bystanders: day.bystanders,
      ciBot: plan.actionsBot,
    });
  }
  if (phase === 'term' && r.chance(0.25 * weekendFactor)) {
    const open = sim.recentIssues.filter(
      (issue) => issue.state === 'open' && issue.author.login !== mentee.account.login,
    );
    if (open.length > 0) {
      const issue = r.pick(open);
      const body = r.pick([
        'I can take this one.',
        'I looked into this: the cause is in the status collector.',
        'PR coming soon.',
      ]);
      sim.schedule(timeOnDay(sim, day.index, mentee.utcOffset), mentee.account, issue.repo, (iso) => {
        issue.updatedAt = iso;
        issue.comments++;
        return { kind: 'issue_comment', item: issue, comment: { id: sim.nextId('comment'), body } };
      });
    }
  }
}

const DIRECT_PUSH_MESSAGES = [
  'Update CHANGELOG',
  'ci: pin action versions',
  'Bump version for release',
  'Fix typo in README',
];

/** A maintainer pushing straight to the default branch (release chores). */
function planDirectPush(plan: CommunityPlan, sim: DemoSimulation, day: Day, maintainer: DemoPerson): void {
  const r = sim.random;
  const repoIndex = pickRepo(plan, sim, maintainer.homeRepo);
  const repo = plan.repos[repoIndex]?.repo;
  if (repo === undefined) return;
  const shas = Array.from({ length: r.int(1, 2) }, () => r.hex(40));
  const messages = shas.map(() => r.pick(DIRECT_PUSH_MESSAGES));
  sim.schedule(timeOnDay(sim, day.index, maintainer.utcOffset), maintainer.account, repo, () => {
    const before = sim.heads[repoIndex] as string;
    const head = shas[shas.length - 1] as string;
    sim.heads[repoIndex] = head;
    return {
      kind: 'push',
      push: {
        pushId: sim.nextId('push'),
        ref: `refs/heads/${repo.defaultBranch}`,
        before,
        head,
        commits: shas.map((sha, i) => ({ sha, author: maintainer.account, message: messages[i] as string })),
      },
    };
  });
}

/** Dependabot's Monday run: one dependency bump in a repository. */
function planDependencyBump(plan: CommunityPlan, sim: DemoSimulation, day: Day, repoIndex: number): void {
  const r = sim.random;
  planPullRequest(sim, {
    author: plan.dependabot,
    repoIndex,
    openAt: day.start + r.int(3 * 3600, 6 * 3600),
    notBefore: day.start,
    ...dependencyBumpText(r),
    labels: ['dependencies'],
    ownBranch: true,
    style: 'bot',
    reviewers: [],
    mergers: day.maintainers,
    peers: [],
    mergeChance: 0.8,
    reviewMeanHours: 20,
    bystanders: [],
    ciBot: plan.actionsBot,
  });
}
