import type { ActivityKind } from '../../core/activity.ts';
import { assertNever } from '../../core/assert-never.ts';
import type { ExclusionReason } from '../../core/scoring/create-fact-scorer.ts';

/** What each kind of act is called on a page, in the plural (a table row) and singular (one act). */
export const ACTIVITY_KIND_NAMES: Readonly<
  Record<ActivityKind, { readonly many: string; readonly one: string }>
> = {
  pr_opened: { many: 'Pull requests opened', one: 'opened a pull request' },
  pr_merged: { many: 'Pull requests merged', one: 'pull request merged' },
  pr_closed: { many: 'Pull requests closed', one: 'closed a pull request' },
  pr_reopened: { many: 'Pull requests reopened', one: 'reopened a pull request' },
  pr_reviewed: { many: 'Reviews', one: 'reviewed a pull request' },
  review_comment: { many: 'Review comments', one: 'commented on a review' },
  issue_opened: { many: 'Issues opened', one: 'opened an issue' },
  issue_closed: { many: 'Issues closed', one: 'closed an issue' },
  issue_reopened: { many: 'Issues reopened', one: 'reopened an issue' },
  issue_comment: { many: 'Comments', one: 'commented' },
  commit_comment: { many: 'Commit comments', one: 'commented on a commit' },
  commit: { many: 'Commits', one: 'committed' },
  push: { many: 'Pushes', one: 'pushed' },
  meeting_attended: { many: 'Meetings attended', one: 'attended a meeting' },
  talk_given: { many: 'Talks given', one: 'gave a talk' },
  newcomer_onboarded: { many: 'Newcomers onboarded', one: 'onboarded a newcomer' },
  content_published: { many: 'Content published', one: 'published content' },
  bonus: { many: 'Bonus points', one: 'was granted bonus points' },
  attestation: { many: 'Attestations', one: 'received an attestation' },
  sponsorship: { many: 'Sponsorships', one: 'was sponsored' },
};

/** Why an act or a person scores nothing, in words. */
export function describeExclusion(reason: ExclusionReason): string {
  switch (reason.kind) {
    case 'bot':
      return 'a bot account';
    case 'deny_listed':
      return `${reason.login} is on the scoring rules' deny-list`;
    case 'deleted':
      return 'the item was deleted';
    case 'label':
      return `the item is labelled “${reason.label}”`;
    case 'state_reason':
      return `the issue was closed as ${reason.stateReason.replace('_', ' ')}`;
    case 'unmerged':
      return 'the pull request was closed without merging';
    case 'transferred':
      return 'the issue moved to another repository, where its opening counts';
    default:
      return assertNever(reason, 'exclusion reason');
  }
}
