import { InputError } from '../input-error.ts';
import type { StoredRoleAssignment } from './role-store.ts';

/**
 * A grant whose range overlaps an assignment the person already has at that level and scope:
 * nothing was stored. The command line answers it as a usage error (exit 2): the command asked for
 * a second, overlapping holding of one level, which rungs never records.
 */
export class OverlappingGrantError extends InputError {
  readonly overlapped: readonly StoredRoleAssignment[];

  constructor(message: string, overlapped: readonly StoredRoleAssignment[]) {
    super(message);
    this.overlapped = overlapped;
  }
}
