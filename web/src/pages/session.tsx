// One session, live: the transcript streaming over a WebSocket, its status, steps and tokens, and a box to reply.
import { useEffect, useRef, useState } from "preact/hooks";
import { ErrorMessage } from "../components/error-message";
import { StatusBadge } from "../components/status-badge";
import { Transcript } from "../components/transcript";
import { applyFrame, EMPTY_TRANSCRIPT, type StreamFrame, type TranscriptState } from "../components/transcript-state";
import { useLucid } from "../lucid-context";
import { lucidSession } from "../../../client/lucid-shapes";
import { href } from "../routes";
import { useAsync } from "../use-async";
import { useDebouncedValue } from "../use-debounced-value";
import { visibleText } from "../../../client/visible-text";

/** How long the status must hold before the session is read again (a replay flips it once per turn). */
const STATUS_SETTLE_MS = 250;

export function SessionPage(props: { params: Record<string, string> }) {
  const sessionId = props.params.id!;
  const { anthropic } = useLucid();
  const transcript = useLiveTranscript(sessionId);
  // The session resource is read again once the streamed status settles on a new value, for its exact usage and cost.
  const settledStatus = useDebouncedValue(transcript.state.status, STATUS_SETTLE_MS);
  const session = useAsync(async () => lucidSession(await anthropic.beta.sessions.retrieve(sessionId)), [anthropic, sessionId, settledStatus]);

  const status = transcript.state.status ?? session.data?.status ?? "unknown";
  const confirmTool = async (toolUseId: string, result: "allow" | "deny", denyMessage: string) => {
    const confirmation = result === "deny" && denyMessage ? { deny_message: denyMessage } : {};
    await anthropic.beta.sessions.events.send(sessionId, { events: [{ type: "user.tool_confirmation", tool_use_id: toolUseId, result, ...confirmation }] });
  };
  const cost = session.data?.usage.list_cost;
  return (
    <section>
      <h1>{session.data?.title ? visibleText(session.data.title) : "Session"}</h1>
      <p class="hint">
        <code>{sessionId}</code>
        {session.data ? (
          <>
            {" · agent "}
            <a href={href(`/agents/${session.data.agent.id}`)}>{visibleText(session.data.agent.name)}</a>
            {session.data.agent.multiagent ? (
              <>
                {" · "}
                <a href={href(`/sessions/${sessionId}/threads`)}>threads</a>
              </>
            ) : null}
          </>
        ) : null}
      </p>
      <ErrorMessage error={session.error} context="Could not load the session" />
      <dl class="actions" aria-live="polite" aria-label="Session status">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={status} />
          {transcript.state.stopReason ? ` (${transcript.state.stopReason.replaceAll("_", " ")})` : ""}
        </dd>
        <dt>Steps</dt>
        <dd>{transcript.state.steps}</dd>
        <dt>Agent tokens in / out</dt>
        <dd>
          {transcript.state.inputTokens} / {transcript.state.outputTokens}
        </dd>
        {cost ? (
          <>
            <dt>List cost</dt>
            <dd>
              {cost.amount} {cost.currency}
            </dd>
          </>
        ) : null}
      </dl>
      <ErrorMessage error={transcript.error} context="The live transcript stopped" />
      <div aria-live="polite">
        <Transcript entries={transcript.state.entries} onConfirm={confirmTool} />
      </div>
      {status !== "terminated" ? <SendMessageForm sessionId={sessionId} /> : null}
    </section>
  );
}

function useLiveTranscript(sessionId: string): { state: TranscriptState; error: unknown } {
  const { lucid } = useLucid();
  const [state, setState] = useState(EMPTY_TRANSCRIPT);
  const [error, setError] = useState<unknown>(undefined);
  // Frames that arrived since the last paint: folded in once per animation frame, not once per frame received.
  const pending = useRef<StreamFrame[]>([]);
  useEffect(() => {
    setState(EMPTY_TRANSCRIPT);
    setError(undefined);
    pending.current = [];
    const abort = new AbortController();
    let paint: number | null = null;
    const flush = () => {
      paint = null;
      const frames = pending.current;
      pending.current = [];
      setState((current) => frames.reduce(applyFrame, current));
    };
    (async () => {
      // The client resumes from the last event after a dropped connection, so each event arrives once.
      for await (const frame of lucid.sessionEvents(sessionId, { transport: "websocket", eventDeltas: true, signal: abort.signal })) {
        pending.current.push(frame as StreamFrame);
        paint ??= requestAnimationFrame(flush);
      }
    })().catch((reason: unknown) => {
      if (!abort.signal.aborted) setError(reason);
    });
    return () => {
      abort.abort();
      if (paint !== null) cancelAnimationFrame(paint);
    };
  }, [lucid, sessionId]);
  return { state, error };
}

function SendMessageForm(props: { sessionId: string }) {
  const { anthropic } = useLucid();
  const [message, setMessage] = useState("");
  const [error, setError] = useState<unknown>(undefined);
  const [sending, setSending] = useState(false);

  const send = async (event: Event) => {
    event.preventDefault();
    setSending(true);
    setError(undefined);
    try {
      await anthropic.beta.sessions.events.send(props.sessionId, { events: [{ type: "user.message", content: [{ type: "text", text: message.trim() }] }] });
      setMessage("");
    } catch (reason) {
      setError(reason);
    } finally {
      setSending(false);
    }
  };

  return (
    <form onSubmit={send} aria-labelledby="send-heading">
      <h2 id="send-heading">Send a message</h2>
      <label for="session-message">Message</label>
      <textarea id="session-message" required value={message} onInput={(event) => setMessage(event.currentTarget.value)} />
      <button type="submit" disabled={sending || !message.trim()}>
        {sending ? "Sending…" : "Send"}
      </button>
      <ErrorMessage error={error} context="Could not send the message" />
    </form>
  );
}
