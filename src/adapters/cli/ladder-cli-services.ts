import type {
  GrantRequest,
  GrantResult,
  RevokeRequest,
  RosterImportSummary,
} from '../../app/ladder/manage-roles.ts';
import type { StoredRoleAssignment } from '../../app/ladder/role-store.ts';
import type { ParseResult } from '../../core/diagnostics.ts';
import type { CommunityEvaluation } from '../../core/ladder/evaluate-community.ts';
import type { PersonEvaluation } from '../../core/ladder/evaluate-person.ts';
import type { LadderPolicy } from '../../core/ladder/ladder-policy.ts';

/** Which ladder: a shipped preset by name, or a policy file. */
export type PolicyChoice = { readonly preset: string } | { readonly file: string };

/** A ladder question from the command line. */
export interface LadderRequest {
  readonly policy: PolicyChoice;
  /** ISO instant the ladder is judged at. */
  readonly asOf: string;
}

/** A policy checked: where it came from (as diagnostics name it) and the result. */
export interface PolicyCheck {
  readonly fileName: string;
  readonly result: ParseResult<LadderPolicy>;
  /**
   * Whether the group names of the policy's counts were checked against the groups on record:
   * where and how many there are, or why not (no database yet, or it could not be opened).
   */
  readonly groups?: { readonly checkedIn: string; readonly count: number } | { readonly notChecked: string };
}

/** Everything the ladder and roles commands ask of rungs, wired at the composition root. */
export interface LadderCliServices {
  /** Where the records are, for messages (never with credentials). */
  readonly storageLabel: string;
  status(
    login: string,
    request: LadderRequest,
  ): Promise<{ readonly policy: LadderPolicy; readonly evaluation: PersonEvaluation }>;
  community(
    request: LadderRequest,
  ): Promise<{ readonly policy: LadderPolicy; readonly evaluation: CommunityEvaluation }>;
  holders(
    request: LadderRequest,
  ): Promise<{ readonly policy: LadderPolicy; readonly holders: Readonly<Record<string, number>> }>;
  grantRole(policy: PolicyChoice, request: GrantRequest): Promise<GrantResult>;
  revokeRole(
    request: RevokeRequest,
  ): Promise<{ readonly ended: StoredRoleAssignment; readonly emeritus: StoredRoleAssignment | null }>;
  listRoles(options: {
    readonly asOf: string;
    readonly all: boolean;
  }): Promise<readonly StoredRoleAssignment[]>;
  importRoster(path: string, policy: PolicyChoice): Promise<RosterImportSummary>;
  close(): Promise<void>;
}
