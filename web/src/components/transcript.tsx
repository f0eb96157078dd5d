// A session's transcript as a list: who said what, tool calls on one line each, verdicts and errors standing out.
import type { TranscriptEntry } from "./transcript-state";

export function Transcript(props: { entries: TranscriptEntry[] }) {
  if (!props.entries.length) return <p class="hint">Nothing in the transcript yet.</p>;
  return (
    <ol class="transcript" aria-label="Transcript">
      {props.entries.map((entry) => (
        <TranscriptItem key={entry.id} entry={entry} />
      ))}
    </ol>
  );
}

function TranscriptItem(props: { entry: TranscriptEntry }) {
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
          {entry.result ? (
            <div>
              {entry.result.isError ? "✗ error: " : "✓ "}
              {entry.result.text}
            </div>
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
