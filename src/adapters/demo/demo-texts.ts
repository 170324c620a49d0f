import type { SeededRandom } from './seeded-random.ts';

/** Invented titles and bodies for demo issues, pull requests, reviews and comments. */

const COMPONENTS = [
  'scheduler',
  'controller',
  'API server',
  'status collector',
  'binding policy',
  'transport',
  'webhook',
  'cache',
  'syncer',
  'installer',
  'metrics exporter',
  'config loader',
  'CLI',
  'dashboard',
  'Helm chart',
  'login page',
  'search box',
  'quick start',
  'release notes',
  'workload view',
];

const SYMPTOMS = [
  'crashes when the config file is empty',
  'leaks goroutines after a reconnect',
  'reports the wrong status after a restart',
  'ignores the namespace flag',
  'times out on large clusters',
  'shows a blank page in Firefox',
  'panics with a nil pointer on startup',
  'loses labels when syncing',
  'retries forever when the token expires',
  'prints a confusing error for a missing kubeconfig',
];

const FEATURES = [
  'a dry-run mode',
  'JSON output',
  'dark mode',
  'pagination',
  'a health endpoint',
  'retry with backoff',
  'per-namespace filters',
  'shell completion',
  'a metrics dashboard',
  'multi-cluster status',
];

const DOC_TOPICS = [
  'the quick start guide',
  'the architecture overview',
  'the upgrade guide',
  'the contributor guide',
  'the troubleshooting page',
  'the API reference',
];

const DEPENDENCIES = [
  ['golang.org/x/net', 'go_modules'],
  ['k8s.io/client-go', 'go_modules'],
  ['github.com/spf13/cobra', 'go_modules'],
  ['sigs.k8s.io/controller-runtime', 'go_modules'],
  ['react', 'npm_and_yarn'],
  ['vite', 'npm_and_yarn'],
  ['axios', 'npm_and_yarn'],
  ['@types/node', 'npm_and_yarn'],
] as const;

const SPAM_TITLES = [
  'Cheap followers for your repository',
  'hello i want to join the project plz reply',
  'Best SEO services for your website',
  'test',
  'Free crypto giveaway',
];

/** What kind of change a pull request makes, which shapes its title and branch. */
export type ChangeKind = 'fix' | 'feature' | 'docs' | 'chore' | 'test';

/** A pull request title, body and branch name for a change of `kind`. */
export function pullRequestText(
  random: SeededRandom,
  kind: ChangeKind,
): { title: string; body: string; branch: string } {
  const component = random.pick(COMPONENTS);
  const slug = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 30);
  switch (kind) {
    case 'fix': {
      const symptom = random.pick(SYMPTOMS);
      const title = `Fix ${component} that ${symptom}`;
      return {
        title,
        body: `The ${component} ${symptom}. This change fixes it and adds a test.`,
        branch: `fix-${slug(component)}-${random.int(1, 999)}`,
      };
    }
    case 'feature': {
      const feature = random.pick(FEATURES);
      return {
        title: `Add ${feature} to the ${component}`,
        body: `Adds ${feature} to the ${component}, behind a flag for now.`,
        branch: `feat/${slug(feature)}`,
      };
    }
    case 'docs': {
      const topic = random.pick(DOC_TOPICS);
      return {
        title: `docs: clarify ${topic}`,
        body: `Rewords ${topic} and fixes a few broken links.`,
        branch: `docs-${slug(topic)}-${random.int(1, 99)}`,
      };
    }
    case 'test':
      return {
        title: `test: cover the ${component} error paths`,
        body: `Adds table tests for the ${component}.`,
        branch: `test-${slug(component)}`,
      };
    case 'chore':
      return {
        title: `chore: tidy up the ${component} code`,
        body: `No behaviour change: renames and dead code removal in the ${component}.`,
        branch: `chore-${slug(component)}`,
      };
  }
}

/** A dependency update as Dependabot titles it, with its branch and ecosystem. */
export function dependencyBumpText(random: SeededRandom): { title: string; body: string; branch: string } {
  const [dependency, ecosystem] = random.pick(DEPENDENCIES);
  const major = random.int(0, 3);
  const minor = random.int(0, 30);
  const from = `${major}.${minor}.${random.int(0, 9)}`;
  const to = `${major}.${minor + 1}.0`;
  return {
    title: `Bump ${dependency} from ${from} to ${to}`,
    body: `Bumps ${dependency} from ${from} to ${to}.\n\nDependabot will resolve any conflicts with this PR as long as you don't alter it yourself.`,
    branch: `dependabot/${ecosystem}/${dependency.replace(/^@/, '')}-${to}`,
  };
}

