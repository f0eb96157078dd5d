// The Worker's queue() handler for webhooks: attempts deliveries, schedules retries with backoff, and settles what
// the dead-letter queue hands back as failed.
import { directoryOf } from "../platform/stubs";
import type { Env } from "../env";
import { passCrashPoint, SimulatedCrash } from "../faults/crash-points";
import type { DeliveryJob } from "./delivery-log";
import { WEBHOOK_DEAD_LETTER_QUEUE, type WebhookDeliveryMessage } from "./delivery-message";
import { type DeliveryPolicy, deliveryPolicy, retryDelaySeconds } from "./delivery-policy";
import { type AttemptResult, sendWebhook } from "./send-webhook";
import { outboundUrlProblem } from "../safety/url-safety";

export async function handleWebhookBatch(batch: MessageBatch<WebhookDeliveryMessage>, env: Env): Promise<void> {
  const policy = deliveryPolicy(env);
  const handle = batch.queue === WEBHOOK_DEAD_LETTER_QUEUE ? settleExhausted : attemptDelivery;
  await Promise.all(
    batch.messages.map(async (message) => {
      try {
        await handle(message, env, policy);
      } catch (error) {
        // A simulated crash ends the whole invocation, as a real one would: the queue then retries the batch.
        if (error instanceof SimulatedCrash) throw error;
        // The directory was unreachable: try the message again later, without counting it against the receiver.
        console.error(`webhook delivery ${message.body.delivery_id} could not be processed`, error);
        message.retry({ delaySeconds: policy.retryBaseSeconds });
      }
    }),
  );
}

async function attemptDelivery(message: Message<WebhookDeliveryMessage>, env: Env, policy: DeliveryPolicy): Promise<void> {
  const { tenant_id, delivery_id, round } = message.body;
  const directory = directoryOf(env, tenant_id);
  const job = await directory.startWebhookAttempt(tenant_id, delivery_id, round);
  if (!job) return message.ack();
  passCrashPoint(null, "webhook.attempt_started");
  const now = new Date();
  const result = await attempt(env, policy, job, now);
  passCrashPoint(null, "webhook.sent");
  const delay = result.succeeded ? null : retryDelaySeconds(policy, message.attempts);
  const nextRetryAt = delay === null ? null : new Date(now.getTime() + delay * 1000).toISOString();
  await directory.recordWebhookAttempt(
    delivery_id,
    round,
    { attempted_at: now.toISOString(), status_code: result.statusCode, latency_ms: result.latencyMs, error: result.error, next_retry_at: nextRetryAt },
    result.succeeded,
  );
  if (result.succeeded) message.ack();
  else if (delay === null)
    message.retry(); // the last attempt: past max_retries the queue moves it to the dead-letter queue
  else message.retry({ delaySeconds: delay });
}

/** Sends the attempt, unless its secret cannot be opened or its URL is refused: then it fails as not sent, and is retried. */
function attempt(env: Env, policy: DeliveryPolicy, job: DeliveryJob, now: Date): Promise<AttemptResult> {
  const notSent = (why: string) => Promise.resolve({ succeeded: false, statusCode: null, latencyMs: 0, error: `not sent: ${why}` });
  if ("problem" in job.signing) return notSent(job.signing.problem);
  // Checked again at delivery: the setting may have changed since the URL was accepted.
  const problem = outboundUrlProblem(job.url, policy.allowLoopback);
  if (problem) return notSent(`the URL ${problem}`);
  return sendWebhook(egressOf(env), job, job.signing.secret, now);
}

async function settleExhausted(message: Message<WebhookDeliveryMessage>, env: Env): Promise<void> {
  await directoryOf(env, message.body.tenant_id).failWebhookDelivery(message.body.delivery_id, message.body.round);
  message.ack();
}

function egressOf(env: Env): Fetcher["fetch"] {
  const egress = env.WEBHOOK_EGRESS;
  return egress ? (input, init) => egress.fetch(input, init) : (input, init) => fetch(input, init);
}
