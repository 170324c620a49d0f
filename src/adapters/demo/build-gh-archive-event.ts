import type { GhArchiveEvent, GhArchiveShape } from './gh-archive-event.ts';

/**
 * Payload builders shared by the demo community and the benchmark files: they turn a described act
 * ("this account merged that pull request at that time") into the GH Archive event GitHub would have
 * published, in the full shape GitHub used until 2025-10-07 or the trimmed shape it has used since.
 * Field lists follow GitHub's own webhook and Events API examples.
 */

/** A GitHub account: a person, a bot or an organization. */
export interface DemoAccount {
  readonly login: string;
  readonly id: number;
  readonly type: 'User' | 'Bot' | 'Organization';
  /** Display name, also the git author name of the account's commits. */
  readonly name: string;
  /** Git author email of the account's commits. */
  readonly email: string;
  /** How GitHub would label the account on the org's items (`author_association`). */
  readonly association: 'OWNER' | 'MEMBER' | 'COLLABORATOR' | 'CONTRIBUTOR' | 'NONE';
}

/** A repository. */
export interface DemoRepo {
  readonly id: number;
  readonly owner: DemoAccount;
  /** `owner/name`. */
  readonly fullName: string;
  readonly name: string;
  readonly description: string;
  readonly language: string;
  readonly createdAt: string;
  readonly defaultBranch: string;
  readonly fork: boolean;
  readonly topics: readonly string[];
}

/** An issue as the simulation knows it; the builders read it as it is at the event's time. */
export interface DemoIssue {
  readonly kind: 'issue';
  readonly repo: DemoRepo;
  readonly number: number;
  readonly id: number;
  readonly title: string;
  readonly body: string;
  readonly author: DemoAccount;
  readonly createdAt: string;
  labels: string[];
  state: 'open' | 'closed';
  stateReason: 'completed' | 'not_planned' | 'duplicate' | 'reopened' | null;
  updatedAt: string;
  closedAt: string | null;
  comments: number;
}

/** A pull request as the simulation knows it. */
export interface DemoPullRequest {
  readonly kind: 'pr';
  readonly repo: DemoRepo;
  readonly number: number;
  readonly id: number;
  readonly title: string;
  readonly body: string;
  readonly author: DemoAccount;
  readonly createdAt: string;
  /** The id of the issue every pull request also is (differs from the pull request's own id). */
  readonly issueId: number;
  /** The repository the head branch lives in: the org repo for members, a fork otherwise. */
  readonly headRepo: DemoRepo;
  readonly headRef: string;
  labels: string[];
  headSha: string;
  baseSha: string;
  state: 'open' | 'closed';
  updatedAt: string;
  closedAt: string | null;
  merged: boolean;
  mergedAt: string | null;
  mergedBy: DemoAccount | null;
  mergeCommitSha: string | null;
  comments: number;
  reviewComments: number;
  commits: number;
  additions: number;
  deletions: number;
  changedFiles: number;
}

/** A submitted review. */
export interface DemoReview {
  readonly id: number;
  readonly state: 'approved' | 'changes_requested' | 'commented';
  readonly body: string;
  readonly commitId: string;
}

/** A comment on a line of a pull request's diff. */
export interface DemoReviewComment {
  readonly id: number;
  readonly reviewId: number;
  readonly body: string;
  readonly path: string;
  readonly line: number;
  readonly commitId: string;
  readonly inReplyTo?: number;
}

/** A comment in an issue's or pull request's conversation. */
export interface DemoComment {
  readonly id: number;
  readonly body: string;
}

/** One commit of a push, as the Events API summarised it before 2025-10-07. */
export interface DemoCommit {
  readonly sha: string;
  readonly author: DemoAccount;
  readonly message: string;
}

/** A push of commits to one ref. */
export interface DemoPush {
  readonly pushId: number;
  /** Full ref, e.g. `refs/heads/main`. */
  readonly ref: string;
  readonly before: string;
  readonly head: string;
  readonly commits: readonly DemoCommit[];
}

