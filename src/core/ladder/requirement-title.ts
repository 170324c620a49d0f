import { describeRequirement } from './describe-requirement.ts';
import type { LadderPolicy, Requirement } from './ladder-policy.ts';

/**
 * What a requirement is called wherever people read it: the policy's own title, else one derived
 * from what it asks (`at least 500 points in the last year`). Never its path in the policy
 * (`levels[5].requires[2]`), which only JSON carries.
 */
export function requirementTitle(requirement: Requirement, policy: LadderPolicy): string {
  return requirement.title ?? describeRequirement(requirement, policy);
}
