// Webhooks page: the tenant's endpoints, creating one (URL and event types), enabling, disabling, testing and deleting.
import { useState } from "preact/hooks";
import type { WebhookEndpoint } from "../../../src/schemas/webhook-endpoint";
import { WebhookEventType } from "../../../src/schemas/webhook-event";
import { ErrorMessage } from "../components/error-message";
import { useLucid } from "../lucid-context";
import { href } from "../routes";
import { useAsync } from "../use-async";
import { visibleText } from "../../../client/visible-text";

export function WebhooksPage() {
  const { lucid } = useLucid();
  const endpoints = useAsync(async () => {
    const all: WebhookEndpoint[] = [];
    for await (const endpoint of lucid.webhooks.list()) all.push(endpoint);
    return all;
  }, [lucid]);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(undefined);

  // Every action reloads the list, so the table always shows what the server holds.
  const act = async (what: () => Promise<string | null>) => {
    setActionError(undefined);
    setNotice(null);
    try {
      setNotice(await what());
      endpoints.reload();
    } catch (error) {
      setActionError(error);
    }
  };

  return (
    <section>
      <h1>Webhooks</h1>
      <p>Lucid posts signed events to these endpoints. Each delivery is retried for about a day until it succeeds.</p>
      <div aria-live="polite">{notice && <p class="notice">{notice}</p>}</div>
      <ErrorMessage error={actionError} />
      <CreateEndpointForm
        onCreate={(url, events) =>
          act(async () => {
            const created = await lucid.webhooks.create({ url, enabled_events: events });
            return `Created ${created.url}. Its signing secret, shown only now: ${created.signing_secret}`;
          })
        }
      />
      <h2>Endpoints</h2>
      <ErrorMessage error={endpoints.error} context="Could not list the endpoints" />
      {endpoints.loading && !endpoints.data && <p>Loading…</p>}
      {endpoints.data && endpoints.data.length === 0 && <p>No endpoints yet.</p>}
      {endpoints.data && endpoints.data.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">URL</th>
              <th scope="col">Events</th>
              <th scope="col">State</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {endpoints.data.map((endpoint) => (
              <tr key={endpoint.id}>
                <td>
                  <a href={href(`/webhooks/${endpoint.id}`)}>{endpoint.url}</a>
                  {endpoint.name && <div>{visibleText(endpoint.name)}</div>}
                </td>
                <td>{endpoint.enabled_events.join(", ")}</td>
                <td>
                  {endpoint.state}
                  {endpoint.disabled_reason && <div>{endpoint.disabled_reason}</div>}
                </td>
                <td>
                  <button
                    type="button"
                    onClick={() =>
                      act(async () => {
                        const state = endpoint.state === "enabled" ? "disabled" : "enabled";
                        await lucid.webhooks.update(endpoint.id, { state });
                        return `${endpoint.url} is now ${state}.`;
                      })
                    }
                  >
                    {endpoint.state === "enabled" ? "Disable" : "Enable"}
                  </button>{" "}
                  <button
                    type="button"
                    onClick={() =>
                      act(async () => {
                        const delivery = await lucid.webhooks.test(endpoint.id);
                        return `Sent a test event to ${endpoint.url} (delivery ${delivery.id}, ${delivery.status}).`;
                      })
                    }
                  >
                    Send test event
                  </button>{" "}
                  <button
                    type="button"
                    onClick={() => {
                      if (!confirm(`Delete the endpoint ${endpoint.url} and its delivery log?`)) return;
                      void act(async () => {
                        await lucid.webhooks.delete(endpoint.id);
                        return `Deleted ${endpoint.url}.`;
                      });
                    }}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function CreateEndpointForm(props: { onCreate: (url: string, events: WebhookEventType[]) => Promise<void> }) {
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<WebhookEventType[]>([]);
  const [busy, setBusy] = useState(false);
  const toggle = (type: WebhookEventType, checked: boolean) =>
    setEvents((current) => (checked ? [...current, type] : current.filter((value) => value !== type)));

  return (
    <form
      onSubmit={async (submit) => {
        submit.preventDefault();
        setBusy(true);
        await props.onCreate(url, events);
        setBusy(false);
      }}
    >
      <h2>New endpoint</h2>
      <label>
        URL <input type="url" required value={url} onInput={(input) => setUrl(input.currentTarget.value)} placeholder="https://example.com/lucid" />
      </label>
      <fieldset>
        <legend>Event types</legend>
        {WebhookEventType.options.map((type) => (
          <label key={type}>
            <input type="checkbox" checked={events.includes(type)} onChange={(change) => toggle(type, change.currentTarget.checked)} /> {type}
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={busy || events.length === 0}>
        Create endpoint
      </button>
    </form>
  );
}
