// Agents: every agent of the signed-in tenant, and a form to create one (with its dreaming settings).
import { useState } from "preact/hooks";
import { ErrorMessage } from "../components/error-message";
import { useLucid } from "../lucid-context";
import { navigate } from "../router";
import { href } from "../routes";
import { useAsync } from "../use-async";
import { visibleText } from "../../../client/visible-text";

export const DEFAULT_MODEL = "claude-sonnet-5-5";

export function AgentsPage() {
  const { anthropic } = useLucid();
  const agents = useAsync(async () => {
    const all = [];
    for await (const agent of anthropic.beta.agents.list({ limit: 100 })) all.push(agent);
    return all;
  }, [anthropic]);

  return (
    <section>
      <h1>Agents</h1>
      <div class="columns">
        <div>
          <ErrorMessage error={agents.error} context="Could not list the agents" />
          {agents.loading && !agents.data ? <p aria-live="polite">Loading agents…</p> : null}
          {agents.data?.length === 0 ? <p>No agents yet: create the first one.</p> : null}
          {agents.data?.length ? (
            <table>
              <caption class="visually-hidden">Agents</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Model</th>
                  <th scope="col">Version</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {agents.data.map((agent) => (
                  <tr key={agent.id}>
                    <td>
                      <a href={href(`/agents/${agent.id}`)}>{visibleText(agent.name)}</a>
                    </td>
                    <td>
                      <code>{agent.model.id}</code>
                    </td>
                    <td>{agent.version}</td>
                    <td>{new Date(agent.created_at).toLocaleString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
        <CreateAgentForm />
      </div>
    </section>
  );
}

function CreateAgentForm() {
  const { anthropic } = useLucid();
  const [name, setName] = useState("");
  const [model, setModel] = useState(DEFAULT_MODEL);
  const [system, setSystem] = useState("");
  const [dreamingEnabled, setDreamingEnabled] = useState(false);
  const [mode, setMode] = useState<"review" | "auto">("review");
  const [error, setError] = useState<unknown>(undefined);
  const [creating, setCreating] = useState(false);

  const create = async (event: Event) => {
    event.preventDefault();
    setCreating(true);
    setError(undefined);
    try {
      // `dreaming` is a Lucid extension of the agent; the SDK passes it through.
      const body = { name: name.trim(), model: model.trim(), system: system.trim() || null, dreaming: { enabled: dreamingEnabled, mode } };
      const agent = await anthropic.beta.agents.create(body);
      navigate(`/agents/${agent.id}`);
    } catch (reason) {
      setError(reason);
      setCreating(false);
    }
  };

  return (
    <form class="panel" onSubmit={create} aria-labelledby="create-agent-heading">
      <h2 id="create-agent-heading">Create an agent</h2>
      <label for="agent-name">Name</label>
      <input id="agent-name" required maxLength={256} value={name} onInput={(event) => setName(event.currentTarget.value)} />
      <label for="agent-model">Model</label>
      <input id="agent-model" required value={model} onInput={(event) => setModel(event.currentTarget.value)} />
      <label for="agent-system">System prompt</label>
      <textarea id="agent-system" value={system} onInput={(event) => setSystem(event.currentTarget.value)} />
      <fieldset>
        <legend>Dreaming</legend>
        <label class="inline">
          <input type="checkbox" checked={dreamingEnabled} onChange={(event) => setDreamingEnabled(event.currentTarget.checked)} />
          Dream on a schedule (set the cadence on the agent's page)
        </label>
        <label for="agent-dream-mode">Apply what a dream learns</label>
        <select id="agent-dream-mode" value={mode} onChange={(event) => setMode(event.currentTarget.value as "review" | "auto")}>
          <option value="review">after I review it</option>
          <option value="auto">at once</option>
        </select>
      </fieldset>
      <button type="submit" disabled={creating}>
        {creating ? "Creating…" : "Create agent"}
      </button>
      <ErrorMessage error={error} context="Could not create the agent" />
    </form>
  );
}
