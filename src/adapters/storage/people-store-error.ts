/** Why a decision about people was refused. */
export type PeopleStoreErrorCode = 'same_person' | 'unknown_person' | 'unknown_merge';

/**
 * A merge, split or bot decision that names no person (or no merge in force), or merges a person
 * with themselves. Thrown with a stable `code` for the CLI and HTTP edges to map, and a message
 * naming the ids; nothing was changed.
 */
export class PeopleStoreError extends Error {
  readonly code: PeopleStoreErrorCode;

  constructor(code: PeopleStoreErrorCode, message: string) {
    super(message);
    this.name = 'PeopleStoreError';
    this.code = code;
  }
}
