import type { PersonProfile } from '../../app/create-dashboard.ts';
import { toPersonNameJson } from './to-leaderboard-json.ts';

/**
 * A profile as the API gives it: public fields only (no internal ids, no email), the person named
 * as on the board (`login` null and `unlinked` true for a person known by git emails only), the
 * scoring rules and the window named, and the
 * acts newest first, at most `evidenceLimit` of them (`evidenceTotal` tells how many there are).
 */
export function toProfileJson(profile: PersonProfile, windowName: string, evidenceLimit: number): unknown {
  const { breakdown } = profile;
  return {
    ...toPersonNameJson(profile.login),
    name: profile.name,
    excluded: profile.excluded,
    standings: profile.standings,
    scoring: profile.scoring,
    window: {
      name: windowName,
      label: breakdown.window.label,
      from: breakdown.window.from,
      to: breakdown.window.to,
    },
    points: breakdown.points,
    pointsByKind: breakdown.pointsByKind,
    counts: breakdown.counts,
    evidenceTotal: breakdown.evidence.length,
    evidence: [...breakdown.evidence].reverse().slice(0, evidenceLimit),
    activity: profile.activity,
  };
}
