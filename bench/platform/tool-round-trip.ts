// Tool round trips: a bash call run by the official EnvironmentWorker through a self-hosted environment's work queue,
// beside a custom tool the harness answers itself, so the difference is what the queue and the worker add.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import { MODEL } from "./lucid-workload";
import { type SessionWatch, type StreamEvent, watchSession } from "./session-watch";

/**
 * A worker leaves a session this long after its last call. The SDK's worker serves one session at a time, so the
 * harness waits this out and a little more, so the next session is queued while the worker, back in its poll loop, is
 * blocked in a poll (up to 999 ms) rather than waiting on the session it held or sleeping after an empty poll (1 to 3 s).
 */
const WORKER_MAX_IDLE_MS = 1_000;
const TURN_TIMEOUT_MS = 60_000;

export interface ToolRoundTripSamples {
  /**
   * The first call of each session: the work item is queued, claimed, acknowledged, and the worker joins the session.
   * Taken inside the worker's blocked poll (see WORKER_MAX_IDLE_MS), so the poller's sleep after an empty poll is not in it.
   */
  workerFirstCallMs: number[];
  /** Later calls of a session the worker already holds: the call reaches it on the session's stream. */
  workerLaterCallMs: number[];
  /** A custom tool, answered by the harness the moment the call arrives on its stream. */
  customToolMs: number[];
}

type Lucid = { url: string; adminKey: string };

/** Without reflection, a turn is exactly its model calls: the tool call and the reply to its result. */
const agentParams = (name: string, tools: Anthropic.Beta.AgentCreateParams["tools"]) =>
  ({ name, model: MODEL, tools, memory: { reflection: false } }) as Anthropic.Beta.AgentCreateParams;

const endedTurn = (event: StreamEvent) => event.type === "session.status_idle" && event.stop_reason?.type === "end_turn";

export async function measureToolRoundTrips(client: Anthropic, lucid: Lucid, sessions: number, callsPerSession: number): Promise<ToolRoundTripSamples> {
  const worker = await workerRoundTrips(client, lucid, sessions, callsPerSession);
  const customToolMs = await customToolRoundTrips(client, sessions, callsPerSession);
  return { ...worker, customToolMs };
}

async function workerRoundTrips(client: Anthropic, lucid: Lucid, sessions: number, callsPerSession: number) {
  const environment = await client.beta.environments.create({ name: "tool round trip", config: { type: "self_hosted" } });
  const key = await environmentKey(lucid, environment.id);
  const agent = await client.beta.agents.create(
    agentParams("tool round trip", [{ type: "agent_toolset_20260401", default_config: { enabled: true, permission_policy: { type: "always_allow" } } }]),
  );
  const workdir = mkdtempSync(path.join(tmpdir(), "lucid-bench-worker-"));
  const abort = new AbortController();
  const silent = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };
  const running = new Anthropic({ baseURL: lucid.url, apiKey: key, logger: silent }).beta.environments.work
    .worker({ environmentId: environment.id, environmentKey: key, workdir, maxIdleMs: WORKER_MAX_IDLE_MS, memorySyncIntervalMs: null })
    .run(abort.signal);
  running.catch(() => undefined);
  const workerFirstCallMs: number[] = [];
  const workerLaterCallMs: number[] = [];
  try {
    for (let index = 0; index < sessions; index++) {
      const session = await client.beta.sessions.create({ agent: agent.id, environment_id: environment.id, resources: [] });
      const watch = await watchSession(client, session.id);
      try {
        for (let call = 0; call < callsPerSession; call++) {
          const seen = watch.received.length;
          await sendText(client, session.id, `Use the tool bash with command: "echo session ${index} call ${call}"`);
          const used = await watch.arrival("agent.tool_use", seen, TURN_TIMEOUT_MS);
          const answered = await watch.arrival("user.tool_result", seen, TURN_TIMEOUT_MS);
          await watch.arrival(endedTurn, seen, TURN_TIMEOUT_MS);
          (call === 0 ? workerFirstCallMs : workerLaterCallMs).push(answered - used);
        }
      } finally {
        watch.close();
      }
      await new Promise((resolve) => setTimeout(resolve, WORKER_MAX_IDLE_MS + 500));
    }
  } finally {
    abort.abort();
    await running.catch(() => undefined);
    rmSync(workdir, { recursive: true, force: true });
  }
  return { workerFirstCallMs, workerLaterCallMs };
}

async function customToolRoundTrips(client: Anthropic, sessions: number, callsPerSession: number): Promise<number[]> {
  const agent = await client.beta.agents.create(
    agentParams("custom tool round trip", [
      { type: "custom", name: "lookup", description: "Look a ticket up", input_schema: { type: "object", properties: { ticket: { type: "string" } } } },
    ]),
  );
  const environment = await client.beta.environments.create({ name: "custom tool round trip" });
  const samples: number[] = [];
  for (let index = 0; index < sessions; index++) {
    const session = await client.beta.sessions.create({ agent: agent.id, environment_id: environment.id, resources: [] });
    const watch = await watchSession(client, session.id);
    try {
      for (let call = 0; call < callsPerSession; call++) {
        const seen = watch.received.length;
        await sendText(client, session.id, `Use the tool lookup with ticket: T-${index}-${call}`);
        const used = await watch.arrival("agent.custom_tool_use", seen, TURN_TIMEOUT_MS);
        await client.beta.sessions.events.send(session.id, {
          events: [{ type: "user.custom_tool_result", custom_tool_use_id: customToolUseId(watch, seen), content: [{ type: "text", text: "open" }] }],
        });
        const answered = await watch.arrival("user.custom_tool_result", seen, TURN_TIMEOUT_MS);
        await watch.arrival(endedTurn, seen, TURN_TIMEOUT_MS);
        samples.push(answered - used);
      }
    } finally {
      watch.close();
    }
  }
  return samples;
}

function customToolUseId(watch: SessionWatch, after: number): string {
  const use = watch.received.slice(after).find((entry) => entry.event.type === "agent.custom_tool_use");
  if (!use?.event.id) throw new Error("the custom tool call has no id");
  return use.event.id;
}

const sendText = (client: Anthropic, sessionId: string, text: string) =>
  client.beta.sessions.events.send(sessionId, { events: [{ type: "user.message", content: [{ type: "text", text }] }] });

/** Environment keys are a Lucid extension the SDK does not type: made over HTTP with the admin key. */
async function environmentKey(lucid: Lucid, environmentId: string): Promise<string> {
  const response = await fetch(`${lucid.url}/v1/environments/${environmentId}/keys`, { method: "POST", headers: { "x-api-key": lucid.adminKey } });
  if (!response.ok) throw new Error(`creating an environment key answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { key: string }).key;
}
