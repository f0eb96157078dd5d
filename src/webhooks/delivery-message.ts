// The body of a message on the webhook queues: which delivery to attempt, in which round of (re)delivery.
export interface WebhookDeliveryMessage {
  tenant_id: string;
  delivery_id: string;
  /** Bumped by each redelivery, so messages of an earlier round are recognised and dropped. */
  round: number;
}

export const WEBHOOK_QUEUE = "lucid-webhooks";
export const WEBHOOK_DEAD_LETTER_QUEUE = "lucid-webhooks-dlq";
