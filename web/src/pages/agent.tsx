// One agent: its settings (model, system prompt, dreaming cadence and mode), its sessions, starting a session or a
// dream, its learning chart, and its MCP servers.
import { useState } from "preact/hooks";
import type { Agent, DreamingSettings } from "../../../src/schemas/agent";
import { AgentMcpServers } from "../components/agent-mcp-servers";
import { ErrorMessage } from "../components/error-message";
import { LearningChart } from "../components/learning-chart";
import { StatusBadge } from "../components/status-badge";
import { useLucid } from "../lucid-context";
import { lucidSession } from "../../../client/lucid-shapes";
import { navigate } from "../router";
import { href } from "../routes";
import { useAsync } from "../use-async";
import { visibleText } from "../../../client/visible-text";

export function AgentPage(props: { params: Record<string, string> }) {
  const agentId = props.params.id!;
  const { lucid } = useLucid();
  const agent = useAsync(() => lucid.agents.retrieve(agentId), [lucid, agentId]);

  if (agent.error) return <ErrorMessage error={agent.error} context="Could not load the agent" />;
  if (!agent.data) return <p aria-live="polite">Loading the agent…</p>;
  return (
    <section>
      <h1>{visibleText(agent.data.name)}</h1>
      <p class="hint">
        <code>{agent.data.id}</code> · version {agent.data.version} · memory store{" "}
        {agent.data.memory_store_id ? (
          <a href={href(`/memory/${agent.data.memory_store_id}`)}>
            <code>{agent.data.memory_store_id}</code>
          </a>
        ) : (
          "none"
        )}
      </p>
      <div class="columns">
        <StartSessionForm agentId={agentId} />
        <DreamPanel agent={agent.data} />
      </div>
      <h2>Sessions</h2>
      <AgentSessions agentId={agentId} />
      <h2>Learning</h2>
      <LearningChart agentId={agentId} />
      <h2>MCP servers</h2>
      <AgentMcpServers agent={agent.data} />
      <h2>Settings</h2>
      <AgentSettingsForm key={agent.data.version} agent={agent.data} onSaved={agent.reload} />
    </section>
  );
}

