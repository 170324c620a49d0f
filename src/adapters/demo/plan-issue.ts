import type { DemoAccount, DemoIssue } from './build-gh-archive-event.ts';
import { type DemoSimulation, later } from './demo-simulation.ts';
import { conversationComment, type IssueKind } from './demo-texts.ts';

/** How an issue's life should go; the details are drawn. */
export interface IssuePlan {
  readonly author: DemoAccount;
  readonly repoIndex: number;
  /** Epoch second the issue is opened. */
  readonly openAt: number;
  readonly kind: IssueKind;
  readonly title: string;
  readonly body: string;
  /** Labels the issue template sets at creation. */
  readonly labels: readonly string[];
  /** A label a maintainer adds while triaging, if any. */
  readonly triageLabel: string | null;
  /** Maintainers who triage, answer and close; never empty. */
  readonly triagers: readonly DemoAccount[];
  readonly bystanders: readonly DemoAccount[];
  readonly ciBot: DemoAccount;
}

const RECENT_ISSUES = 40;

/**
 * Plans an issue's whole life on `sim`: opening, triage labels, conversation, and the outcome
 * (closed as completed, not planned or duplicate, sometimes reopened, or left open and marked
 * stale). Spam is labelled and closed as not planned within hours.
 */
export function planIssue(sim: DemoSimulation, plan: IssuePlan): void {
  const r = sim.random;
  const repo = sim.repos[plan.repoIndex];
  if (repo === undefined) throw new Error(`no repository ${plan.repoIndex}`);
  const { author } = plan;
  const holder: { issue?: DemoIssue } = {};
  const touch = (at: string): DemoIssue => {
    const issue = holder.issue as DemoIssue;
    issue.updatedAt = at;
    return issue;
  };

  sim.schedule(plan.openAt, author, repo, (at) => {
    const issue: DemoIssue = {
      kind: 'issue',
      repo,
      number: sim.nextNumber(plan.repoIndex),
      id: sim.nextId('issue'),
      title: plan.title,
      body: plan.body,
      author,
      createdAt: at,
      labels: [...plan.labels],
      state: 'open',
      stateReason: null,
      updatedAt: at,
      closedAt: null,
      comments: 0,
    };
    holder.issue = issue;
    if (plan.kind !== 'spam') {
      sim.recentIssues.push(issue);
      if (sim.recentIssues.length > RECENT_ISSUES) sim.recentIssues.shift();
    }
    return { kind: 'issue_opened', issue };
  });

  const label = (at: number, who: DemoAccount, name: string) =>
    sim.schedule(at, who, repo, (iso) => {
      const issue = touch(iso);
      if (issue.labels.includes(name)) return null;
      issue.labels.push(name);
      return { kind: 'issue_labeled', issue, label: name };
    });
  const comment = (at: number, who: DemoAccount, body: string) =>
    sim.schedule(at, who, repo, (iso) => {
      const issue = touch(iso);
      issue.comments++;
      return { kind: 'issue_comment', item: issue, comment: { id: sim.nextId('comment'), body } };
    });
  const close = (at: number, who: DemoAccount, reason: 'completed' | 'not_planned' | 'duplicate') =>
    sim.schedule(at, who, repo, (iso) => {
      const issue = touch(iso);
      if (issue.state === 'closed') return null;
      issue.state = 'closed';
      issue.stateReason = reason;
      issue.closedAt = iso;
      return { kind: 'issue_closed', issue };
    });

  const triager = r.pick(plan.triagers);
  if (plan.kind === 'spam') {
    const at = later(sim, plan.openAt, 3);
    label(at, triager, r.chance(0.6) ? 'spam' : 'invalid');
    close(at + r.int(5, 120), triager, 'not_planned');
    return;
  }

  let t = plan.openAt;
  if (plan.triageLabel !== null) label(later(sim, t, 12), triager, plan.triageLabel);
  if (r.chance(0.7)) {
    t = later(sim, t, 16);
    comment(t, triager, conversationComment(r, 'maintainer'));
    if (r.chance(0.5)) {
      t = later(sim, t, 10);
      comment(t, author, conversationComment(r, 'author'));
    }
  }
  if (plan.bystanders.length > 0 && r.chance(0.3)) {
    comment(later(sim, plan.openAt, 48), r.pick(plan.bystanders), conversationComment(r, 'bystander'));
  }

  const roll = r.next();
  const completed = plan.kind === 'question' ? 0.7 : 0.55;
  let closeAt: number;
  if (roll < completed) {
    closeAt = later(sim, t, 24 * 7);
    close(closeAt, r.chance(0.7) ? triager : author, 'completed');
  } else if (roll < completed + 0.13) {
    closeAt = later(sim, t, 24 * 5);
    comment(closeAt - 1, triager, 'We will not work on this for now; closing as not planned.');
    close(closeAt, triager, 'not_planned');
  } else if (roll < completed + 0.2) {
    closeAt = later(sim, t, 24 * 2);
    comment(closeAt - 1, triager, `Duplicate of #${r.int(1, 400)}`);
    close(closeAt, triager, 'duplicate');
    return;
  } else {
    if (r.chance(0.5))
      comment(t + 60 * 86_400 + r.int(0, 20 * 86_400), plan.ciBot, conversationComment(r, 'stale'));
    return;
  }
  if (r.chance(0.06)) {
    // Reopened by the reporter, with a reason; sometimes closed again later.
    const reopenAt = later(sim, closeAt, 24 * 10);
    comment(reopenAt - 1, author, 'This still happens on the latest release.');
    sim.schedule(reopenAt, author, repo, (iso) => {
      const issue = touch(iso);
      if (issue.state !== 'closed') return null;
      issue.state = 'open';
      issue.stateReason = 'reopened';
      issue.closedAt = null;
      return { kind: 'issue_reopened', issue };
    });
    if (r.chance(0.5)) close(later(sim, reopenAt, 24 * 4), triager, 'completed');
  }
}
