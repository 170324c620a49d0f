import type { DemoPerson } from './create-demo-people.ts';
import { DAY, toIsoDate } from './demo-simulation.ts';
import type { OffGitHubRow } from './off-github-row.ts';
import type { CommunityPlan } from './plan-community.ts';
import { createSeededRandom, deriveSeed, type SeededRandom } from './seeded-random.ts';

/** The weekly call's series name. */
export const COMMUNITY_CALL_SERIES = 'community-call';

const THURSDAY = 4;

const TALK_TOPICS = [
  'Multi-cluster scheduling without the pain',
  'What we learned running a mentorship cohort',
  'Status collection at scale',
  'Your first contribution in 30 minutes',
  'Policy-driven workload placement',
  'Designing a contributor ladder people can see',
];
const VENUES = [
  'Open Source Summit',
  'a local cloud-native meetup',
  'DevConf',
  'FOSDEM',
  'a university guest lecture',
];
const POSTS = [
  'Release notes, explained',
  'How we triage issues every week',
  'A tour of the control plane',
  'From first issue to maintainer: one path',
  'Testing the CLI with real clusters',
  'Writing good first issues',
];
const AFFILIATIONS = ['Example Corp', 'Demo Labs', 'Sample Systems', 'Independent'];
const BONUS_REASONS = [
  'Organised the documentation sprint',
  'Triaged the backlog during release week',
  'Ran the booth at a conference',
];

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function attendance(plan: CommunityPlan, person: DemoPerson, day: number): number {
  if (person.role === 'newcomer') return Math.abs(day - person.firstDay) <= 6 ? 0.15 : 0;
  if (day < person.firstDay || day > person.lastDay) return 0;
  switch (person.role) {
    case 'maintainer':
      return 0.8;
    case 'regular':
      return 0.25;
    case 'occasional':
      return 0.05;
    case 'mentee': {
      if (day < plan.termStart) return 0.3;
      const strong = person.menteeProfile === 'strong';
      if (day <= plan.termEnd) return strong ? 0.93 : person.menteeProfile === 'steady' ? 0.8 : 0.9;
      return strong ? 0.5 : 0.3;
    }
  }
}

