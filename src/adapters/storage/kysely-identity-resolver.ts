import type { Kysely } from 'kysely';
import { isUnlinkedHandle, toUnlinkedHandle } from '../../core/people/unlinked-handle.ts';
import { type ActorIdentity, type IdentityKey, identityKey } from './actor-identity.ts';
import { BulkStatement } from './bulk-statement.ts';
import { forEachInList } from './for-each-in-list.ts';
import type { CachedPerson, IdentityCache } from './identity-cache.ts';
import type { IdentityKind, Schema } from './schema.ts';

/** An actor seen in a batch, with the latest event time it was seen at. */
export interface ActorSighting {
  readonly actor: ActorIdentity;
  /** ISO time; decides whether a login seen here is newer than the stored one. */
  readonly at: string;
}

/** The people a batch's actors resolved to. */
export interface ResolvedActors {
  /** The person id of the actor with this signature (one of the sightings given). */
  personIdOf(signature: string): number;
  /** Hands the identities learned to the shared cache; call once the transaction committed. */
  commit(): void;
}

/**
 * A cached identity points at a person that no longer exists (merged away by another process).
 * The ingest store clears the cache and runs the batch again.
 */
export class StaleIdentityError extends Error {
  constructor(personIds: readonly number[]) {
    super(`cached people ${personIds.join(', ')} no longer exist`);
    this.name = 'StaleIdentityError';
  }
}

/** A person's facts as this batch updates them. */
type PersonState = { -readonly [Field in keyof CachedPerson]: CachedPerson[Field] };

interface NewPersonRow {
  readonly login: string;
  readonly login_seen_at: string | null;
  readonly name: string | null;
  readonly github_id: number | null;
  readonly bot_detected: number;
  readonly created_at: string;
}

interface IdentityRow {
  readonly kind: IdentityKind;
  readonly value: string;
  readonly person_id: number;
}

/** `people.login` of a person created in this batch for an email-only actor, until its id is known. */
const NEW_UNLINKED = 'person:new';

/** Order identities are trusted in when two processes raced to create the same person. */
const KIND_PRIORITY: Readonly<Record<IdentityKind, number>> = { github_id: 0, login: 1, email: 2 };

/**
 * Resolves actors to people inside a write transaction, creating people for unknown actors and
 * attaching identities they newly show. Resolution order: GitHub id, then login, then email; a
 * login or email does not resolve to a person holding a different GitHub id (a reused login, a
 * shared email). An identity, once attached, stays with its person until a merge.
 *
 * One person per account: when an actor links identities that so far led to two people, the
 * weaker one is folded into the person the actor resolved to (its identities, acts and item
 * references move, its row goes): a login-only person (seen in a merge subject, say) into the
 * account whose GitHub id now shows that login (a rename follows the id), and an unlinked person
 * (known by an email only) into the login or account an actor shows with that email (a mailmap, a
 * webhook commit with its author's login, a merge from `login/branch`). A person with a GitHub id
 * or a login is never folded by an email: a shared address does not join two accounts. People
 * known by an email only get the handle `person:<id>` (also a login identity, so it names them),
 * replaced by the login of the first actor that links them.
 *
 * Cost per batch: cached identities and people need no query; the others are looked up together;
 * new people and identities are inserted with multi-row statements; only people whose facts
 * changed (a new login, a filled-in name) get an UPDATE each.
 *
 * Several writers (PostgreSQL, several processes): identities are inserted with insert-or-ignore
 * in one sorted order (no deadlock between two batches), and when an insert was ignored because a
 * concurrent transaction attached the identity first, the person this batch created is folded into
 * the winner. Correctness never depends on the cache (see `IdentityCache`).
 */
export class KyselyIdentityResolver {
  readonly #cache: IdentityCache;
  readonly #insertPeople: BulkStatement<NewPersonRow, { id: number }>;
  readonly #insertIdentities: BulkStatement<IdentityRow>;

