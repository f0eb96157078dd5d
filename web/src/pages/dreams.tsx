// Dreams: a timeline of every agent's dreams, newest first, with status, phase and progress, refreshed while any runs.
import { useEffect } from "preact/hooks";
import { ErrorMessage } from "../components/error-message";
import { StatusBadge } from "../components/status-badge";
import { dreamIsMoving, phaseLabel } from "../dream-phases";
import { useLucid } from "../lucid-context";
import { href } from "../routes";
import { useAsync } from "../use-async";
import { visibleText } from "../../../client/visible-text";

const REFRESH_MS = 2_000;

export function DreamsPage() {
  const { lucid, anthropic } = useLucid();
  const dreams = useAsync(async () => (await lucid.dreams.list({ limit: 100 })).data, [lucid]);
  const agentNames = useAsync(async () => {
    const names = new Map<string, string>();
    for await (const agent of anthropic.beta.agents.list({ limit: 100 })) names.set(agent.id, visibleText(agent.name));
    return names;
  }, [anthropic]);
  const moving = dreams.data?.some(dreamIsMoving) ?? false;
  useEffect(() => {
    if (!moving) return;
    const timer = setTimeout(dreams.reload, REFRESH_MS);
    return () => clearTimeout(timer);
  }, [dreams.data]);

  return (
    <section>
      <h1>Dreams</h1>
      <ErrorMessage error={dreams.error} context="Could not list the dreams" />
      {!dreams.data && !dreams.error ? <p aria-live="polite">Loading dreams…</p> : null}
      {dreams.data?.length === 0 ? <p>No dreams yet. Start one from an agent's page.</p> : null}
      {dreams.data?.length ? (
        <ol class="transcript" aria-label="Dreams, newest first">
          {dreams.data.map((dream) => (
            <li key={dream.id}>
              <a href={href(`/dreams/${dream.id}`)}>
                <time dateTime={dream.created_at}>{new Date(dream.created_at).toLocaleString()}</time>
              </a>{" "}
              <StatusBadge status={dream.status} /> {phaseLabel(dream.phase)}
              {dream.review.state === "pending" ? <strong> · waiting for your review</strong> : null}
              <div class="hint">
                {dream.agent_id ? (
                  <>
                    Agent <a href={href(`/agents/${dream.agent_id}`)}>{agentNames.data?.get(dream.agent_id) ?? dream.agent_id}</a> ·{" "}
                  </>
                ) : null}
                {dream.mode} mode · {dream.changeset ? `${dream.changeset.operations.length} operations` : describeProgress(dream.progress)}
              </div>
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}

export function describeProgress(progress: Record<string, number>): string {
  const parts = Object.entries(progress).map(([name, count]) => `${name.replaceAll("_", " ")} ${count}`);
  return parts.length ? parts.join(", ") : "no progress yet";
}