/** Talks, onboardings, posts and bonuses: few, planned up front, sorted by date. */
function planOccasionalRows(plan: CommunityPlan, r: SeededRandom): OffGitHubRow[] {
  const rows: OffGitHubRow[] = [];
  const dateOf = (day: number) => toIsoDate(plan.startSec + Math.min(plan.days - 1, Math.max(0, day)) * DAY);
  const maintainers = plan.people.filter((p) => p.role === 'maintainer');
  const regulars = plan.people.filter((p) => p.role === 'regular');
  const mentees = plan.people.filter((p) => p.role === 'mentee');
  const strongMentees = mentees.filter((p) => p.menteeProfile === 'strong');
  const newcomers = plan.people.filter((p) => p.role === 'newcomer');
  const speakers = [...maintainers.slice(0, 5), ...regulars.slice(0, 2)];
  const dayWhen = (p: DemoPerson) => r.int(p.firstDay, p.lastDay);

  const talks = Math.max(3, Math.round(4 * plan.years));
  for (let i = 0; i < talks && speakers.length > 0; i++) {
    const speaker = r.pick(speakers);
    const day = dayWhen(speaker);
    const topic = r.pick(TALK_TOPICS);
    rows.push({
      id: `talk-${i + 1}`,
      kind: 'talk_given',
      login: speaker.account.login,
      date: `${dateOf(day)}T${String(r.int(8, 17)).padStart(2, '0')}:00:00Z`,
      title: `${topic} (${r.pick(VENUES)})`,
      url: `https://example.com/talks/${slug(topic)}-${i + 1}`,
    });
  }

  // Each mentor onboards their mentees on the first day of the term.
  for (const mentee of mentees) {
    rows.push({
      id: `onboarding-${mentee.account.login.toLowerCase()}`,
      kind: 'newcomer_onboarded',
      login: mentee.mentor as string,
      date: dateOf(plan.termStart),
      title: `Onboarded ${mentee.account.login} into the mentee cohort`,
      newcomer: mentee.account.login,
    });
  }
  // Strong mentees present a demo at a call late in the term and onboard a newcomer of their own.
  const thursdaysInTerm: number[] = [];
  for (let day = plan.termStart; day <= plan.termEnd; day++) {
    if (new Date((plan.startSec + day * DAY) * 1000).getUTCDay() === THURSDAY) thursdaysInTerm.push(day);
  }
  const lateThursdays = thursdaysInTerm.slice(Math.floor(thursdaysInTerm.length / 2));
  const termNewcomers = newcomers.filter((p) => p.firstDay >= plan.termStart && p.firstDay <= plan.termEnd);
  strongMentees.forEach((mentee, i) => {
    if (lateThursdays.length > 0 && i % 3 !== 2) {
      rows.push({
        id: `mentee-demo-${mentee.account.login.toLowerCase()}`,
        kind: 'talk_given',
        login: mentee.account.login,
        date: dateOf(r.pick(lateThursdays)),
        title: `Mentee demo: ${r.pick(TALK_TOPICS).toLowerCase()}`,
        series: COMMUNITY_CALL_SERIES,
      });
    }
    const newcomer = termNewcomers[i] ?? newcomers[newcomers.length - 1 - i];
    if (newcomer !== undefined && i % 4 !== 3) {
      rows.push({
        id: `onboarding-${newcomer.account.login.toLowerCase()}-by-${mentee.account.login.toLowerCase()}`,
        kind: 'newcomer_onboarded',
        login: mentee.account.login,
        date: dateOf(Math.max(newcomer.firstDay, plan.termStart + 42)),
        title: `Helped ${newcomer.account.login} with a first pull request`,
        newcomer: newcomer.account.login,
      });
    }
  });

  const writers = [...maintainers.slice(0, 3), ...regulars.slice(0, 3), ...strongMentees.slice(0, 2)];
  const posts = Math.max(4, Math.round(6 * plan.years));
  for (let i = 0; i < posts && writers.length > 0; i++) {
    const writer = r.pick(writers);
    const title = r.pick(POSTS);
    const day = writer.role === 'mentee' ? r.int(plan.termStart, plan.termEnd) : dayWhen(writer);
    const row: OffGitHubRow = {
      id: `post-${i + 1}`,
      kind: 'content_published',
      login: writer.account.login,
      date: dateOf(day),
      title,
      url: `https://example.com/blog/${slug(title)}-${i + 1}`,
    };
    const repo = plan.repos[0]?.repo.fullName.toLowerCase();
    rows.push(repo !== undefined && r.chance(0.3) ? { ...row, repo } : row);
  }

  const granter = maintainers[0];
  const deserving = [...regulars.slice(0, 5), ...strongMentees.slice(0, 1)];
  BONUS_REASONS.forEach((reason, i) => {
    if (granter === undefined || deserving.length === 0) return;
    const person = deserving[i % deserving.length] as DemoPerson;
    const day = Math.min(person.lastDay, Math.max(person.firstDay, plan.days - 30 - i * 40));
    rows.push({
      id: `bonus-${i + 1}`,
      kind: 'bonus',
      login: person.account.login,
      date: dateOf(day),
      points: [500, 1000, 250][i] as number,
      granted_by: granter.account.login,
      reason,
    });
  });

  // Mentors recommend the mentees who did well, at the end of the term.
  for (const mentee of strongMentees) {
    rows.push({
      id: `recommendation-${mentee.account.login.toLowerCase()}`,
      kind: 'attestation',
      login: mentee.account.login,
      date: dateOf(plan.termEnd - r.int(0, 6)),
      title: `Recommends ${mentee.account.login} after the mentee term`,
      granted_by: mentee.mentor as string,
      attestation: 'mentor_recommendation',
    });
  }
  // Two long-standing regulars are sponsored for membership by two maintainers of different employers.
  const candidates = regulars.filter((p) => p.lastDay === plan.days - 1).slice(0, 2);
  candidates.forEach((candidate, i) => {
    for (let s = 0; s < 2 && s < maintainers.length; s++) {
      const sponsor = maintainers[(i + s) % maintainers.length] as DemoPerson;
      rows.push({
        id: `sponsorship-${candidate.account.login.toLowerCase()}-by-${sponsor.account.login.toLowerCase()}`,
        kind: 'sponsorship',
        login: candidate.account.login,
        date: dateOf(plan.days - 1 - r.int(5, 40)),
        title: `Sponsors ${candidate.account.login} for membership`,
        granted_by: sponsor.account.login,
        affiliation: AFFILIATIONS[((i + s) % maintainers.length) % AFFILIATIONS.length] as string,
      });
    }
  });

  return rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1));
}

/**
 * Yields the community's off-GitHub rows in date order: attendance of the weekly community call
 * (every Thursday), talks, onboardings, posts, a few bonus grants, mentor recommendations for the
 * mentees who did well and sponsorships of two regulars. Deterministic for a plan.
 */
export function* generateOffGitHubRows(plan: CommunityPlan): Generator<OffGitHubRow> {
  const r = createSeededRandom(deriveSeed(plan.seed, 'rows'));
  const occasional = planOccasionalRows(plan, r);
  let next = 0;
  const firstWeekday = new Date(plan.startSec * 1000).getUTCDay();
  for (let day = (THURSDAY - firstWeekday + 7) % 7; day < plan.days; day += 7) {
    const date = toIsoDate(plan.startSec + day * DAY);
    while (next < occasional.length && (occasional[next] as OffGitHubRow).date < date)
      yield occasional[next++] as OffGitHubRow;
    for (const person of plan.people) {
      if (!r.chance(attendance(plan, person, day))) continue;
      const row: OffGitHubRow = {
        id: `${COMMUNITY_CALL_SERIES}-${date}-${person.account.login.toLowerCase()}`,
        kind: 'meeting_attended',
        login: person.account.login,
        date,
        title: `Community call ${date}`,
        series: COMMUNITY_CALL_SERIES,
      };
      yield r.chance(0.1) ? { ...row, email: person.account.email } : row;
    }
  }
  while (next < occasional.length) yield occasional[next++] as OffGitHubRow;
}