/** What happened, with the objects it happened to. The actor, time and repository come separately. */
export type DemoAct =
  | { readonly kind: 'pr_opened' | 'pr_closed' | 'pr_merged' | 'pr_reopened'; readonly pr: DemoPullRequest }
  | { readonly kind: 'pr_reviewed'; readonly pr: DemoPullRequest; readonly review: DemoReview }
  | { readonly kind: 'review_comment'; readonly pr: DemoPullRequest; readonly comment: DemoReviewComment }
  | { readonly kind: 'issue_opened' | 'issue_closed' | 'issue_reopened'; readonly issue: DemoIssue }
  | { readonly kind: 'issue_labeled'; readonly issue: DemoIssue; readonly label: string }
  | {
      readonly kind: 'issue_comment';
      readonly item: DemoIssue | DemoPullRequest;
      readonly comment: DemoComment;
    }
  | { readonly kind: 'push'; readonly push: DemoPush }
  | { readonly kind: 'branch_created' | 'branch_deleted'; readonly ref: string }
  | { readonly kind: 'starred' }
  | { readonly kind: 'forked'; readonly fork: DemoRepo };

/** Who, when, where and in which shape an act is published. */
export interface DemoEventContext {
  readonly eventId: string;
  /** `YYYY-MM-DDTHH:MM:SSZ`. */
  readonly at: string;
  readonly actor: DemoAccount;
  readonly repo: DemoRepo;
  readonly shape: GhArchiveShape;
}

const API = 'https://api.github.com';
const WEB = 'https://github.com';

const LABEL_STYLE: Readonly<Record<string, { readonly color: string; readonly description: string }>> = {
  bug: { color: 'd73a4a', description: "Something isn't working" },
  'kind/bug': { color: 'e11d21', description: 'Categorizes issue or PR as related to a bug.' },
  enhancement: { color: 'a2eeef', description: 'New feature or request' },
  'kind/feature': { color: 'c7def8', description: 'Categorizes issue or PR as related to a new feature.' },
  documentation: { color: '0075ca', description: 'Improvements or additions to documentation' },
  'help wanted': { color: '008672', description: 'Extra attention is needed' },
  'good first issue': { color: '7057ff', description: 'Good for newcomers' },
  spam: { color: 'b60205', description: 'Spam, not a contribution' },
  invalid: { color: 'e4e669', description: "This doesn't seem right" },
  duplicate: { color: 'cfd3d7', description: 'This issue or pull request already exists' },
  dependencies: { color: '0366d6', description: 'Pull requests that update a dependency file' },
};

/** A stable 31-bit number for a string, used for ids that must not change between runs. */
function stableNumber(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h & 0x7fffffff;
}

function nodeId(prefix: string, id: number): string {
  return `${prefix}_kwDO${id.toString(36).toUpperCase().padStart(8, 'A')}`;
}

function apiLogin(login: string): string {
  return login.replace('[', '%5B').replace(']', '%5D');
}

function displayLogin(login: string): string {
  return login.endsWith('[bot]') ? login.slice(0, -5) : login;
}

function avatar(id: number): string {
  return `https://avatars.githubusercontent.com/u/${id}?v=4`;
}

/** The envelope's `actor`. */
function toActor(account: DemoAccount): GhArchiveEvent['actor'] {
  return {
    id: account.id,
    login: account.login,
    display_login: displayLogin(account.login),
    gravatar_id: '',
    url: `${API}/users/${account.login}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${account.id}?`,
  };
}