/** What an issue reports, which decides its template label. */
export type IssueKind = 'bug' | 'feature' | 'docs' | 'question' | 'spam';

/** An issue title and body of `kind`. */
export function issueText(random: SeededRandom, kind: IssueKind): { title: string; body: string } {
  const component = random.pick(COMPONENTS);
  switch (kind) {
    case 'bug': {
      const symptom = random.pick(SYMPTOMS);
      return {
        title: `The ${component} ${symptom}`,
        body: `### What happened\nThe ${component} ${symptom}.\n\n### How to reproduce\n1. Install v0.${random.int(10, 30)}\n2. Run the quick start\n\n### Expected\nNo error.`,
      };
    }
    case 'feature': {
      const feature = random.pick(FEATURES);
      return {
        title: `Support ${feature} in the ${component}`,
        body: `It would help to have ${feature} in the ${component}. Happy to help implement it.`,
      };
    }
    case 'docs': {
      const topic = random.pick(DOC_TOPICS);
      return { title: `Docs: ${topic} is out of date`, body: `Some steps in ${topic} no longer work.` };
    }
    case 'question':
      return {
        title: `How do I configure the ${component}?`,
        body: `I could not find how to configure the ${component} for a small cluster.`,
      };
    case 'spam':
      return { title: random.pick(SPAM_TITLES), body: 'Visit my website for more.' };
  }
}

/** A review body for a review `state`. */
export function reviewBody(
  random: SeededRandom,
  state: 'approved' | 'changes_requested' | 'commented',
): string {
  switch (state) {
    case 'approved':
      return random.pick(['LGTM, thanks!', '', 'Looks good to me.', 'Nice work 🎉', '/lgtm']);
    case 'changes_requested':
      return random.pick([
        'A few things to fix before we can merge.',
        'Please add a test for the error path.',
        'This breaks the upgrade path, see inline comments.',
      ]);
    case 'commented':
      return random.pick(['Some questions inline.', 'Mostly fine, small nits.', '']);
  }
}

/** An inline review comment, or an author's reply to one. */
export function reviewCommentBody(random: SeededRandom, reply: boolean): string {
  return reply
    ? random.pick([
        'Done.',
        'Good catch, fixed.',
        'I kept it on purpose: the caller already checks this.',
        'Updated, thanks!',
      ])
    : random.pick([
        'Can this be nil here?',
        'nit: typo in the comment',
        'Please wrap this error with some context.',
        'Could we reuse the existing helper instead?',
        'This loop runs on every reconcile, is that intended?',
      ]);
}

/** A file path a review comment points at. */
export function reviewedPath(random: SeededRandom, language: string): string {
  return language === 'Go'
    ? random.pick([
        'pkg/controller/reconcile.go',
        'pkg/status/collector.go',
        'cmd/root.go',
        'pkg/transport/client.go',
      ])
    : random.pick([
        'src/components/WorkloadView.tsx',
        'src/api/client.ts',
        'docs/quick-start.md',
        'README.md',
      ]);
}

/** A comment in a conversation, by who is talking. */
export function conversationComment(
  random: SeededRandom,
  speaker: 'author' | 'maintainer' | 'bystander' | 'welcome' | 'ci' | 'stale' | 'superseded',
): string {
  switch (speaker) {
    case 'author':
      return random.pick([
        'Thanks for the review, updated!',
        'Rebased on main.',
        'Can someone take another look?',
        'Thanks!',
      ]);
    case 'maintainer':
      return random.pick([
        'Thanks for reporting! Can you share the logs?',
        'I can reproduce this on main.',
        '/assign',
        'This is expected behaviour, see the docs.',
        'Let us discuss this at the community call.',
        '/retest',
      ]);
    case 'bystander':
      return random.pick([
        '+1, I see this too.',
        'Same here on v0.21.',
        'Is there a workaround?',
        'I would like to work on this.',
      ]);
    case 'welcome':
      return '👋 Thanks for opening your first pull request here! A maintainer will review it soon. Please make sure you have signed off your commits.';
    case 'ci':
      return random.pick([
        '✅ All checks passed.',
        '📦 Preview deployed.',
        '❌ Lint failed, see the job log.',
        'Coverage: 81.2% (+0.3%)',
      ]);
    case 'stale':
      return 'This issue has been automatically marked as stale because it has not had recent activity. It will be closed if no further activity occurs.';
    case 'superseded':
      return 'Superseded by a newer version of this dependency.';
  }
}
