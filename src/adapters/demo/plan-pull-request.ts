import type { DemoAccount, DemoCommit, DemoPullRequest, DemoRepo } from './build-gh-archive-event.ts';
import { type DemoSimulation, forkOf, later } from './demo-simulation.ts';
import { conversationComment, reviewBody, reviewCommentBody, reviewedPath } from './demo-texts.ts';

/** How a pull request's life should go; the details (rounds, timing, who exactly) are drawn. */
export interface PullRequestPlan {
  readonly author: DemoAccount;
  readonly repoIndex: number;
  /** Epoch second the pull request is opened. */
  readonly openAt: number;
  /** No act of this pull request happens before this second (the start of the planning day). */
  readonly notBefore: number;
  readonly title: string;
  readonly body: string;
  readonly branch: string;
  readonly labels: readonly string[];
  /** Members and bots push branches to the org repository; others to their fork. */
  readonly ownBranch: boolean;
  /** `member`: a maintainer's change, one quick approval. `contributor`: review rounds. `bot`: a dependency bump. */
  readonly style: 'member' | 'contributor' | 'bot';
  /** Reviewers; the first is the primary one (a mentee's mentor). Never contains the author. */
  readonly reviewers: readonly DemoAccount[];
  /** Who may approve finally and merge; never empty. */
  readonly mergers: readonly DemoAccount[];
  /** Peers who may leave an extra review (other mentees). */
  readonly peers: readonly DemoAccount[];
  readonly mergeChance: number;
  /** Mean hours between the opening and the first review, and between rounds. */
  readonly reviewMeanHours: number;
  /** People who may drop a comment in the conversation. */
  readonly bystanders: readonly DemoAccount[];
  /** The CI bot, which comments on some pull requests and welcomes first-timers. */
  readonly ciBot: DemoAccount;
}

/**
 * Plans a pull request's whole life on `sim`: branch and pushes, opening, bot comments, review
 * rounds with inline comments and the author's answers, and the outcome (merged with a squash
 * commit pushed to the default branch, closed unmerged and sometimes reopened, or left open).
 */