/** A user object as embedded in issues, pull requests and comments. */
function toUser(account: DemoAccount): Record<string, unknown> {
  const url = `${API}/users/${apiLogin(account.login)}`;
  return {
    login: account.login,
    id: account.id,
    node_id: nodeId(account.type === 'Bot' ? 'BOT' : 'U', account.id),
    avatar_url: avatar(account.id),
    gravatar_id: '',
    url,
    html_url:
      account.type === 'Bot' ? `${WEB}/apps/${displayLogin(account.login)}` : `${WEB}/${account.login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: account.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

/** A full repository object, as in a pull request's `head.repo` and `base.repo`. */
function toRepository(repo: DemoRepo, pushedAt: string): Record<string, unknown> {
  const url = `${API}/repos/${repo.fullName}`;
  return {
    id: repo.id,
    node_id: nodeId('R', repo.id),
    name: repo.name,
    full_name: repo.fullName,
    private: false,
    owner: toUser(repo.owner),
    html_url: `${WEB}/${repo.fullName}`,
    description: repo.description,
    fork: repo.fork,
    url,
    forks_url: `${url}/forks`,
    keys_url: `${url}/keys{/key_id}`,
    collaborators_url: `${url}/collaborators{/collaborator}`,
    teams_url: `${url}/teams`,
    hooks_url: `${url}/hooks`,
    issue_events_url: `${url}/issues/events{/number}`,
    events_url: `${url}/events`,
    assignees_url: `${url}/assignees{/user}`,
    branches_url: `${url}/branches{/branch}`,
    tags_url: `${url}/tags`,
    blobs_url: `${url}/git/blobs{/sha}`,
    git_tags_url: `${url}/git/tags{/sha}`,
    git_refs_url: `${url}/git/refs{/sha}`,
    trees_url: `${url}/git/trees{/sha}`,
    statuses_url: `${url}/statuses/{sha}`,
    languages_url: `${url}/languages`,
    stargazers_url: `${url}/stargazers`,
    contributors_url: `${url}/contributors`,
    subscribers_url: `${url}/subscribers`,
    subscription_url: `${url}/subscription`,
    commits_url: `${url}/commits{/sha}`,
    git_commits_url: `${url}/git/commits{/sha}`,
    comments_url: `${url}/comments{/number}`,
    issue_comment_url: `${url}/issues/comments{/number}`,
    contents_url: `${url}/contents/{+path}`,
    compare_url: `${url}/compare/{base}...{head}`,
    merges_url: `${url}/merges`,
    archive_url: `${url}/{archive_format}{/ref}`,
    downloads_url: `${url}/downloads`,
    issues_url: `${url}/issues{/number}`,
    pulls_url: `${url}/pulls{/number}`,
    milestones_url: `${url}/milestones{/number}`,
    notifications_url: `${url}/notifications{?since,all,participating}`,
    labels_url: `${url}/labels{/name}`,
    releases_url: `${url}/releases{/id}`,
    deployments_url: `${url}/deployments`,
    created_at: repo.createdAt,
    updated_at: pushedAt,
    pushed_at: pushedAt,
    git_url: `git://github.com/${repo.fullName}.git`,
    ssh_url: `git@github.com:${repo.fullName}.git`,
    clone_url: `${WEB}/${repo.fullName}.git`,
    svn_url: `${WEB}/${repo.fullName}`,
    homepage: repo.fork ? null : `https://${repo.owner.login}.example.org`,
    size: 1000 + (repo.id % 40000),
    stargazers_count: repo.fork ? 0 : 200 + (repo.id % 3000),
    watchers_count: repo.fork ? 0 : 200 + (repo.id % 3000),
    language: repo.language,
    has_issues: !repo.fork,
    has_projects: true,
    has_downloads: true,
    has_wiki: false,
    has_pages: false,
    has_discussions: false,
    forks_count: repo.fork ? 0 : 20 + (repo.id % 300),
    mirror_url: null,
    archived: false,
    disabled: false,
    open_issues_count: repo.fork ? 0 : 10 + (repo.id % 90),
    license: {
      key: 'apache-2.0',
      name: 'Apache License 2.0',
      spdx_id: 'Apache-2.0',
      url: `${API}/licenses/apache-2.0`,
      node_id: 'MDc6TGljZW5zZTI=',
    },
    allow_squash_merge: true,
    allow_merge_commit: false,
    allow_rebase_merge: true,
    delete_branch_on_merge: true,
    allow_forking: true,
    is_template: false,
    web_commit_signoff_required: false,
    topics: repo.topics,
    visibility: 'public',
    forks: repo.fork ? 0 : 20 + (repo.id % 300),
    open_issues: repo.fork ? 0 : 10 + (repo.id % 90),
    watchers: repo.fork ? 0 : 200 + (repo.id % 3000),
    default_branch: repo.defaultBranch,
  };
}

function toLabel(repo: DemoRepo, name: string): Record<string, unknown> {
  const style = LABEL_STYLE[name] ?? { color: 'ededed', description: '' };
  const id = 1_000_000_000 + stableNumber(`${repo.fullName}:${name}`);
  return {
    id,
    node_id: nodeId('LA', id),
    url: `${API}/repos/${repo.fullName}/labels/${encodeURIComponent(name)}`,
    name,
    color: style.color,
    default: name === 'bug' || name === 'enhancement' || name === 'documentation',
    description: style.description,
  };
}

function toReactions(url: string): Record<string, unknown> {
  return {
    url: `${url}/reactions`,
    total_count: 0,
    '+1': 0,
    '-1': 0,
    laugh: 0,
    hooray: 0,
    confused: 0,
    heart: 0,
    rocket: 0,
    eyes: 0,
  };
}

function withAssociation(
  shape: GhArchiveShape,
  object: Record<string, unknown>,
  account: DemoAccount,
): Record<string, unknown> {
  if (shape === 'full') object.author_association = account.association;
  return object;
}

