// Standard Webhooks signing (the `standardwebhooks` library): the three headers `client.beta.webhooks.unwrap()` verifies.
import { Webhook } from "standardwebhooks";

/** Signs `body` as message `webhookId` at `timestamp` with a `whsec_` secret. */
export function signatureHeaders(signingSecret: string, webhookId: string, body: string, timestamp: Date): Record<string, string> {
  return {
    "webhook-id": webhookId,
    "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
    "webhook-signature": new Webhook(signingSecret).sign(webhookId, timestamp, body),
  };
}