  constructor(db: Kysely<Schema>, cache: IdentityCache, maxParameters: number) {
    this.#cache = cache;
    this.#insertPeople = new BulkStatement<NewPersonRow, { id: number }>({
      columns: ['login', 'login_seen_at', 'name', 'github_id', 'bot_detected', 'created_at'],
      build: (rows) => db.insertInto('people').values(rows).returning('id'),
      maxParameters,
    });
    this.#insertIdentities = new BulkStatement<IdentityRow>({
      columns: ['kind', 'value', 'person_id'],
      build: (rows) =>
        db
          .insertInto('identities')
          .values(rows)
          .onConflict((conflict) => conflict.columns(['kind', 'value']).doNothing()),
      maxParameters,
    });
  }

  /** Resolves every sighting (distinct by signature) within `tx`; `createdAt` stamps new people. */
  async resolve(
    tx: Kysely<Schema>,
    sightings: Iterable<ActorSighting>,
    createdAt: string,
  ): Promise<ResolvedActors> {
    const owners = new Map<string, number>();
    const learned = new Map<string, number>();
    const list = [...sightings];
    await this.#loadOwners(tx, list, owners, learned);
    const people = await this.#loadPeople(tx, list, owners);

    const created: PersonState[] = [];
    const changed = new Set<PersonState>();
    const attached: (IdentityKey & { person: PersonState })[] = [];
    const bySignature = new Map<string, PersonState>();
    const foldedInto = new Map<PersonState, PersonState>();
    const final = (person: PersonState): PersonState => {
      let current = person;
      for (let next = foldedInto.get(current); next !== undefined; next = foldedInto.get(current))
        current = next;
      return current;
    };
    for (const { actor, at } of list) {
      let person = findPerson(actor, owners, people);
      if (person === undefined) {
        person = {
          id: -(created.length + 1),
          login: actor.handle ?? NEW_UNLINKED,
          loginSeenAt: actor.loginIsCurrent ? at : null,
          name: actor.name,
          githubId: actor.githubId,
          botDetected: actor.isBot,
        };
        created.push(person);
        people.set(person.id, person);
      }
      for (const identity of actor.identities) {
        const owner = owners.get(identity.key);
        if (owner === undefined) {
          owners.set(identity.key, person.id);
          attached.push({ ...identity, person });
        }
      }
      // Identities of this actor still held by someone else: fold the weaker holders in.
      const links =
        owners.get(actor.identities[0]!.key) === person.id && actor.identities[0]!.kind !== 'email';
      for (const identity of actor.identities) {
        const owner = owners.get(identity.key)!;
        if (owner === person.id) continue;
        const other = people.get(owner)!;
        const foldable =
          identity.kind === 'login'
            ? actor.githubId !== null && other.githubId === null
            : identity.kind === 'email' && links && isUnlinked(other);
        if (!foldable) continue;
        foldPerson(other, person, owners);
        foldedInto.set(other, person);
        people.delete(other.id);
        if (person.id > 0) changed.add(person);
      }
      if (person.id > 0 && learnSighting(person, actor, at, owners)) changed.add(person);
      else if (person.id < 0) learnSighting(person, actor, at, owners);
      bySignature.set(actor.signature, person);
    }

    const kept = created.filter((person) => !foldedInto.has(person));
    for (const identity of attached) identity.person = final(identity.person);
    await this.#insertCreated(tx, kept, createdAt);
    await giveUnlinkedHandles(tx, kept, attached);
    const absorbed = await this.#attachIdentities(tx, attached, kept, learned);
    const folds = [...foldedInto].filter(([loser]) => loser.id > 0);
    for (const [loser, winner] of folds.sort(([a], [b]) => a.id - b.id)) {
      const winnerId = absorbed.get(final(winner).id) ?? final(winner).id;
      for (const key of await movePerson(tx, loser.id, winnerId)) learned.set(key, winnerId);
    }
    // A concurrent writer may have taken a login or GitHub id this batch meant to attach: then
    // it is not this person's to claim.
    const ownerOf = (key: string) => learned.get(key) ?? owners.get(key);
    for (const person of [...changed].sort((a, b) => a.id - b.id)) {
      if (foldedInto.has(person)) continue;
      await updatePerson(tx, {
        ...person,
        githubId:
          person.githubId !== null && ownerOf(`github_id:${person.githubId}`) === person.id
            ? person.githubId
            : null,
        loginSeenAt:
          person.loginSeenAt !== null && ownerOf(`login:${person.login.toLowerCase()}`) === person.id
            ? person.loginSeenAt
            : null,
      });
    }
    for (const identity of attached) {
      if (!learned.has(identity.key)) learned.set(identity.key, identity.person.id);
    }

    return {
      personIdOf: (signature) => {
        const resolved = bySignature.get(signature);
        if (resolved === undefined) throw new Error(`actor ${signature} was not resolved in this batch`);
        const person = final(resolved);
        return absorbed.get(person.id) ?? person.id;
      },
      commit: () =>
        this.#cache.learn(
          learned,
          [...people.values()]
            .filter((person) => person.id > 0 && !absorbed.has(person.id) && !foldedInto.has(person))
            .map((person) => ({ ...person })),
        ),
    };
  }

  /** Fills `owners` with the owner of every identity the sightings show, where one exists. */
  async #loadOwners(
    tx: Kysely<Schema>,
    sightings: readonly ActorSighting[],
    owners: Map<string, number>,
    learned: Map<string, number>,
  ): Promise<void> {
    const missing = new Map<IdentityKind, Set<string>>();
    for (const { actor } of sightings) {
      for (const identity of actor.identities) {
        if (owners.has(identity.key)) continue;
        const cached = this.#cache.ownerOf(identity.key);
        if (cached !== undefined) {
          owners.set(identity.key, cached);
          continue;
        }
        let values = missing.get(identity.kind);
        if (values === undefined) {
          values = new Set();
          missing.set(identity.kind, values);
        }
        values.add(identity.value);
      }
    }
    for (const [kind, values] of missing) {
      await forEachInList([...values], async (chunk) => {
        const rows = await tx
          .selectFrom('identities')
          .select(['value', 'person_id'])
          .where('kind', '=', kind)
          .where('value', 'in', chunk)
          .execute();
        for (const row of rows) {
          owners.set(`${kind}:${row.value}`, row.person_id);
          learned.set(`${kind}:${row.value}`, row.person_id);
        }
      });
    }
  }

  /**
   * The people the sightings' identities belong to: from the cache where it knows them, else read.
   * A person a login or email may lead to while the actor brings a GitHub id nobody holds yet, and
   * the holders of an actor's identities when they are several people (one may be folded into
   * another), are always read fresh: "has no GitHub id" and "is unlinked" are the cached facts
   * that may be out of date.
   */
  async #loadPeople(
    tx: Kysely<Schema>,
    sightings: readonly ActorSighting[],
    owners: ReadonlyMap<string, number>,
  ): Promise<Map<number, PersonState>> {
    const fresh = new Set<number>();
    for (const { actor } of sightings) {
      const holders = new Set<number>();
      for (const identity of actor.identities) {
        const owner = owners.get(identity.key);
        if (owner !== undefined) holders.add(owner);
      }
      // Whether one of several holders may be folded into another depends on their GitHub id and
      // login, which another process may have just changed: those decisions read fresh facts.
      if (holders.size > 1 || (actor.githubId !== null && !owners.has(actor.identities[0]!.key)))
        for (const owner of holders) fresh.add(owner);
    }
    const people = new Map<number, PersonState>();
    const unknown: number[] = [];
    for (const id of new Set(owners.values())) {
      const cached = fresh.has(id) ? undefined : this.#cache.person(id);
      if (cached === undefined) unknown.push(id);
      else people.set(id, { ...cached });
    }
    await forEachInList(unknown, async (chunk) => {
      const rows = await tx
        .selectFrom('people')
        .select(['id', 'login', 'login_seen_at', 'name', 'github_id', 'bot_detected'])
        .where('id', 'in', chunk)
        .execute();
      for (const row of rows) {
        people.set(row.id, {
          id: row.id,
          login: row.login,
          loginSeenAt: row.login_seen_at,
          name: row.name,
          githubId: row.github_id === null ? null : Number(row.github_id),
          botDetected: row.bot_detected === 1,
        });
      }
    });
    const missing = unknown.filter((id) => !people.has(id));
    if (missing.length > 0) throw new StaleIdentityError(missing);
    return people;
  }

  /** Inserts the people this batch created and gives them their real ids. */
  async #insertCreated(
    tx: Kysely<Schema>,
    created: readonly PersonState[],
    createdAt: string,
  ): Promise<void> {
    if (created.length === 0) return;
    const result = await this.#insertPeople.run(
      tx,
      created.map((person) => ({
        login: person.login,
        login_seen_at: person.loginSeenAt,
        name: person.name,
        github_id: person.githubId,
        bot_detected: person.botDetected ? 1 : 0,
        created_at: createdAt,
      })),
    );
    // Ids grow in insertion order (a rowid, a sequence), whatever order RETURNING lists them in.
    const ids = result.returned.map((row) => Number(row.id)).sort((a, b) => a - b);
    if (ids.length !== created.length)
      throw new Error(`created ${ids.length} people, expected ${created.length}`);
    created.forEach((person, index) => {
      person.id = ids[index]!;
    });
  }

  /**
   * Attaches new identities. When a concurrent transaction attached one first, the owner wins:
   * a person this batch created is folded into it; returns those foldings (created id -> winner).
   */
  async #attachIdentities(
    tx: Kysely<Schema>,
    attached: readonly (IdentityKey & { person: PersonState })[],
    created: readonly PersonState[],
    learned: Map<string, number>,
  ): Promise<Map<number, number>> {
    const absorbed = new Map<number, number>();
    if (attached.length === 0) return absorbed;
    const rows = attached
      .map((identity) => ({ kind: identity.kind, value: identity.value, person_id: identity.person.id }))
      .sort((a, b) =>
        a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0,
      );
    const result = await this.#insertIdentities.run(tx, rows);
    if (result.affectedRows === rows.length) return absorbed;

    // Some identity was attached concurrently: read the winners.
    const winners = new Map<string, number>();
    const byKind = new Map<IdentityKind, string[]>();
    for (const row of rows) {
      const values = byKind.get(row.kind);
      if (values === undefined) byKind.set(row.kind, [row.value]);
      else values.push(row.value);
    }
    for (const [kind, values] of byKind) {
      await forEachInList(values, async (chunk) => {
        const found = await tx
          .selectFrom('identities')
          .select(['value', 'person_id'])
          .where('kind', '=', kind)
          .where('value', 'in', chunk)
          .execute();
        for (const row of found) winners.set(`${kind}:${row.value}`, row.person_id);
      });
    }
    const createdIds = new Set(created.map((person) => person.id));
    const lost = attached
      .filter((identity) => winners.get(identity.key) !== identity.person.id)
      .sort((a, b) => KIND_PRIORITY[a.kind] - KIND_PRIORITY[b.kind]);
    for (const identity of lost) {
      const winner = winners.get(identity.key)!;
      learned.set(identity.key, winner);
      const loser = identity.person.id;
      if (createdIds.has(loser) && !absorbed.has(loser)) absorbed.set(loser, winner);
    }
    const createdById = new Map(created.map((person) => [person.id, person]));
    for (const [loser, winner] of [...absorbed].sort((a, b) => a[1] - b[1])) {
      await tx.updateTable('identities').set({ person_id: winner }).where('person_id', '=', loser).execute();
      await tx.deleteFrom('people').where('id', '=', loser).execute();
      // What this batch saw of the person it created (a name, a bot flag, a newer login) is the
      // winner's now; written with the same guards as any update, so neither writer's facts are
      // lost. A login or GitHub id goes along only when the winner holds that identity.
      const facts = createdById.get(loser)!;
      const isWinners = (key: string): boolean => {
        const owner = winners.get(key);
        return owner === winner || owner === loser;
      };
      await updatePerson(tx, {
        ...facts,
        id: winner,
        githubId: facts.githubId !== null && isWinners(`github_id:${facts.githubId}`) ? facts.githubId : null,
        loginSeenAt:
          facts.loginSeenAt !== null && isWinners(`login:${facts.login.toLowerCase()}`)
            ? facts.loginSeenAt
            : null,
      });
    }
    for (const identity of attached) {
      const winner = absorbed.get(identity.person.id);
      if (winner !== undefined && !learned.has(identity.key)) learned.set(identity.key, winner);
    }
    return absorbed;
  }
}

