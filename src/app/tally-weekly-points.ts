import { ACTIVITY_KINDS } from '../core/activity.ts';
import type { ActivityColumns } from '../core/activity-columns.ts';
import { createColumnScorer } from '../core/scoring/create-column-scorer.ts';
import type { FactScorer } from '../core/scoring/create-fact-scorer.ts';
import type { ScoringFact } from '../core/scoring-fact.ts';
import { WEEK_MS, type WeekFrame, weekIndexOf } from './week-frame.ts';

/**
 * Adds each fact's points to its person's week in `into` (one array of `frame.weeks` numbers per
 * person, created on first use), with the leaderboard's rules: acts excluded by their item count
 * nothing. Person exclusions (bots, the deny-list) need the person and are the caller's to apply.
 * Facts before the frame are skipped.
 */
export function tallyWeeklyPoints(
  facts: Iterable<ScoringFact>,
  scorer: FactScorer,
  frame: WeekFrame,
  into: Map<number, Float64Array>,
): void {
  for (const fact of facts) {
    const week = weekIndexOf(frame, fact.occurredAt);
    if (week < 0 || scorer.factExclusion(fact) !== null) continue;
    let series = into.get(fact.personId);
    if (series === undefined) {
      series = new Float64Array(frame.weeks);
      into.set(fact.personId, series);
    }
    series[week]! += scorer.factPoints(fact);
  }
}

/** Tallies weekly points from acts in column batches, as {@link tallyWeeklyPoints} from facts. */
export interface WeeklyPointsTally {
  /**
   * Adds the batch's acts to `into` as {@link tallyWeeklyPoints} adds the same acts as facts (read
   * the details of `SCORING_DETAIL_KINDS`); acts of no known kind or with an unreadable time are
   * left out. The batch is not kept.
   */
  addColumns(columns: ActivityColumns): void;
}

/** Starts tallying into `into` (one array of `frame.weeks` numbers per person, created on first use). */
export function createWeeklyPointsTally(
  scorer: FactScorer,
  frame: WeekFrame,
  into: Map<number, Float64Array>,
): WeeklyPointsTally {
  const columnScorer = createColumnScorer(scorer);
  const fromMs = Date.parse(frame.from);
  const lastWeek = frame.weeks - 1;
  return {
    addColumns(columns) {
      columnScorer.prepare(columns);
      const { personId, kind, time } = columns;
      for (let i = 0; i < columns.size; i++) {
        const at = time[i]!;
        if (!(at >= fromMs) || kind[i]! >= ACTIVITY_KINDS.length) continue;
        if (columnScorer.isExcludedByItem(columns, i)) continue;
        const id = personId[i]!;
        let series = into.get(id);
        if (series === undefined) {
          series = new Float64Array(frame.weeks);
          into.set(id, series);
        }
        series[Math.min(Math.floor((at - fromMs) / WEEK_MS), lastWeek)]! += columnScorer.pointsOf(columns, i);
      }
    },
  };
}

/**
 * A number for "recently active": each week's points halved for every three weeks of age, the
 * current week counted in full (the half-life the KubeStellar board's activity sort uses).
 */
export function toRecentActivity(series: ArrayLike<number>): number {
  let total = 0;
  const last = series.length - 1;
  for (let week = 0; week <= last; week++) {
    const value = series[week]!;
    if (value !== 0) total += value * halfLife(last - week);
  }
  return total;
}

const HALF_LIVES: number[] = [];

/** 0.5^(age/3), remembered per age. */
function halfLife(age: number): number {
  let factor = HALF_LIVES[age];
  if (factor === undefined) {
    factor = 0.5 ** (age / 3);
    HALF_LIVES[age] = factor;
  }
  return factor;
}
