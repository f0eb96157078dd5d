// A coordinator session and its threads, live: each thread's agent, status and last message, following the
// coordinator's event stream and refreshing the thread list whenever a thread event arrives.
import type Anthropic from "@anthropic-ai/sdk";
import { useEffect, useRef, useState } from "preact/hooks";
import type { SessionThread } from "../../../src/schemas/multiagent";
import type { Session } from "../../../src/schemas/session";
import type { SessionEvent, SessionEventType } from "../../../src/schemas/session-event";
import { ErrorMessage } from "../components/error-message";
import { StatusBadge } from "../components/status-badge";
import { useLucid } from "../lucid-context";
import { lucidSession } from "../../../client/lucid-shapes";
import { href } from "../routes";
import { visibleText } from "../../../client/visible-text";

/** The latest message between the coordinator and a thread, as its stream recorded it. */
type ThreadMessage = { direction: "to thread" | "from thread"; text: string };

type StreamState = "connecting" | "live" | "failed";

/** Thread events arrive in bursts (a replayed transcript, parallel threads); one refresh serves a burst. */
const REFRESH_DELAY_MS = 250;

export function MultiagentPage(props: { params: Record<string, string> }) {
  const sessionId = props.params.id!;
  const { anthropic, lucid } = useLucid();
  const [session, setSession] = useState<Session | null>(null);
  const [threads, setThreads] = useState<SessionThread[] | null>(null);
  const [messages, setMessages] = useState<Record<string, ThreadMessage>>({});
  const [announcement, setAnnouncement] = useState("");
  const [streamState, setStreamState] = useState<StreamState>("connecting");
  const [error, setError] = useState<unknown>(undefined);
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    const aborter = new AbortController();
    const refresh = async () => {
      try {
        const [latestSession, latestThreads] = await Promise.all([anthropic.beta.sessions.retrieve(sessionId), listThreads(anthropic, sessionId)]);
        if (aborter.signal.aborted) return;
        setSession(lucidSession(latestSession));
        setThreads(latestThreads);
      } catch (failure) {
        if (!aborter.signal.aborted) setError(failure);
      }
    };
    const scheduleRefresh = () => {
      if (refreshTimer.current) clearTimeout(refreshTimer.current);
      refreshTimer.current = setTimeout(() => void refresh(), REFRESH_DELAY_MS);
    };
    const follow = async () => {
      // Without afterId the stream replays the whole transcript first, so the last messages are known before going live.
      for await (const event of lucid.sessionEvents(sessionId, { signal: aborter.signal })) {
        setStreamState("live");
        const message = threadMessageOf(event);
        if (message) setMessages((current) => ({ ...current, [message.threadId]: message.message }));
        const status = threadStatusOf(event);
        if (status) setAnnouncement(status);
        if (event.type.startsWith("session.thread_") || event.type.startsWith("session.status_") || message) scheduleRefresh();
      }
    };
    void refresh();
    follow().catch((failure: unknown) => {
      if (aborter.signal.aborted) return;
      setStreamState("failed");
      setError(failure);
    });
    return () => {
      aborter.abort();
      if (refreshTimer.current) clearTimeout(refreshTimer.current);
    };
  }, [anthropic, lucid, sessionId]);

  const roster = session?.agent.multiagent?.agents ?? [];
  return (
    <section>
      <p>
        <a href={href(`/sessions/${sessionId}`)}>← Coordinator transcript</a>
      </p>
      <h1>{session?.title ? visibleText(session.title) : `Multiagent session ${sessionId}`}</h1>
      <ErrorMessage error={error} />
      {session && (
        <dl>
          <dt>Coordinator</dt>
          <dd>
            <a href={href(`/agents/${session.agent.id}`)}>{visibleText(session.agent.name)}</a> <StatusBadge status={session.status} />
          </dd>
          <dt>Specialists</dt>
          <dd>{roster.length ? roster.map((agent) => agent.name).join(", ") : "none (this session is not a coordinator)"}</dd>
          <dt>Stream</dt>
          <dd>{streamState === "live" ? "live" : streamState === "connecting" ? "connecting…" : "disconnected"}</dd>
        </dl>
      )}
      <p class="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <h2>Threads</h2>
      {!threads && !error && <p>Loading…</p>}
      {threads && threads.length === 0 && <p>No threads yet: they appear here as the coordinator opens them.</p>}
      {threads && threads.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Thread</th>
              <th scope="col">Agent</th>
              <th scope="col">Status</th>
              <th scope="col">Last message</th>
            </tr>
          </thead>
          <tbody>
            {threads.map((thread) => (
              <ThreadRow key={thread.id} thread={thread} message={messages[thread.id]} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ThreadRow(props: { thread: SessionThread; message: ThreadMessage | undefined }) {
  const { thread, message } = props;
  // The orchestrator's own state also tells queued (waiting for a slot) and canceled threads apart.
  const state = thread.lucid_state;
  return (
    <tr>
      <td>
        <a href={href(`/sessions/${thread.id}`)}>
          <code>{thread.id}</code>
        </a>
      </td>
      <td>{visibleText(thread.agent.name)}</td>
      <td>
        <StatusBadge status={state} />
      </td>
      <td>
        {message ? (
          <>
            <span class="hint">{message.direction}: </span>
            {truncate(message.text, 240)}
          </>
        ) : (
          <span class="hint">none yet</span>
        )}
      </td>
    </tr>
  );
}

async function listThreads(anthropic: Anthropic, sessionId: string): Promise<SessionThread[]> {
  const threads: SessionThread[] = [];
  // Lucid's threads carry `lucid_state` beside the fields the SDK types.
  for await (const thread of anthropic.beta.sessions.threads.list(sessionId)) threads.push(thread as SessionThread);
  return threads;
}

function threadMessageOf(event: SessionEvent): { threadId: string; message: ThreadMessage } | null {
  if (event.type === "agent.thread_message_sent" && typeof event.to_session_thread_id === "string") {
    return { threadId: event.to_session_thread_id, message: { direction: "to thread", text: textOf(event.content) } };
  }
  if (event.type === "agent.thread_message_received" && typeof event.from_session_thread_id === "string") {
    return { threadId: event.from_session_thread_id, message: { direction: "from thread", text: textOf(event.content) } };
  }
  return null;
}

const THREAD_STATUS_WORDS: Partial<Record<SessionEventType, string>> = {
  "session.thread_created": "opened",
  "session.thread_status_running": "is running",
  "session.thread_status_idle": "is idle",
  "session.thread_status_terminated": "was terminated",
};

/** A sentence for screen readers when a thread opens or changes status. */
function threadStatusOf(event: SessionEvent): string | null {
  const what = THREAD_STATUS_WORDS[event.type];
  if (!what) return null;
  const who = "agent_name" in event ? `${event.agent_name}'s thread` : "A thread";
  return `${who} ${what}.`;
}

function textOf(content: unknown): string {
  if (!Array.isArray(content)) return "";
  return content
    .map((block: unknown) => (typeof block === "object" && block !== null && "text" in block && typeof block.text === "string" ? block.text : ""))
    .join("");
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