/** True for a person known by emails only (their login is an unlinked handle, or will be). */
function isUnlinked(person: PersonState): boolean {
  return person.login === NEW_UNLINKED || isUnlinkedHandle(person.login);
}

/** Folds `loser` into `winner` in this batch's view: its identities lead to the winner, its gaps filled. */
function foldPerson(loser: PersonState, winner: PersonState, owners: Map<string, number>): void {
  for (const [key, owner] of owners) if (owner === loser.id) owners.set(key, winner.id);
  winner.name ??= loser.name;
  winner.githubId ??= loser.githubId;
  winner.botDetected ||= loser.botDetected;
}

/**
 * Moves a stored person's identities, acts and item references to `winnerId` and deletes the
 * person (a merge, as `rungs people merge` makes it, minus the choice of login); returns the keys
 * of the identities moved, so the cache learns their new owner.
 */
async function movePerson(tx: Kysely<Schema>, loserId: number, winnerId: number): Promise<string[]> {
  const moved = await tx
    .selectFrom('identities')
    .select(['kind', 'value'])
    .where('person_id', '=', loserId)
    .execute();
  await tx.updateTable('identities').set({ person_id: winnerId }).where('person_id', '=', loserId).execute();
  await tx.updateTable('activities').set({ person_id: winnerId }).where('person_id', '=', loserId).execute();
  await tx.updateTable('items').set({ author_id: winnerId }).where('author_id', '=', loserId).execute();
  await tx.updateTable('items').set({ merged_by_id: winnerId }).where('merged_by_id', '=', loserId).execute();
  await tx.deleteFrom('people').where('id', '=', loserId).execute();
  return moved.map((row) => `${row.kind}:${row.value}`);
}