/** An issue object (also how a pull request appears in an issue comment event). */
function toIssue(item: DemoIssue | DemoPullRequest, shape: GhArchiveShape): Record<string, unknown> {
  const repoUrl = `${API}/repos/${item.repo.fullName}`;
  const url = `${repoUrl}/issues/${item.number}`;
  const htmlUrl = `${WEB}/${item.repo.fullName}/${item.kind === 'pr' ? 'pull' : 'issues'}/${item.number}`;
  const issue: Record<string, unknown> = {
    url,
    repository_url: repoUrl,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: htmlUrl,
    id: item.kind === 'pr' ? item.issueId : item.id,
    node_id: nodeId(item.kind === 'pr' ? 'PR' : 'I', item.kind === 'pr' ? item.issueId : item.id),
    number: item.number,
    title: item.title,
    user: toUser(item.author),
    labels: item.labels.map((name) => toLabel(item.repo, name)),
    state: item.state,
    locked: false,
    assignee: null,
    assignees: [],
    milestone: null,
    comments: item.comments,
    created_at: item.createdAt,
    updated_at: item.updatedAt,
    closed_at: item.closedAt,
  };
  withAssociation(shape, issue, item.author);
  issue.type = null;
  issue.active_lock_reason = null;
  if (item.kind === 'pr') {
    issue.draft = false;
    issue.pull_request = {
      url: `${repoUrl}/pulls/${item.number}`,
      html_url: htmlUrl,
      diff_url: `${htmlUrl}.diff`,
      patch_url: `${htmlUrl}.patch`,
      merged_at: item.mergedAt,
    };
  } else {
    issue.sub_issues_summary = { total: 0, completed: 0, percent_completed: 0 };
  }
  issue.body = item.body;
  issue.reactions = toReactions(url);
  issue.timeline_url = `${url}/timeline`;
  issue.performed_via_github_app = null;
  issue.state_reason = item.kind === 'pr' ? null : item.stateReason;
  return issue;
}

function branchEnd(repo: DemoRepo, ref: string, sha: string, pushedAt: string): Record<string, unknown> {
  return {
    label: `${repo.owner.login}:${ref}`,
    ref,
    sha,
    user: toUser(repo.owner),
    repo: toRepository(repo, pushedAt),
  };
}

/** The pull request stub GitHub has sent since 2025-10-07. */
function toPullRequestStub(pr: DemoPullRequest): Record<string, unknown> {
  const stubEnd = (repo: DemoRepo, ref: string, sha: string) => ({
    ref,
    sha,
    repo: { id: repo.id, url: `${API}/repos/${repo.fullName}`, name: repo.fullName },
  });
  return {
    url: `${API}/repos/${pr.repo.fullName}/pulls/${pr.number}`,
    id: pr.id,
    number: pr.number,
    head: stubEnd(pr.headRepo, pr.headRef, pr.headSha),
    base: stubEnd(pr.repo, pr.repo.defaultBranch, pr.baseSha),
  };
}

/**
 * The full pull request object. Review and review-comment events carry it without the merge and
 * size statistics, as GitHub's examples show.
 */
