// One webhook endpoint: its settings and its delivery log (status, attempts, responses), paged, with redelivery.
import { useEffect, useState } from "preact/hooks";
import type { WebhookDelivery } from "../../../src/schemas/webhook-endpoint";
import { ErrorMessage } from "../components/error-message";
import { useLucid } from "../lucid-context";
import { href } from "../routes";
import { useAsync } from "../use-async";

const DELIVERIES_PER_PAGE = 20;

export function WebhookPage(props: { params: Record<string, string> }) {
  const endpointId = props.params.id!;
  const { lucid } = useLucid();
  const endpoint = useAsync(() => lucid.webhooks.retrieve(endpointId), [lucid, endpointId]);
  const [deliveries, setDeliveries] = useState<WebhookDelivery[]>([]);
  const [nextPage, setNextPage] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [notice, setNotice] = useState<string | null>(null);

  const loadPage = async (page: string | undefined) => {
    setLoading(true);
    setError(undefined);
    try {
      const result = await lucid.webhooks.deliveries(endpointId, { limit: DELIVERIES_PER_PAGE, page });
      setDeliveries((current) => (page ? [...current, ...result.data] : result.data));
      setNextPage(result.next_page);
    } catch (failure) {
      setError(failure);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void loadPage(undefined);
  }, [lucid, endpointId]);

  const redeliver = async (delivery: WebhookDelivery) => {
    setError(undefined);
    setNotice(null);
    try {
      const updated = await lucid.webhooks.redeliver(endpointId, delivery.id);
      setDeliveries((current) => current.map((item) => (item.id === updated.id ? updated : item)));
      setNotice(`Delivery ${delivery.id} (${delivery.event_type}) is being sent again.`);
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <section>
      <p>
        <a href={href("/webhooks")}>← Webhooks</a>
      </p>
      <h1>{endpoint.data ? endpoint.data.url : `Webhook ${endpointId}`}</h1>
      <ErrorMessage error={endpoint.error} context="Could not load the endpoint" />
      {endpoint.data && (
        <dl>
          <dt>State</dt>
          <dd>
            {endpoint.data.state}
            {endpoint.data.disabled_reason && ` (${endpoint.data.disabled_reason})`}
          </dd>
          <dt>Events</dt>
          <dd>{endpoint.data.enabled_events.join(", ")}</dd>
          <dt>Created</dt>
          <dd>{formatTime(endpoint.data.created_at)}</dd>
        </dl>
      )}
      <h2>Deliveries</h2>
      <div aria-live="polite">{notice && <p class="notice">{notice}</p>}</div>
      <ErrorMessage error={error} />
      <p>
        <button type="button" onClick={() => void loadPage(undefined)} disabled={loading}>
          Refresh
        </button>
      </p>
      {!loading && deliveries.length === 0 && !error && <p>No deliveries yet. Send a test event from the webhooks page.</p>}
      {deliveries.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Created</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((delivery) => (
              <tr key={delivery.id}>
                <td>
                  {delivery.event_type}
                  <div>
                    <code>{delivery.webhook_id}</code>
                  </div>
                </td>
                <td>{delivery.status}</td>
                <td>
                  <DeliveryAttempts delivery={delivery} />
                </td>
                <td>{formatTime(delivery.created_at)}</td>
                <td>
                  {/* Only a settled delivery can be sent again; a pending one is still being retried. */}
                  <button type="button" disabled={delivery.status === "pending"} onClick={() => void redeliver(delivery)}>
                    Redeliver
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {loading && <p>Loading…</p>}
      {nextPage && !loading && (
        <button type="button" onClick={() => void loadPage(nextPage)}>
          Load more
        </button>
      )}
    </section>
  );
}

function DeliveryAttempts({ delivery }: { delivery: WebhookDelivery }) {
  if (delivery.attempts.length === 0) return <>none yet</>;
  return (
    <ol>
      {delivery.attempts.map((attempt, index) => (
        <li key={index}>
          {formatTime(attempt.attempted_at)}: {attempt.status_code === null ? "no response" : `HTTP ${attempt.status_code}`} in {attempt.latency_ms} ms
          {attempt.error && ` (${attempt.error})`}
          {attempt.next_retry_at && `; next try ${formatTime(attempt.next_retry_at)}`}
        </li>
      ))}
    </ol>
  );
}

function formatTime(iso: string): string {
  return new Date(iso).toLocaleString();
}