/**
 * Gives the email-only people this batch created their handle, `person:<id>`, both as their login
 * and as a login identity (attached with the others) so the handle names them.
 */
async function giveUnlinkedHandles(
  tx: Kysely<Schema>,
  created: readonly PersonState[],
  attached: (IdentityKey & { person: PersonState })[],
): Promise<void> {
  for (const person of created) {
    if (person.login !== NEW_UNLINKED) continue;
    person.login = toUnlinkedHandle(person.id);
    await tx.updateTable('people').set({ login: person.login }).where('id', '=', person.id).execute();
    attached.push({ ...identityKey('login', person.login), person });
  }
}

function findPerson(
  actor: ActorIdentity,
  owners: ReadonlyMap<string, number>,
  people: ReadonlyMap<number, PersonState>,
): PersonState | undefined {
  for (const identity of actor.identities) {
    const owner = owners.get(identity.key);
    if (owner === undefined) continue;
    const person = people.get(owner)!;
    if (identity.kind === 'github_id') return person;
    // An actor who names their account is not someone else's because they share an email.
    if (identity.kind === 'email' && identity !== actor.identities[0] && !isUnlinked(person)) continue;
    if (person.githubId === null || actor.githubId === null || person.githubId === actor.githubId)
      return person;
  }
  return undefined;
}

