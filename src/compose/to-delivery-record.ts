import { toWebhookSourceRecord } from '../adapters/webhook-files/to-webhook-source-record.ts';
import type { DeliveryMapper } from '../app/accept-webhook-delivery.ts';

/**
 * A delivery from the receiver becomes exactly the record a webhook file import would make of the
 * same delivery (same key, same mapping), so either path stores it once.
 */
export const toDeliveryRecord: DeliveryMapper = (delivery) => {
  const result = toWebhookSourceRecord({
    kind: 'delivery',
    file: 'webhook',
    line: 0,
    deliveryId: delivery.id,
    event: delivery.event,
    payload: delivery.payload,
  });
  if (!('error' in result)) return result;
  return result.rejected === true ? { rejected: result.error } : { ignored: result.error };
};