function toPullRequest(pr: DemoPullRequest, withStatistics: boolean): Record<string, unknown> {
  const repoUrl = `${API}/repos/${pr.repo.fullName}`;
  const url = `${repoUrl}/pulls/${pr.number}`;
  const htmlUrl = `${WEB}/${pr.repo.fullName}/pull/${pr.number}`;
  const issueUrl = `${repoUrl}/issues/${pr.number}`;
  const object: Record<string, unknown> = {
    url,
    id: pr.id,
    node_id: nodeId('PR', pr.id),
    html_url: htmlUrl,
    diff_url: `${htmlUrl}.diff`,
    patch_url: `${htmlUrl}.patch`,
    issue_url: issueUrl,
    number: pr.number,
    state: pr.state,
    locked: false,
    title: pr.title,
    user: toUser(pr.author),
    body: pr.body,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    closed_at: pr.closedAt,
    merged_at: pr.mergedAt,
    merge_commit_sha: pr.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    labels: pr.labels.map((name) => toLabel(pr.repo, name)),
    milestone: null,
    draft: false,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${repoUrl}/pulls/comments{/number}`,
    comments_url: `${issueUrl}/comments`,
    statuses_url: `${repoUrl}/statuses/${pr.headSha}`,
    head: branchEnd(pr.headRepo, pr.headRef, pr.headSha, pr.updatedAt),
    base: branchEnd(pr.repo, pr.repo.defaultBranch, pr.baseSha, pr.updatedAt),
    _links: {
      self: { href: url },
      html: { href: htmlUrl },
      issue: { href: issueUrl },
      comments: { href: `${issueUrl}/comments` },
      review_comments: { href: `${url}/comments` },
      review_comment: { href: `${repoUrl}/pulls/comments{/number}` },
      commits: { href: `${url}/commits` },
      statuses: { href: `${repoUrl}/statuses/${pr.headSha}` },
    },
    author_association: pr.author.association,
    auto_merge: null,
    active_lock_reason: null,
  };
  if (withStatistics) {
    object.merged = pr.merged;
    object.mergeable = pr.state === 'open' ? true : null;
    object.rebaseable = pr.state === 'open' ? true : null;
    object.mergeable_state = pr.state === 'open' ? 'clean' : 'unknown';
    object.merged_by = pr.mergedBy === null ? null : toUser(pr.mergedBy);
    object.comments = pr.comments;
    object.review_comments = pr.reviewComments;
    object.maintainer_can_modify = pr.headRepo.id !== pr.repo.id;
    object.commits = pr.commits;
    object.additions = pr.additions;
    object.deletions = pr.deletions;
    object.changed_files = pr.changedFiles;
  }
  return object;
}

function pullRequestFor(pr: DemoPullRequest, shape: GhArchiveShape, withStatistics: boolean) {
  return shape === 'full' ? toPullRequest(pr, withStatistics) : toPullRequestStub(pr);
}

function buildPayload(act: DemoAct, context: DemoEventContext): [string, Record<string, unknown>] {
  const { shape, at, actor, repo } = context;
  switch (act.kind) {
    case 'pr_opened':
    case 'pr_closed':
    case 'pr_merged':
    case 'pr_reopened': {
      const action =
        act.kind === 'pr_opened'
          ? 'opened'
          : act.kind === 'pr_reopened'
            ? 'reopened'
            : act.kind === 'pr_merged' && shape === 'trimmed'
              ? 'merged'
              : 'closed';
      return [
        'PullRequestEvent',
        { action, number: act.pr.number, pull_request: pullRequestFor(act.pr, shape, true) },
      ];
    }
    case 'pr_reviewed': {
      const { pr, review } = act;
      const htmlUrl = `${WEB}/${pr.repo.fullName}/pull/${pr.number}#pullrequestreview-${review.id}`;
      const prUrl = `${API}/repos/${pr.repo.fullName}/pulls/${pr.number}`;
      const reviewObject = withAssociation(
        shape,
        {
          id: review.id,
          node_id: nodeId('PRR', review.id),
          user: toUser(actor),
          body: review.body,
          commit_id: review.commitId,
          submitted_at: at,
          state: review.state,
          html_url: htmlUrl,
          pull_request_url: prUrl,
        },
        actor,
      );
      reviewObject._links = { html: { href: htmlUrl }, pull_request: { href: prUrl } };
      reviewObject.updated_at = at;
      return [
        'PullRequestReviewEvent',
        { action: 'created', review: reviewObject, pull_request: pullRequestFor(pr, shape, false) },
      ];
    }
    case 'review_comment': {
      const { pr, comment } = act;
      const url = `${API}/repos/${pr.repo.fullName}/pulls/comments/${comment.id}`;
      const htmlUrl = `${WEB}/${pr.repo.fullName}/pull/${pr.number}#discussion_r${comment.id}`;
      const prUrl = `${API}/repos/${pr.repo.fullName}/pulls/${pr.number}`;
      const object: Record<string, unknown> = {
        url,
        pull_request_review_id: comment.reviewId,
        id: comment.id,
        node_id: nodeId('PRRC', comment.id),
        diff_hunk: `@@ -${comment.line},7 +${comment.line},9 @@`,
        path: comment.path,
        position: 4,
        original_position: 4,
        commit_id: comment.commitId,
        original_commit_id: comment.commitId,
        user: toUser(actor),
        body: comment.body,
        created_at: at,
        updated_at: at,
        html_url: htmlUrl,
        pull_request_url: prUrl,
      };
      withAssociation(shape, object, actor);
      object._links = { self: { href: url }, html: { href: htmlUrl }, pull_request: { href: prUrl } };
      object.reactions = toReactions(url);
      object.start_line = null;
      object.original_start_line = null;
      object.start_side = null;
      object.line = comment.line;
      object.original_line = comment.line;
      object.side = 'RIGHT';
      if (comment.inReplyTo !== undefined) object.in_reply_to_id = comment.inReplyTo;
      object.subject_type = 'line';
      return [
        'PullRequestReviewCommentEvent',
        { action: 'created', comment: object, pull_request: pullRequestFor(pr, shape, false) },
      ];
    }
    case 'issue_opened':
    case 'issue_closed':
    case 'issue_reopened': {
      const action =
        act.kind === 'issue_opened' ? 'opened' : act.kind === 'issue_closed' ? 'closed' : 'reopened';
      return ['IssuesEvent', { action, issue: toIssue(act.issue, shape) }];
    }
    case 'issue_labeled':
      return [
        'IssuesEvent',
        { action: 'labeled', issue: toIssue(act.issue, shape), label: toLabel(act.issue.repo, act.label) },
      ];
    case 'issue_comment': {
      const { item, comment } = act;
      const issueUrl = `${API}/repos/${item.repo.fullName}/issues/${item.number}`;
      const url = `${API}/repos/${item.repo.fullName}/issues/comments/${comment.id}`;
      const kindPath = item.kind === 'pr' ? 'pull' : 'issues';
      const object: Record<string, unknown> = {
        url,
        html_url: `${WEB}/${item.repo.fullName}/${kindPath}/${item.number}#issuecomment-${comment.id}`,
        issue_url: issueUrl,
        id: comment.id,
        node_id: nodeId('IC', comment.id),
        user: toUser(actor),
        created_at: at,
        updated_at: at,
      };
      withAssociation(shape, object, actor);
      object.body = comment.body;
      object.reactions = toReactions(url);
      object.performed_via_github_app = null;
      return ['IssueCommentEvent', { action: 'created', issue: toIssue(item, shape), comment: object }];
    }
    case 'push': {
      const { push } = act;
      if (shape === 'trimmed') {
        return [
          'PushEvent',
          {
            repository_id: repo.id,
            push_id: push.pushId,
            ref: push.ref,
            head: push.head,
            before: push.before,
          },
        ];
      }
      return [
        'PushEvent',
        {
          repository_id: repo.id,
          push_id: push.pushId,
          size: push.commits.length,
          distinct_size: push.commits.length,
          ref: push.ref,
          head: push.head,
          before: push.before,
          commits: push.commits.map((commit) => ({
            sha: commit.sha,
            author: { email: commit.author.email, name: commit.author.name },
            message: commit.message,
            distinct: true,
            url: `${API}/repos/${repo.fullName}/commits/${commit.sha}`,
          })),
        },
      ];
    }
    case 'branch_created':
      return [
        'CreateEvent',
        {
          ref: act.ref,
          ref_type: 'branch',
          full_ref: `refs/heads/${act.ref}`,
          master_branch: repo.defaultBranch,
          description: repo.description,
          pusher_type: 'user',
        },
      ];
    case 'branch_deleted':
      return [
        'DeleteEvent',
        { ref: act.ref, ref_type: 'branch', full_ref: `refs/heads/${act.ref}`, pusher_type: 'user' },
      ];
    case 'starred':
      return ['WatchEvent', { action: 'started' }];
    case 'forked':
      return ['ForkEvent', { forkee: toRepository(act.fork, at) }];
  }
}

/**
 * Builds the GH Archive event for `act` as published by `context.actor` on `context.repo` at
 * `context.at`. Reads the act's issue or pull request as it is now, so callers apply an act's effect
 * (a close, a label) to the item before building its event.
 */
export function buildGhArchiveEvent(act: DemoAct, context: DemoEventContext): GhArchiveEvent {
  const [type, payload] = buildPayload(act, context);
  const { repo } = context;
  const event: GhArchiveEvent = {
    id: context.eventId,
    type,
    actor: toActor(context.actor),
    repo: { id: repo.id, name: repo.fullName, url: `${API}/repos/${repo.fullName}` },
    payload,
    public: true,
    created_at: context.at,
  };
  if (repo.owner.type !== 'Organization') return event;
  return {
    ...event,
    org: {
      id: repo.owner.id,
      login: repo.owner.login,
      gravatar_id: '',
      url: `${API}/orgs/${repo.owner.login}`,
      avatar_url: `https://avatars.githubusercontent.com/u/${repo.owner.id}?`,
    },
  };
}
