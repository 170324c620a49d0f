/** What the resolver knows of a person without reading: facts that only ever fill in or move forward. */
export interface CachedPerson {
  readonly id: number;
  readonly login: string;
  readonly loginSeenAt: string | null;
  readonly name: string | null;
  readonly githubId: number | null;
  readonly botDetected: boolean;
}

/**
 * Which person an identity (`kind:value`) belongs to, and what is known of that person, as learned
 * from committed transactions of this process. Shared by the stores of one database so a merge
 * made through one is seen by all.
 *
 * It is only a shortcut, never the truth:
 * - an identity changes owner only when its person is merged away (by `rungs people merge`, or
 *   folded by the resolver into the account an actor links it to); the merged person's row is
 *   deleted and its id never reused, so a stale entry points at a missing person and the write
 *   fails a foreign key instead of storing a wrong fact; the ingest store then clears the cache and
 *   runs the batch again;
 * - a person's cached facts trail the stored ones (a GitHub id, a name or the bot flag only get
 *   filled in, a login only moves to a later one or replaces an unlinked handle), so the cache can
 *   tell that an update is not needed but never that one is: updates are guarded in SQL, and the
 *   decisions that need the stored facts (may this login lead to a person with no GitHub id? is
 *   this person still unlinked, so that it may be folded?) read them fresh.
 * This is what keeps several processes writing one PostgreSQL database correct.
 */
export class IdentityCache {
  readonly #owners = new Map<string, number>();
  readonly #people = new Map<number, CachedPerson>();
  readonly #maxEntries: number;

  constructor(maxEntries = 2_000_000) {
    this.#maxEntries = maxEntries;
  }

  /** The person id an identity belonged to when last seen, if known. */
  ownerOf(key: string): number | undefined {
    return this.#owners.get(key);
  }

  /** What was known of a person after the last transaction that touched them, if anything. */
  person(id: number): CachedPerson | undefined {
    return this.#people.get(id);
  }

  /** Records what a committed transaction saw. Starts over when the cache grows too big. */
  learn(owners: Iterable<readonly [string, number]>, people: Iterable<CachedPerson>): void {
    if (this.#owners.size + this.#people.size >= this.#maxEntries) this.clear();
    for (const [key, personId] of owners) this.#owners.set(key, personId);
    for (const person of people) this.#people.set(person.id, person);
  }

  /** Forgets everything (after a merge, or when an entry turned out stale). */
  clear(): void {
    this.#owners.clear();
    this.#people.clear();
  }
}
