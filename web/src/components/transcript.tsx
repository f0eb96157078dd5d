// A session's transcript as a list: who said what, tool calls on one line each, verdicts and errors standing out.
import { useState } from "preact/hooks";
import { ErrorMessage } from "./error-message";
import type { TranscriptEntry } from "./transcript-state";

/** Answers a held tool call: allow runs it, deny tells the agent why it did not run. */
export type ConfirmTool = (toolUseId: string, result: "allow" | "deny", denyMessage: string) => Promise<void>;

export function Transcript(props: { entries: TranscriptEntry[]; onConfirm?: ConfirmTool }) {
  if (!props.entries.length) return <p class="hint">Nothing in the transcript yet.</p>;
  return (
    <ol class="transcript" aria-label="Transcript">
      {props.entries.map((entry) => (
        <TranscriptItem key={entry.id} entry={entry} onConfirm={props.onConfirm} />
      ))}
    </ol>
  );
}

function TranscriptItem(props: { entry: TranscriptEntry; onConfirm?: ConfirmTool }) {
  const { entry } = props;
  switch (entry.kind) {
    case "user":
      return (
        <li class="user">
          <span class="speaker">User</span>
          <pre>{entry.text}</pre>
        </li>
      );
    case "agent":
      return (
        <li class="agent" aria-busy={entry.streaming}>
          <span class="speaker">Agent{entry.streaming ? " (writing…)" : ""}</span>
          <pre class={entry.streaming ? "streaming" : undefined}>{entry.text}</pre>
        </li>
      );
    case "tool":
      return (
        <li class="tool">
          <code>
            🔧 {entry.name}({entry.input})
          </code>
          {entry.confirmation === "allowed" ? <div>Allowed by the user</div> : null}
          {entry.confirmation === "denied" ? <div>Denied by the user</div> : null}
          {entry.result ? (
            <div>
              {entry.result.isError ? "✗ error: " : "✓ "}
              {entry.result.text}
            </div>
          ) : entry.confirmation === "pending" ? (
            props.onConfirm ? (
              <ConfirmForm toolUseId={entry.id} onConfirm={props.onConfirm} />
            ) : (
              <div>… waiting for confirmation</div>
            )
          ) : (
            <div>… waiting for the result</div>
          )}
        </li>
      );
    case "verdict":
      return (
        <li class="verdict">
          <span class="speaker">Outcome verdict (iteration {entry.iteration})</span>
          <strong>{entry.result.replaceAll("_", " ")}</strong>
          {entry.explanation ? <p>{entry.explanation}</p> : null}
        </li>
      );
    case "error":
      return (
        <li class="error-event">
          <span class="speaker">Error</span>
          {entry.message}
        </li>
      );
    case "note":
      return <li class="tool">{entry.text}</li>;
  }
}

/** Allow or deny a held call, with an optional reason for a denial (the agent reads it). */
function ConfirmForm(props: { toolUseId: string; onConfirm: ConfirmTool }) {
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const answer = async (result: "allow" | "deny") => {
    setBusy(true);
    setError(undefined);
    try {
      await props.onConfirm(props.toolUseId, result, reason.trim());
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };
  return (
    <fieldset class="confirm">
      <legend>Waiting for your confirmation</legend>
      <button type="button" disabled={busy} onClick={() => answer("allow")}>
        Allow
      </button>
      <input
        aria-label="Reason for denying (optional)"
        placeholder="Reason (optional)"
        value={reason}
        onInput={(event) => setReason((event.target as HTMLInputElement).value)}
        disabled={busy}
      />
      <button type="button" disabled={busy} onClick={() => answer("deny")}>
        Deny
      </button>
      <ErrorMessage error={error} context="Could not send the confirmation" />
    </fieldset>
  );
}
