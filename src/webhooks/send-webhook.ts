// One HTTP attempt at a webhook delivery: signed POST, no redirects followed, bounded in time and in what it reads.
import type { DeliveryJob } from "./delivery-log";
import { signatureHeaders } from "./webhook-signature";

const TIMEOUT_MS = 10_000;
/** Only the start of a receiver's reply is kept (for the attempt's error); the rest is never read. */
const MAX_RESPONSE_BYTES = 1024;

export interface AttemptResult {
  succeeded: boolean;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

export async function sendWebhook(fetcher: Fetcher["fetch"], job: DeliveryJob, signingSecret: string, now: Date): Promise<AttemptResult> {
  const started = Date.now();
  try {
    const response = await fetcher(job.url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Lucid-Webhooks/1", ...signatureHeaders(signingSecret, job.webhookId, job.body, now) },
      body: job.body,
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const excerpt = await readExcerpt(response);
    const latencyMs = Date.now() - started;
    if (response.status >= 200 && response.status < 300) return { succeeded: true, statusCode: response.status, latencyMs, error: null };
    const error =
      response.status >= 300 && response.status < 400
        ? `redirect to '${response.headers.get("location") ?? ""}' not followed`
        : `HTTP ${response.status}${excerpt ? `: ${excerpt}` : ""}`;
    return { succeeded: false, statusCode: response.status, latencyMs, error };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    const message = timedOut ? `no response within ${TIMEOUT_MS / 1000} s` : `request failed: ${error instanceof Error ? error.message : String(error)}`;
    return { succeeded: false, statusCode: null, latencyMs: Date.now() - started, error: message };
  }
}

async function readExcerpt(response: Response): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < MAX_RESPONSE_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) bytes.set(chunk, offset), (offset += chunk.byteLength);
  return new TextDecoder().decode(bytes.subarray(0, MAX_RESPONSE_BYTES)).trim();
}
