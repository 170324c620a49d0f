import type { DemoAccount } from './build-gh-archive-event.ts';
import type { SeededRandom } from './seeded-random.ts';

/**
 * The people of a demo community: a few heavy maintainers, regulars, occasional contributors, a
 * long tail of newcomers who show up once, and a mentee cohort. Everything here is invented; the
 * logins only look plausible.
 */

/** What part a person plays in the demo community. */
export type DemoRole = 'maintainer' | 'mentee' | 'regular' | 'occasional' | 'newcomer';

/** How a mentee's 12-week term goes. */
export type MenteeProfile = 'strong' | 'steady' | 'dropped';

/** One person of the community. Days are indexes from the community's first day. */
export interface DemoPerson {
  readonly account: DemoAccount;
  readonly role: DemoRole;
  /** Relative share of the community's work among people of the same role (a power law). */
  readonly weight: number;
  readonly firstDay: number;
  readonly lastDay: number;
  /** Local time minus UTC, in hours; people work in their own daytime. */
  readonly utcOffset: number;
  /** Index of the repository the person works on most. */
  readonly homeRepo: number;
  /** For a mentee: the mentor's login and how the term goes. */
  readonly mentor?: string;
  readonly menteeProfile?: MenteeProfile;
}

/** Where the cohort and the community's time line sit, in day indexes. */
export interface DemoTimeline {
  readonly days: number;
  /** First day of the mentees' 12-week term. */
  readonly termStart: number;
  /** Last day of the term (inclusive). */
  readonly termEnd: number;
}

const FIRST_NAMES = [
  'Maria',
  'Kenji',
  'Aisha',
  'Tomasz',
  'Priya',
  'Lucas',
  'Fatima',
  'Noah',
  'Ingrid',
  'Mateo',
  'Yuki',
  'Olu',
  'Sofia',
  'Arjun',
  'Elena',
  'Chen',
  'Amara',
  'Diego',
  'Hana',
  'Ravi',
  'Leila',
  'Jonas',
  'Zara',
  'Pedro',
  'Mei',
  'Kwame',
  'Anya',
  'Felix',
  'Nadia',
  'Omar',
  'Lena',
  'Hiro',
  'Chiara',
  'Samir',
  'Freya',
  'Tariq',
  'Isabel',
  'Dmitri',
  'Ayumi',
  'Emeka',
  'Clara',
  'Vikram',
  'Rosa',
  'Ilya',
  'Nia',
  'Marco',
  'Sana',
  'Erik',
  'Lucia',
  'Kofi',
  'Greta',
  'Raj',
  'Ines',
  'Pavel',
  'Amina',
  'Bruno',
  'Keiko',
  'Tunde',
  'Helena',
  'Ahmed',
  'Julia',
  'Sven',
  'Divya',
  'Luis',
  'Mira',
  'Anders',
  'Ngozi',
  'Paolo',
  'Yasmin',
  'Karl',
  'Ana',
  'Jin',
  'Beatriz',
  'Hamza',
  'Signe',
  'Rohan',
  'Camila',
  'Oskar',
  'Adaeze',
  'Nikos',
  'Laura',
  'Wei',
  'Marta',
  'Yusuf',
  'Eva',
  'Sanjay',
  'Carmen',
  'Theo',
  'Ayesha',
  'Rafael',
  'Alina',
  'Kaito',
  'Zeynep',
  'Victor',
  'Leah',
  'Amit',
  'Paula',
  'Henrik',
  'Chioma',
  'Andrei',
];

const LAST_NAMES = [
  'Lopez',
  'Tanaka',
  'Bello',
  'Nowak',
  'Sharma',
  'Silva',
  'Haddad',
  'Fischer',
  'Larsen',
  'Rossi',
  'Sato',
  'Adeyemi',
  'Moreau',
  'Iyer',
  'Petrova',
  'Wang',
  'Okafor',
  'Garcia',
  'Kim',
  'Patel',
  'Nasser',
  'Becker',
  'Khan',
  'Costa',
  'Liu',
  'Mensah',
  'Ivanova',
  'Weber',
  'Rahman',
  'Farouk',
  'Novak',
  'Yamada',
  'Romano',
  'Aziz',
  'Berg',
  'Hassan',
  'Torres',
  'Volkov',
  'Suzuki',
  'Eze',
  'Dubois',
  'Rao',
  'Mendes',
  'Orlov',
  'Achebe',
  'Ferrari',
  'Malik',
  'Lindqvist',
  'Herrera',
  'Owusu',
  'Schmidt',
  'Nair',
  'Santos',
  'Kowalski',
  'Diallo',
  'Moretti',
  'Ito',
  'Balogun',
  'Jensen',
  'Salem',
];

const OFFSETS = [-8, -7, -5, -4, -3, 0, 1, 1, 2, 2, 3, 5, 8, 9];