/** Updates a person's state with what this sighting shows; true when something changed. */
function learnSighting(
  person: PersonState,
  actor: ActorIdentity,
  at: string,
  owners: ReadonlyMap<string, number>,
): boolean {
  let changed = false;
  if (
    person.githubId === null &&
    actor.githubId !== null &&
    owners.get(`github_id:${actor.githubId}`) === person.id
  ) {
    person.githubId = actor.githubId;
    changed = true;
  }
  if (
    actor.login !== null &&
    actor.loginIsCurrent &&
    (actor.login !== person.login || person.loginSeenAt === null) &&
    (person.loginSeenAt === null || at >= person.loginSeenAt) &&
    owners.get(`login:${actor.login.toLowerCase()}`) === person.id
  ) {
    person.login = actor.login;
    person.loginSeenAt = at;
    changed = true;
  }
  if (person.name === null && actor.name !== null) {
    person.name = actor.name;
    changed = true;
  }
  if (actor.isBot && !person.botDetected) {
    person.botDetected = true;
    changed = true;
  }
  return changed;
}

/**
 * Writes what a batch learned about an existing person. Guarded so that a concurrent writer's
 * newer facts win: a login only replaces one seen earlier, a GitHub id or name only fills a gap.
 */
async function updatePerson(tx: Kysely<Schema>, person: PersonState): Promise<void> {
  let update = tx.updateTable('people').set((eb) => ({
    name: eb.fn.coalesce('name', eb.val(person.name)),
    github_id: eb.fn<number>('coalesce', ['github_id', eb.val(person.githubId)]),
  }));
  if (person.botDetected) update = update.set({ bot_detected: 1 });
  const seenAt = person.loginSeenAt;
  if (seenAt !== null) {
    update = update.set((eb) => {
      const loginIsNewer = eb.or([eb('login_seen_at', 'is', null), eb('login_seen_at', '<=', seenAt)]);
      return {
        login: eb.case().when(loginIsNewer).then(person.login).else(eb.ref('login')).end(),
        login_seen_at: eb.case().when(loginIsNewer).then(seenAt).else(eb.ref('login_seen_at')).end(),
      };
    });
  }
  await update.where('id', '=', person.id).execute();
}