export function planPullRequest(sim: DemoSimulation, plan: PullRequestPlan): void {
  const r = sim.random;
  const found = sim.repos[plan.repoIndex];
  if (found === undefined) throw new Error(`no repository ${plan.repoIndex}`);
  const repo: DemoRepo = found;
  const { author } = plan;
  const headRepo = plan.ownBranch ? repo : forkOf(sim, author, repo);
  const holder: { pr?: DemoPullRequest; reviewId: number; firstComment: number } = {
    reviewId: 0,
    firstComment: 0,
  };
  const pr = (): DemoPullRequest => holder.pr as DemoPullRequest;
  const touch = (at: string): DemoPullRequest => {
    const p = pr();
    p.updatedAt = at;
    return p;
  };
  const headSha = r.hex(40);
  const firstCommits = plan.style === 'bot' ? 1 : r.int(1, 4);

  // Before opening: a fork for a first-time contributor, or a branch and a push in the org repo.
  if (!plan.ownBranch && !sim.forks.has(headRepo.fullName)) {
    sim.forks.add(headRepo.fullName);
    sim.schedule(Math.max(plan.notBefore, plan.openAt - r.int(900, 7200)), author, repo, () => ({
      kind: 'forked',
      fork: headRepo,
    }));
  }
  if (plan.ownBranch) {
    const pushAt = Math.max(plan.notBefore, plan.openAt - r.int(120, 1800));
    if (plan.style === 'member' && r.chance(0.9)) {
      sim.schedule(pushAt, author, repo, () => ({ kind: 'branch_created', ref: plan.branch }));
    }
    const shas = Array.from({ length: firstCommits }, (_, i) =>
      i === firstCommits - 1 ? headSha : r.hex(40),
    );
    sim.schedule(pushAt, author, repo, () => ({
      kind: 'push',
      push: {
        pushId: sim.nextId('push'),
        ref: `refs/heads/${plan.branch}`,
        before: sim.heads[plan.repoIndex] as string,
        head: headSha,
        commits: shas.map((sha, i) => ({
          sha,
          author,
          message: i === 0 ? plan.title : 'Address review comments',
        })),
      },
    }));
  }

  sim.schedule(plan.openAt, author, repo, (at) => {
    const additions = r.int(1, plan.style === 'bot' ? 40 : 400);
    holder.pr = {
      kind: 'pr',
      repo,
      number: sim.nextNumber(plan.repoIndex),
      id: sim.nextId('pull'),
      issueId: sim.nextId('issue'),
      title: plan.title,
      body: plan.body,
      author,
      createdAt: at,
      headRepo,
      headRef: plan.branch,
      labels: [...plan.labels],
      headSha,
      baseSha: sim.heads[plan.repoIndex] as string,
      state: 'open',
      updatedAt: at,
      closedAt: null,
      merged: false,
      mergedAt: null,
      mergedBy: null,
      mergeCommitSha: null,
      comments: 0,
      reviewComments: 0,
      commits: firstCommits,
      additions,
      deletions: r.int(0, additions),
      changedFiles: r.int(1, 12),
    };
    return { kind: 'pr_opened', pr: holder.pr };
  });

  const comment = (at: number, who: DemoAccount, body: string) =>
    sim.schedule(at, who, repo, (iso) => {
      const p = touch(iso);
      p.comments++;
      return { kind: 'issue_comment', item: p, comment: { id: sim.nextId('comment'), body } };
    });

  // Bots: a welcome for a first pull request, CI results on some others.
  if (plan.style === 'contributor' && !sim.mergedAuthors.has(author.login) && r.chance(0.8)) {
    comment(plan.openAt + r.int(5, 60), plan.ciBot, conversationComment(r, 'welcome'));
  } else if (r.chance(0.3)) {
    comment(later(sim, plan.openAt, 0.3), plan.ciBot, conversationComment(r, 'ci'));
  }

  const review = (
    at: number,
    who: DemoAccount,
    state: 'approved' | 'changes_requested' | 'commented',
    inlineComments: number,
  ) => {
    sim.schedule(at, who, repo, (iso) => {
      const p = touch(iso);
      if (p.state !== 'open') return null;
      holder.reviewId = sim.nextId('review');
      holder.firstComment = 0;
      return {
        kind: 'pr_reviewed',
        pr: p,
        review: { id: holder.reviewId, state, body: reviewBody(r, state), commitId: p.headSha },
      };
    });
    for (let i = 0; i < inlineComments; i++) {
      sim.schedule(at + i, who, repo, (iso) => {
        const p = touch(iso);
        if (p.state !== 'open') return null;
        p.reviewComments++;
        const id = sim.nextId('reviewComment');
        if (holder.firstComment === 0) holder.firstComment = id;
        return {
          kind: 'review_comment',
          pr: p,
          comment: {
            id,
            reviewId: holder.reviewId,
            body: reviewCommentBody(r, false),
            path: reviewedPath(r, repo.language),
            line: r.int(5, 400),
            commitId: p.headSha,
          },
        };
      });
    }
  };

  const pushFixes = (at: number) => {
    const newHead = r.hex(40);
    sim.schedule(at, author, repo, (iso) => {
      const p = touch(iso);
      if (p.state !== 'open') return null;
      const before = p.headSha;
      p.headSha = newHead;
      p.commits++;
      if (!plan.ownBranch) return null; // pushed to a fork: no event in this organization
      const commits: DemoCommit[] = [{ sha: newHead, author, message: 'Address review comments' }];
      return {
        kind: 'push',
        push: {
          pushId: sim.nextId('push'),
          ref: `refs/heads/${plan.branch}`,
          before,
          head: newHead,
          commits,
        },
      };
    });
  };

  // Review rounds before the decision.
  let t = plan.openAt;
  const primary = plan.reviewers[0] ?? (r.pick(plan.mergers) as DemoAccount);
  const rounds = plan.style === 'contributor' ? (r.chance(0.5) ? 1 : 0) + (r.chance(0.2) ? 1 : 0) : 0;
  if (plan.peers.length > 0 && r.chance(0.3)) {
    t = later(sim, t, plan.reviewMeanHours);
    review(t, r.pick(plan.peers), r.chance(0.6) ? 'commented' : 'approved', r.int(0, 2));
  }
  for (let round = 0; round < rounds; round++) {
    t = later(sim, t, plan.reviewMeanHours);
    const reviewer =
      round === 0 ? primary : r.chance(0.7) ? primary : r.pick(plan.reviewers.concat(plan.mergers));
    review(t, reviewer, r.chance(0.55) ? 'changes_requested' : 'commented', r.int(1, 3));
    const answerAt = later(sim, t, 10, 600);
    if (r.chance(0.45)) {
      sim.schedule(answerAt, author, repo, (iso) => {
        const p = touch(iso);
        if (p.state !== 'open' || holder.firstComment === 0) return null;
        p.reviewComments++;
        return {
          kind: 'review_comment',
          pr: p,
          comment: {
            id: sim.nextId('reviewComment'),
            reviewId: sim.nextId('review'),
            body: reviewCommentBody(r, true),
            path: reviewedPath(r, repo.language),
            line: r.int(5, 400),
            commitId: p.headSha,
            inReplyTo: holder.firstComment,
          },
        };
      });
    }
    pushFixes(answerAt + 1);
    if (r.chance(0.35)) comment(answerAt + 2, author, conversationComment(r, 'author'));
    t = answerAt + 3;
  }
  if (plan.bystanders.length > 0 && r.chance(plan.style === 'bot' ? 0.02 : 0.25)) {
    comment(later(sim, plan.openAt, 20), r.pick(plan.bystanders), conversationComment(r, 'bystander'));
  }

  const roll = r.next();
  const outcome =
    roll < plan.mergeChance
      ? 'merge'
      : roll < plan.mergeChance + (1 - plan.mergeChance) * 0.8
        ? 'close'
        : 'open';
  if (outcome === 'merge') {
    merge(t, plan.style === 'member' ? 4 : plan.reviewMeanHours);
  } else if (outcome === 'close') {
    const closeAt = later(sim, t, plan.style === 'bot' ? 24 * 5 : 48);
    const byAuthor = plan.style === 'bot' || r.chance(0.3);
    const closer = byAuthor ? author : r.pick(plan.mergers);
    if (plan.style === 'bot') comment(closeAt - 1, author, conversationComment(r, 'superseded'));
    else if (!byAuthor && r.chance(0.6))
      comment(
        closeAt - 1,
        closer,
        'Closing this: it is superseded by another change. Thanks for the effort!',
      );
    sim.schedule(closeAt, closer, repo, (iso) => {
      const p = touch(iso);
      if (p.state !== 'open') return null;
      p.state = 'closed';
      p.closedAt = iso;
      return { kind: 'pr_closed', pr: p };
    });
    if (plan.style !== 'bot' && r.chance(0.12)) {
      const reopenAt = later(sim, closeAt, 48);
      sim.schedule(reopenAt, author, repo, (iso) => {
        const p = touch(iso);
        if (p.state !== 'closed' || p.merged) return null;
        p.state = 'open';
        p.closedAt = null;
        return { kind: 'pr_reopened', pr: p };
      });
      if (r.chance(0.6)) merge(reopenAt, plan.reviewMeanHours);
    }
  } else if (r.chance(0.5)) {
    comment(t + 60 * 86_400 + r.int(0, 20 * 86_400), plan.ciBot, conversationComment(r, 'stale'));
  }

  /** Approves after `after` (a wait of `meanHours` on average), then merges soon after. */
  function merge(after: number, meanHours: number): void {
    const approver = plan.style === 'member' || r.chance(0.7) ? r.pick(plan.mergers) : primary;
    const approveAt = later(sim, after, meanHours);
    // GitHub does not let authors approve their own pull requests (a lone maintainer just merges).
    const canApprove = approver.login !== author.login;
    if (canApprove && (plan.style !== 'bot' || r.chance(0.7))) {
      review(approveAt, approver, 'approved', r.chance(0.2) ? 1 : 0);
    }
    if (plan.style === 'contributor' && r.chance(0.15))
      review(approveAt + 5, r.pick(plan.mergers), 'approved', 0);
    const mergeAt = later(sim, approveAt + 10, 1.5);
    const merger = r.chance(0.75) || plan.mergers.length === 1 ? approver : r.pick(plan.mergers);
    const mergeSha = r.hex(40);
    sim.schedule(mergeAt, merger, repo, (iso) => {
      const p = touch(iso);
      if (p.state !== 'open') return null;
      p.state = 'closed';
      p.closedAt = iso;
      p.merged = true;
      p.mergedAt = iso;
      p.mergedBy = merger;
      p.mergeCommitSha = mergeSha;
      sim.mergedAuthors.add(author.login);
      return { kind: 'pr_merged', pr: p };
    });
    // The squash commit, authored by the pull request's author and pushed by whoever merged.
    sim.schedule(mergeAt + 1, merger, repo, () => {
      const p = pr();
      if (p.mergeCommitSha !== mergeSha) return null;
      const before = sim.heads[plan.repoIndex] as string;
      sim.heads[plan.repoIndex] = mergeSha;
      return {
        kind: 'push',
        push: {
          pushId: sim.nextId('push'),
          ref: `refs/heads/${repo.defaultBranch}`,
          before,
          head: mergeSha,
          commits: [{ sha: mergeSha, author, message: `${p.title} (#${p.number})` }],
        },
      };
    });
    if (plan.ownBranch && plan.style !== 'bot' && r.chance(0.7)) {
      sim.schedule(mergeAt + 2, merger, repo, () =>
        pr().merged ? { kind: 'branch_deleted', ref: plan.branch } : null,
      );
    }
  }
}