function AgentSessions(props: { agentId: string }) {
  const { anthropic } = useLucid();
  const sessions = useAsync(async () => {
    const page = await anthropic.beta.sessions.list({ agent_id: props.agentId, limit: 50 });
    return page.data.map(lucidSession);
  }, [anthropic, props.agentId]);

  if (sessions.error) return <ErrorMessage error={sessions.error} context="Could not list the sessions" />;
  if (!sessions.data) return <p aria-live="polite">Loading sessions…</p>;
  if (!sessions.data.length) return <p>No sessions yet.</p>;
  return (
    <table>
      <caption class="visually-hidden">Sessions of this agent, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Session</th>
          <th scope="col">Status</th>
          <th scope="col">Stop reason</th>
          <th scope="col">Tokens (in / out)</th>
          <th scope="col">Started</th>
        </tr>
      </thead>
      <tbody>
        {sessions.data.map((session) => (
          <tr key={session.id}>
            <td>
              <a href={href(`/sessions/${session.id}`)}>{session.title === null ? session.id : visibleText(session.title)}</a>
            </td>
            <td>
              <StatusBadge status={session.status} />
            </td>
            <td>{session.stop_reason?.type.replaceAll("_", " ") ?? "—"}</td>
            <td>
              {session.usage.input_tokens} / {session.usage.output_tokens}
            </td>
            <td>{new Date(session.created_at).toLocaleString()}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function StartSessionForm(props: { agentId: string }) {
  const { anthropic } = useLucid();
  const [message, setMessage] = useState("");
  const [error, setError] = useState<unknown>(undefined);
  const [starting, setStarting] = useState(false);

  const start = async (event: Event) => {
    event.preventDefault();
    setStarting(true);
    setError(undefined);
    try {
      const session = await anthropic.beta.sessions.create({
        agent: props.agentId,
        environment_id: await dashboardEnvironmentId(anthropic),
        initial_events: [{ type: "user.message", content: [{ type: "text", text: message.trim() }] }],
      });
      navigate(`/sessions/${session.id}`);
    } catch (reason) {
      setError(reason);
      setStarting(false);
    }
  };

  return (
    <form class="panel" onSubmit={start} aria-labelledby="start-session-heading">
      <h2 id="start-session-heading">Start a session</h2>
      <label for="first-message">First message</label>
      <textarea id="first-message" required value={message} onInput={(event) => setMessage(event.currentTarget.value)} />
      <button type="submit" disabled={starting || !message.trim()}>
        {starting ? "Starting…" : "Start session"}
      </button>
      <ErrorMessage error={error} context="Could not start the session" />
    </form>
  );
}

const DASHBOARD_ENVIRONMENT = "dashboard";

/** Sessions need an environment; the dashboard keeps one of its own, made the first time it is needed. */
async function dashboardEnvironmentId(anthropic: ReturnType<typeof useLucid>["anthropic"]): Promise<string> {
  for await (const environment of anthropic.beta.environments.list({ limit: 100 })) {
    if (environment.name === DASHBOARD_ENVIRONMENT) return environment.id;
  }
  return (await anthropic.beta.environments.create({ name: DASHBOARD_ENVIRONMENT })).id;
}

function DreamPanel(props: { agent: Agent }) {
  const { lucid } = useLucid();
  const [error, setError] = useState<unknown>(undefined);
  const [starting, setStarting] = useState(false);
  const status = props.agent.dream_status;

  const dream = async () => {
    setStarting(true);
    setError(undefined);
    try {
      const started = await lucid.agents.dream(props.agent.id);
      navigate(`/dreams/${started.id}`);
    } catch (reason) {
      setError(reason);
      setStarting(false);
    }
  };

  return (
    <div class="panel">
      <h2>Dreaming</h2>
      <p>
        {props.agent.dreaming.enabled && props.agent.dreaming.schedule ? `Scheduled: ${describeSchedule(props.agent.dreaming)}` : "Dreams only when asked"}
        {" · "}
        {props.agent.dreaming.mode === "review" ? "changes wait for review" : "changes apply at once"}
      </p>
      {status.last_dream_id ? (
        <p>
          Last dream: <a href={href(`/dreams/${status.last_dream_id}`)}>{status.last_dream_id}</a>
        </p>
      ) : null}
      {status.next_dream_at ? <p>Next dream due {new Date(status.next_dream_at).toLocaleString()}</p> : null}
      {status.last_skipped ? (
        <p class="hint">
          Last skipped {new Date(status.last_skipped.at).toLocaleString()}: {status.last_skipped.reason}
        </p>
      ) : null}
      <button type="button" onClick={dream} disabled={starting}>
        {starting ? "Starting…" : "Dream now"}
      </button>
      <ErrorMessage error={error} context="Could not start a dream" />
    </div>
  );
}

function describeSchedule(dreaming: DreamingSettings): string {
  if (!dreaming.schedule) return "none";
  return dreaming.schedule.type === "cron" ? `cron ${dreaming.schedule.expression} (UTC)` : `every ${dreaming.schedule.minutes} minutes`;
}

type ScheduleKind = "none" | "cron" | "interval";

function AgentSettingsForm(props: { agent: Agent; onSaved: () => void }) {
  const { lucid } = useLucid();
  const { agent } = props;
  const [model, setModel] = useState(agent.model.id);
  const [system, setSystem] = useState(agent.system ?? "");
  const [enabled, setEnabled] = useState(agent.dreaming.enabled);
  const [scheduleKind, setScheduleKind] = useState<ScheduleKind>(agent.dreaming.schedule?.type ?? "none");
  const [cron, setCron] = useState(agent.dreaming.schedule?.type === "cron" ? agent.dreaming.schedule.expression : "0 3 * * *");
  const [minutes, setMinutes] = useState(agent.dreaming.schedule?.type === "interval" ? agent.dreaming.schedule.minutes : 1440);
  const [mode, setMode] = useState(agent.dreaming.mode);
  const [error, setError] = useState<unknown>(undefined);
  const [saving, setSaving] = useState(false);

  const save = async (event: Event) => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    const schedule =
      scheduleKind === "cron"
        ? { type: "cron" as const, expression: cron.trim() }
        : scheduleKind === "interval"
          ? { type: "interval" as const, minutes }
          : null;
    try {
      // `version` makes the save fail (409) rather than overwrite changes made since this page loaded.
      await lucid.agents.update(agent.id, {
        version: agent.version,
        model: model.trim(),
        system: system.trim() || null,
        dreaming: { enabled, schedule, mode },
      });
      props.onSaved();
    } catch (reason) {
      setError(reason);
      setSaving(false);
    }
  };

  return (
    <form onSubmit={save} aria-label="Agent settings">
      <label for="settings-model">Model</label>
      <input id="settings-model" required value={model} onInput={(event) => setModel(event.currentTarget.value)} />
      <label for="settings-system">System prompt</label>
      <textarea id="settings-system" value={system} onInput={(event) => setSystem(event.currentTarget.value)} />
      <fieldset>
        <legend>Dreaming</legend>
        <label class="inline">
          <input type="checkbox" checked={enabled} onChange={(event) => setEnabled(event.currentTarget.checked)} />
          Dream on the schedule below
        </label>
        <label for="settings-cadence">Cadence</label>
        <select id="settings-cadence" value={scheduleKind} onChange={(event) => setScheduleKind(event.currentTarget.value as ScheduleKind)}>
          <option value="none">only when asked</option>
          <option value="cron">cron expression (UTC)</option>
          <option value="interval">every N minutes</option>
        </select>
        {scheduleKind === "cron" ? (
          <>
            <label for="settings-cron">Cron expression</label>
            <input id="settings-cron" required value={cron} onInput={(event) => setCron(event.currentTarget.value)} />
          </>
        ) : null}
        {scheduleKind === "interval" ? (
          <>
            <label for="settings-minutes">Minutes between dreams</label>
            <input
              id="settings-minutes"
              type="number"
              min={5}
              max={525600}
              required
              value={minutes}
              onInput={(event) => setMinutes(event.currentTarget.valueAsNumber)}
            />
          </>
        ) : null}
        <label for="settings-mode">Apply what a dream learns</label>
        <select id="settings-mode" value={mode} onChange={(event) => setMode(event.currentTarget.value as "review" | "auto")}>
          <option value="review">after I review it</option>
          <option value="auto">at once</option>
        </select>
      </fieldset>
      <button type="submit" disabled={saving}>
        {saving ? "Saving…" : "Save settings"}
      </button>
      <ErrorMessage error={error} context="Could not save the settings" />
    </form>
  );
}
