import { ACTIVITY_KINDS } from '../../core/activity.ts';
import { assertNever } from '../../core/assert-never.ts';
import { isUnlinkedHandle, toDisplayName } from '../../core/people/unlinked-handle.ts';
import type { PersonBreakdown } from '../../core/scoring/build-person-breakdown.ts';
import type { ExclusionReason } from '../../core/scoring/create-fact-scorer.ts';
import type { ScoringLabel } from '../../core/scoring/scoring-label.ts';
import { formatTable } from './format-table.ts';

/** Renders one person's total (naming the window and the scoring): points and counts by kind, then every act with its link. */
export function formatPersonBreakdown(
  breakdown: PersonBreakdown & { readonly scoring: ScoringLabel },
): string {
  const name = breakdown.name === null || isUnlinkedHandle(breakdown.login) ? '' : ` (${breakdown.name})`;
  const lines = [
    `${toDisplayName(breakdown)}${name}: ${breakdown.points.toLocaleString('en-US')} points, ${breakdown.window.label}, ${breakdown.scoring.name} scoring`,
  ];
  if (breakdown.excluded !== null) lines.push(`not ranked: ${describeExclusion(breakdown.excluded)}`);
  const kinds = ACTIVITY_KINDS.filter((kind) => breakdown.counts[kind] > 0);
  if (kinds.length > 0) {
    lines.push(
      '',
      formatTable(kinds, [
        { header: 'kind', cell: (kind) => kind },
        { header: 'count', cell: (kind) => String(breakdown.counts[kind]), align: 'right' },
        {
          header: 'points',
          cell: (kind) => breakdown.pointsByKind[kind].toLocaleString('en-US'),
          align: 'right',
        },
      ]),
    );
  }
  if (breakdown.evidence.length === 0) {
    lines.push('', 'no activity in this window');
    return lines.join('\n');
  }
  lines.push(
    '',
    'evidence',
    formatTable(breakdown.evidence, [
      { header: 'when', cell: (entry) => entry.occurredAt.slice(0, 10) },
      {
        header: 'kind',
        cell: (entry) => (entry.issueKind ? `${entry.kind} (${entry.issueKind})` : entry.kind),
      },
      { header: 'points', cell: (entry) => String(entry.points), align: 'right' },
      {
        header: 'note',
        cell: (entry) => (entry.excluded ? `excluded: ${describeExclusion(entry.excluded)}` : ''),
      },
      {
        header: 'link',
        cell: (entry) =>
          entry.url ??
          (entry.repo && entry.itemNumber !== null ? `${entry.repo}#${entry.itemNumber}` : entry.key),
      },
    ]),
  );
  return lines.join('\n');
}

/** Says in words why an act or a person scores nothing. */
export function describeExclusion(reason: ExclusionReason): string {
  switch (reason.kind) {
    case 'bot':
      return 'a bot account';
    case 'deny_listed':
      return `${reason.login} is on the deny-list`;
    case 'deleted':
      return 'the item was deleted';
    case 'label':
      return `the item is labelled ${reason.label}`;
    case 'state_reason':
      return `the issue was closed as ${reason.stateReason.replace('_', ' ')}`;
    case 'unmerged':
      return 'the PR was closed without merging';
    case 'transferred':
      return 'the issue moved to another repository, where its opening counts';
    default:
      return assertNever(reason, 'exclusion reason');
  }
}
