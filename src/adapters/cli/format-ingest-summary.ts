import type { IngestSummary } from '../../app/ingest.ts';

/**
 * The end-of-import report, for stdout: what was stored, what was ignored and why, and how many
 * inputs had problems or were rejected (the problems themselves go to stderr, see
 * {@link formatIngestProblems}).
 */
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
    const rejected =
      summary.rejected > 0 ? `, ${summary.rejected} of them records rejected for a bad field` : '';
    lines.push(
      `  ${summary.problemCount} problems${rejected} (kept going; every good record was stored; listed on stderr)`,
    );
  }
  if (summary.warningCount > 0)
    lines.push(`  ${summary.warningCount} records kept with warnings (listed on stderr)`);
  return lines.join('\n');
}

/**
 * The located problems and warnings of an import, for stderr, one a line (`file:line: message`,
 * or `delivery <id>: ...`); empty when there were none.
 */
export function formatIngestProblems(summary: IngestSummary): string[] {
  const lines = summary.problems.map((problem) => `${problem.location}: ${problem.message}`);
  if (summary.problemCount > summary.problems.length) {
    lines.push(`… and ${summary.problemCount - summary.problems.length} more problems`);
  }
  for (const warning of summary.warnings) lines.push(`warning: ${warning.location}: ${warning.message}`);
  if (summary.warningCount > summary.warnings.length) {
    lines.push(`… and ${summary.warningCount - summary.warnings.length} more warnings`);
  }
  return lines;
}
