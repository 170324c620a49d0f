import type { LadderOverview } from '../../app/create-ladder-read-model.ts';
import { describeRequirement } from '../../core/ladder/describe-requirement.ts';
import type { PersonEvaluation } from '../../core/ladder/evaluate-person.ts';
import type { LadderPolicy, Requirement } from '../../core/ladder/ladder-policy.ts';
import { toPersonNameJson } from './to-leaderboard-json.ts';

/** A requirement as data, with its words (`text`) beside it, parts included. */
function toRequirementJson(requirement: Requirement, policy: LadderPolicy): unknown {
  const text = describeRequirement(requirement, policy);
  if ('of' in requirement)
    return { ...requirement, text, of: requirement.of.map((part) => toRequirementJson(part, policy)) };
  return { ...requirement, text };
}

/** The ladder as data: every level with its requirements, benefits and holders. */
export function toLadderJson(overview: LadderOverview): unknown {
  const { policy, evaluation } = overview;
  const eligible = new Map<string, number>();
  for (const entry of evaluation.eligible) eligible.set(entry.level, (eligible.get(entry.level) ?? 0) + 1);
  return {
    asOf: evaluation.asOf,
    people: evaluation.people,
    policy: {
      name: policy.name,
      title: policy.title,
      description: policy.description,
      source: policy.source,
      scoring: policy.scoring,
      levels: policy.levels.map((level) => ({
        ...level,
        requires: toRequirementJson(level.requires, policy),
        stay: level.stay === null ? null : toRequirementJson(level.stay, policy),
        holders: evaluation.holders[level.id] ?? 0,
        eligible: eligible.get(level.id) ?? 0,
      })),
      inactivity: policy.inactivity,
      reinstatement: policy.reinstatement === null ? null : toRequirementJson(policy.reinstatement, policy),
      statuses: policy.statuses.map((status) => ({
        ...status,
        requires: toRequirementJson(status.requires, policy),
      })),
    },
    holders: evaluation.holders,
  };
}

/** Who may move to a level now (or once confirmed), with the trace that says why; no internal ids. */
export function toEligibleJson(overview: LadderOverview): unknown {
  const { evaluation } = overview;
  return {
    asOf: evaluation.asOf,
    eligible: evaluation.eligible.map(({ personId: _id, ...entry }) => entry),
    reinstatable: evaluation.reinstatable.map(({ personId: _id, ...entry }) => entry),
  };
}

/** Who is not in good standing, and who is inactive; no internal ids. */
export function toAtRiskJson(overview: LadderOverview): unknown {
  const { evaluation } = overview;
  return {
    asOf: evaluation.asOf,
    standing: evaluation.standing.map(({ personId: _id, ...entry }) => entry),
    inactivity: evaluation.inactivity.map(({ personId: _id, ...entry }) => entry),
  };
}

/** One person's evaluation, the person named by login (null when unlinked), handle and name only. */
export function toPersonLadderJson(evaluation: PersonEvaluation): unknown {
  return {
    ...evaluation,
    person: { ...toPersonNameJson(evaluation.person.login), name: evaluation.person.name },
  };
}
