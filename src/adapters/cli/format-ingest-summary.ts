import type { IngestSummary } from '../../app/ingest.ts';

/** The end-of-import report: what was stored, what was ignored and why, and every located problem. */
export function formatIngestSummary(
  label: string,
  summary: IngestSummary,
  extra: readonly string[] = [],
): string {
  const lines = [
    `${label}`,
    `  ${summary.records} records read, ${summary.newRecords} new; ${summary.newActivities} new activities; ${summary.itemsTouched} item updates`,
    ...extra.map((line) => `  ${line}`),
  ];
  if (summary.ignored > 0) {
    lines.push(`  ${summary.ignored} inputs not used:`);
    for (const [reason, count] of summary.ignoredByReason.slice(0, 10))
      lines.push(`    ${count} × ${reason}`);
    if (summary.ignoredByReason.length > 10)
      lines.push(`    … and ${summary.ignoredByReason.length - 10} other reasons`);
  }
  if (summary.problemCount > 0) {
    lines.push(`  ${summary.problemCount} problems (kept going; nothing else was lost):`);
    for (const problem of summary.problems) lines.push(`    ${problem.location}: ${problem.message}`);
    if (summary.problemCount > summary.problems.length) {
      lines.push(`    … and ${summary.problemCount - summary.problems.length} more`);
    }
  }
  return lines.join('\n');
}
