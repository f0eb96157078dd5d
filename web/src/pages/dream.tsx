// One dream: its phases with progress and cost, its changeset for review (approve all or part, edited, or reject),
// and, once applied, rolling the agent back to the memory it had before.
import { useEffect, useState } from "preact/hooks";
import type { Agent } from "../../../src/schemas/agent";
import type { Dream } from "../../../src/schemas/dream-resource";
import { Changeset, type ReviewDecision } from "../components/changeset";
import { ErrorMessage } from "../components/error-message";
import { StatusBadge } from "../components/status-badge";
import { DREAM_PHASES, dreamIsMoving } from "../dream-phases";
import { useLucid } from "../lucid-context";
import { href } from "../routes";
import { useAsync } from "../use-async";
import { describeProgress } from "./dreams";

const REFRESH_MS = 1_000;

export function DreamPage(props: { params: Record<string, string> }) {
  const dreamId = props.params.id!;
  const { lucid } = useLucid();
  const dream = useAsync(() => lucid.dreams.retrieve(dreamId), [lucid, dreamId]);
  const [decisionError, setDecisionError] = useState<unknown>(undefined);
  const [deciding, setDeciding] = useState(false);
  useEffect(() => {
    if (!dream.data || !dreamIsMoving(dream.data)) return;
    const timer = setTimeout(dream.reload, REFRESH_MS);
    return () => clearTimeout(timer);
  }, [dream.data]);

  if (dream.error && !dream.data) return <ErrorMessage error={dream.error} context="Could not load the dream" />;
  if (!dream.data) return <p aria-live="polite">Loading the dream…</p>;
  const current = dream.data;

  const decide = async (action: () => Promise<unknown>) => {
    setDeciding(true);
    setDecisionError(undefined);
    try {
      await action();
      dream.reload();
    } catch (reason) {
      setDecisionError(reason);
    } finally {
      setDeciding(false);
    }
  };
  const approve = (decision: ReviewDecision) =>
    decide(() => lucid.dreams.approve(dreamId, { operation_ids: decision.operationIds, ...(decision.edits.length ? { edits: decision.edits } : {}) }));
  const reject = () => decide(() => lucid.dreams.reject(dreamId));

  return (
    <section>
      <h1>Dream</h1>
      <p class="hint">
        <code>{current.id}</code>
        {current.agent_id ? (
          <>
            {" · agent "}
            <a href={href(`/agents/${current.agent_id}`)}>{current.agent_id}</a>
          </>
        ) : null}
        {" · "}
        {current.mode} mode · <a href={href(`/sessions/${current.session_id}`)}>its progress session</a>
      </p>
      <div aria-live="polite">
        <p>
          <StatusBadge status={current.status} /> {current.review.state === "pending" ? <strong>Waiting for your review</strong> : null}
          {current.error ? <span class="error"> {current.error.message}</span> : null}
        </p>
        <PhaseSteps dream={current} />
        <p class="hint">
          Progress: {describeProgress(current.progress)} · tokens {current.usage.input_tokens} in / {current.usage.output_tokens} out
        </p>
      </div>
      <h2>Changeset</h2>
      <ChangesetWithMemory
        dream={current}
        review={current.review.state === "pending" && current.status === "running" ? { onApprove: approve, onReject: reject, busy: deciding } : undefined}
      />
      <ErrorMessage error={decisionError} context="The decision was not taken" />
      {current.status === "completed" && current.agent_id && current.outputs.length ? <AppliedPanel dream={current} agentId={current.agent_id} /> : null}
    </section>
  );
}

function PhaseSteps(props: { dream: Dream }) {
  const currentIndex = DREAM_PHASES.findIndex((entry) => entry.phase === props.dream.phase);
  return (
    <ol class="progress" aria-label="Phases">
      {DREAM_PHASES.map((entry, index) => (
        <li key={entry.phase} class={index < currentIndex ? "done" : undefined} aria-current={index === currentIndex ? "step" : undefined}>
          {entry.label}
        </li>
      ))}
    </ol>
  );
}

/** The changeset beside the memory it changes, read from the dream's input store. */
function ChangesetWithMemory(props: { dream: Dream; review: Parameters<typeof Changeset>[0]["review"] }) {
  const { anthropic } = useLucid();
  const inputStoreId = props.dream.inputs.find((input) => input.type === "memory_store")?.memory_store_id;
  const before = useAsync(async () => {
    const contents = new Map<string, string>();
    if (!inputStoreId) return contents;
    for await (const item of anthropic.beta.memoryStores.memories.list(inputStoreId, { view: "full", limit: 20 })) {
      if (item.type === "memory") contents.set(item.path, item.content ?? "");
    }
    return contents;
  }, [anthropic, inputStoreId]);

  if (before.error) return <ErrorMessage error={before.error} context="Could not read the memory before the dream" />;
  if (!before.data) return <p aria-live="polite">Reading the memory…</p>;
  return <Changeset dream={props.dream} before={before.data} review={props.review} />;
}

function AppliedPanel(props: { dream: Dream; agentId: string }) {
  const { lucid } = useLucid();
  const agent = useAsync(() => lucid.agents.retrieve(props.agentId), [lucid, props.agentId]);
  const [rolledBack, setRolledBack] = useState<Agent | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const outputStoreId = props.dream.outputs[0]!.memory_store_id;
  const storeInUse = (rolledBack ?? agent.data)?.memory_store_id;

  const rollBack = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setRolledBack(await lucid.agents.rollbackMemory(props.agentId));
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="panel" aria-live="polite">
      <h2>Applied</h2>
      <p>
        The dream wrote memory store{" "}
        <a href={href(`/memory/${outputStoreId}`)}>
          <code>{outputStoreId}</code>
        </a>
        .
      </p>
      <ErrorMessage error={agent.error} context="Could not load the agent" />
      {storeInUse ? (
        <p>
          The agent now uses{" "}
          <a href={href(`/memory/${storeInUse}`)}>
            <code>{storeInUse}</code>
          </a>
          {storeInUse === outputStoreId ? " (this dream's output)." : "."}
        </p>
      ) : null}
      {rolledBack ? <p class="notice">Rolled back: the agent is back on the memory store it used before its last dream.</p> : null}
      {storeInUse === outputStoreId && !rolledBack ? (
        <button type="button" class="danger" onClick={rollBack} disabled={busy}>
          {busy ? "Rolling back…" : "Roll back"}
        </button>
      ) : null}
      <ErrorMessage error={error} context="Could not roll back" />
    </div>
  );
}
