import type { Kysely } from 'kysely';
import type { RejectedDelivery, RejectedDeliveryStore } from '../../app/ports.ts';
import type { Database } from './create-database.ts';
import type { Schema } from './schema.ts';
import { toIsoSecond } from './to-iso-second.ts';

/**
 * Refused webhook deliveries in `rejected_deliveries`, one row per delivery id. Keeping a delivery
 * again (GitHub's redelivery) keeps the first payload and counts the arrival; the payload is JSON
 * text, so a NUL escape that PostgreSQL's JSON type refuses is kept as it came.
 */
export class KyselyRejectedDeliveryStore implements RejectedDeliveryStore {
  readonly #db: Kysely<Schema>;
  readonly #now: () => Date;

  constructor(database: Database, now: () => Date = () => new Date()) {
    this.#db = database.db;
    this.#now = now;
  }

  async keepRejectedDelivery(delivery: RejectedDelivery): Promise<boolean> {
    const at = toIsoSecond(this.#now());
    return this.#db.transaction().execute(async (tx) => {
      const known = await tx
        .selectFrom('rejected_deliveries')
        .select('received')
        .where('delivery_id', '=', delivery.id)
        .executeTakeFirst();
      await tx
        .insertInto('rejected_deliveries')
        .values({
          delivery_id: delivery.id,
          event: delivery.event,
          payload: JSON.stringify(delivery.payload ?? null),
          reason: delivery.reason,
          first_received_at: at,
          last_received_at: at,
          received: 1,
        })
        .onConflict((conflict) =>
          conflict.column('delivery_id').doUpdateSet((eb) => ({
            reason: eb.ref('excluded.reason'),
            last_received_at: eb.ref('excluded.last_received_at'),
            received: eb(eb.ref('rejected_deliveries.received'), '+', 1),
          })),
        )
        .execute();
      return known === undefined;
    });
  }

  async readRejectedDeliveries(): Promise<readonly RejectedDelivery[]> {
    const rows = await this.#db
      .selectFrom('rejected_deliveries')
      .select(['delivery_id', 'event', 'payload', 'reason'])
      .orderBy('first_received_at')
      .orderBy('delivery_id')
      .execute();
    return rows.map((row) => ({
      id: row.delivery_id,
      event: row.event,
      payload: JSON.parse(row.payload) as unknown,
      reason: row.reason,
    }));
  }

  async removeRejectedDelivery(id: string): Promise<void> {
    await this.#db.deleteFrom('rejected_deliveries').where('delivery_id', '=', id).execute();
  }
}