function makeLogin(random: SeededRandom, first: string, last: string): string {
  const f = first.toLowerCase();
  const l = last.toLowerCase();
  switch (random.int(0, 9)) {
    case 0:
      return `${f}-${l}`;
    case 1:
      return `${f}${l}`;
    case 2:
      return `${f}${random.int(1, 99)}`;
    case 3:
      return `${f[0]}${l}`;
    case 4:
      return `${f}-dev`;
    case 5:
      return `${l}-${f}`;
    case 6:
      return `${first}${last}`;
    case 7:
      return `${f}codes`;
    case 8:
      return `${f}-${l[0]}`;
    default:
      return `${f}${l}${random.int(1980, 2004) % 100}`;
  }
}

/**
 * Creates `count` people (at least 20) for a community of `days` days with `repoCount` repositories.
 * Deterministic for a given random stream. The cohort's mentors are the first four maintainers.
 */
export function createDemoPeople(
  random: SeededRandom,
  count: number,
  repoCount: number,
  timeline: DemoTimeline,
): DemoPerson[] {
  const { days, termStart } = timeline;
  const logins = new Set<string>();
  const ids = new Set<number>();
  const account = (): DemoAccount => {
    for (;;) {
      const first = random.pick(FIRST_NAMES);
      const last = random.pick(LAST_NAMES);
      const login = makeLogin(random, first, last);
      if (logins.has(login.toLowerCase())) continue;
      logins.add(login.toLowerCase());
      let id = random.int(900_000_000, 999_999_999);
      while (ids.has(id)) id = random.int(900_000_000, 999_999_999);
      ids.add(id);
      return {
        login,
        id,
        type: 'User',
        name: `${first} ${last}`,
        email: `${id}+${login}@users.noreply.github.com`,
        association: 'NONE',
      };
    }
  };
  const withAssociation = (a: DemoAccount, association: DemoAccount['association']): DemoAccount => ({
    ...a,
    association,
  });

  const maintainers = Math.max(3, Math.round(count * 0.027));
  const mentees = Math.min(8, Math.floor(count / 5));
  const regulars = Math.round(count * 0.1);
  const occasional = Math.round(count * 0.25);
  const newcomers = Math.max(0, count - maintainers - mentees - regulars - occasional);
  const people: DemoPerson[] = [];
  const last = days - 1;

  for (let i = 0; i < maintainers; i++) {
    // The second to last maintainer joins a third of the way in; the last one goes quiet ten months
    // before the end, so the demo has a promotion and an emeritus candidate to show.
    const joinsLate = maintainers >= 5 && i === maintainers - 2;
    const goesQuiet = maintainers >= 5 && i === maintainers - 1;
    people.push({
      account: withAssociation(account(), i === 0 ? 'OWNER' : 'MEMBER'),
      role: 'maintainer',
      weight: 3 / (i + 1) ** 0.6,
      firstDay: joinsLate ? Math.floor(days * 0.35) : 0,
      lastDay: goesQuiet ? Math.max(0, last - 300) : last,
      utcOffset: random.pick(OFFSETS),
      homeRepo: i % repoCount,
    });
  }

  const profiles: MenteeProfile[] = [
    'strong',
    'strong',
    'steady',
    'strong',
    'dropped',
    'strong',
    'steady',
    'strong',
  ];
  const mentors = people.slice(0, Math.min(4, maintainers)).map((p) => p.account.login);
  for (let i = 0; i < mentees; i++) {
    const profile = profiles[i % profiles.length] as MenteeProfile;
    people.push({
      account: withAssociation(account(), 'CONTRIBUTOR'),
      role: 'mentee',
      weight: 1,
      firstDay: Math.max(0, termStart - random.int(28, 70)),
      lastDay: profile === 'dropped' ? Math.min(last, termStart + 34) : last,
      utcOffset: random.pick(OFFSETS),
      homeRepo: random.int(0, repoCount - 1),
      mentor: mentors[i % mentors.length] as string,
      menteeProfile: profile,
    });
  }

  for (let i = 0; i < regulars; i++) {
    const firstDay = random.int(0, Math.floor(days * 0.7));
    people.push({
      account: withAssociation(account(), 'CONTRIBUTOR'),
      role: 'regular',
      weight: 2.5 / (i + 1) ** 0.8,
      firstDay,
      lastDay: Math.min(last, firstDay + random.int(200, 700)),
      utcOffset: random.pick(OFFSETS),
      homeRepo: random.int(0, repoCount - 1),
    });
  }

  for (let i = 0; i < occasional; i++) {
    const firstDay = random.int(0, Math.max(0, days - 30));
    people.push({
      account: withAssociation(account(), 'CONTRIBUTOR'),
      role: 'occasional',
      weight: 0.3 / (i + 1) ** 0.5,
      firstDay,
      lastDay: Math.min(last, firstDay + random.int(20, 180)),
      utcOffset: random.pick(OFFSETS),
      homeRepo: random.int(0, repoCount - 1),
    });
  }

  for (let i = 0; i < newcomers; i++) {
    // More newcomers arrive as the community grows.
    const day = Math.min(last, Math.floor(days * random.next() ** 0.8));
    people.push({
      account: account(),
      role: 'newcomer',
      weight: 1,
      firstDay: day,
      lastDay: day,
      utcOffset: random.pick(OFFSETS),
      homeRepo: random.int(0, repoCount - 1),
    });
  }

  return people;
}
