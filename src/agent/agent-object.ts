// AgentObject: one per agent. A host of capabilities (src/agent/capabilities/): each answers its RPC methods, runs the
// due work it owns and acts on the events it watches; the object composes them over one core (./agent-core.ts) and
// serves what must be the object's own: its RPC door, its live streams and its alarm.
import { DurableObject } from "cloudflare:workers";
import { ApiError, notFound } from "../platform/errors";
import { type AbsentAnswers, invokeGuarded } from "../platform/rpc-door";
import type { Env } from "../env";
import { ObjectSchema } from "../storage/object-schema";
import { readEvents, seqOfEvent } from "../transcript/event-log";
import { AgentCore } from "./agent-core";
import { agentArchive } from "./capabilities/agent-archive";
import { agentConfig } from "./capabilities/agent-config";
import { agentDeployments } from "./capabilities/deployments";
import { agentDreams } from "./capabilities/dreams";
import { sessionReflection } from "./capabilities/reflection";
import { sessionEvents } from "./capabilities/session-events";
import { sessionSteps } from "./capabilities/session-steps";
import { sessionWebhooks } from "./capabilities/session-webhooks";
import { agentSessions } from "./capabilities/sessions";
import { threadCallbacks } from "./capabilities/thread-callbacks";
import { workerCalls } from "./capabilities/worker-calls";
import { AGENT_MIGRATIONS } from "./schema";
import { requireSession } from "./session-store";

/**
 * The capabilities, registered in this order: their event hooks run in it after a transcript write, and their
 * reactions to a change of the agent (the dream cadence before the deployments an archived agent pauses).
 */
function composeCapabilities(core: AgentCore) {
  const sessions = agentSessions(core);
  const capabilities = {
    config: agentConfig(core),
    dreams: agentDreams(core),
    archive: agentArchive(core),
    sessions,
    events: sessionEvents(core),
    steps: sessionSteps(core),
    reflection: sessionReflection(core),
    threads: threadCallbacks(core),
    workerCalls: workerCalls(core),
    deployments: agentDeployments(core, sessions.rpc.createSession),
    webhooks: sessionWebhooks(core),
  };
  for (const capability of Object.values(capabilities)) core.register(capability);
  return capabilities;
}

type Capabilities = ReturnType<typeof composeCapabilities>;

/** The methods callers may invoke through the RPC door (platform/rpc-door.ts): the capabilities' RPC methods, no other. */
function rpcSurface(capabilities: Capabilities) {
  const { config, dreams, archive, sessions, events, threads, deployments, workerCalls } = capabilities;
  return { ...config.rpc, ...dreams.rpc, ...archive.rpc, ...sessions.rpc, ...events.rpc, ...threads.rpc, ...deployments.rpc, ...workerCalls.rpc };
}

export type AgentRpc = ReturnType<typeof rpcSurface>;

/** The calls that create an agent, and with it its object's storage; before one of them, every other call finds no agent. */
const AGENT_CREATORS = ["createAgent", "beginArchiveImport"] as const satisfies readonly (keyof AgentRpc)[];

/** What calls answer on an agent that was never created (a guessed id, another tenant's), which creates nothing. */
function absentAgent(agentId: string): AbsentAnswers<AgentRpc> {
  const noDeployment = (_tenantId: string, deploymentId: string) => {
    throw notFound("Deployment", deploymentId);
  };
  return {
    getDeployment: noDeployment,
    updateDeployment: noDeployment,
    pauseDeployment: noDeployment,
    unpauseDeployment: noDeployment,
    archiveDeployment: noDeployment,
    runDeploymentNow: noDeployment,
    getDeploymentRun: (_tenantId, runId) => {
      throw notFound("Deployment run", runId);
    },
    abandonArchiveImport: () => undefined,
    // A work item whose agent is gone (deleted with its sessions): nothing is pending to re-queue.
    workerLeft: () => undefined,
    otherwise: () => notFound("Agent", agentId),
  };
}

export class AgentObject extends DurableObject<Env> {
  private readonly core: AgentCore;
  private readonly schema: ObjectSchema;
  private readonly capabilities: Capabilities;
  /** What the RPC door runs; a field, not methods of the class, so nothing else of the object is reachable by RPC. */
  readonly rpc: AgentRpc;
  private readonly surface: readonly string[];

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.core = new AgentCore(ctx, env);
    this.schema = new ObjectSchema(ctx.storage.sql, AGENT_MIGRATIONS);
    this.capabilities = composeCapabilities(this.core);
    this.rpc = rpcSurface(this.capabilities);
    this.surface = Object.keys(this.rpc);
  }

  /** The one RPC entry point the API edge calls (see platform/rpc-door.ts). */
  invoke(method: string, args: unknown[]) {
    return invokeGuarded(
      this.rpc,
      method,
      args,
      this.surface,
      { schema: this.schema, creators: AGENT_CREATORS, absent: absentAgent(this.ctx.id.name ?? "(unnamed)") },
      "AgentObject",
    );
  }

  // --- Live streams (SSE and WebSocket), reached through fetch because they are long-lived responses ---

  override async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const sessionId = url.searchParams.get("session") ?? "";
    const agentId = url.searchParams.get("agent") ?? "";
    try {
      if (!this.schema.exists) throw notFound("Agent", agentId);
      this.core.requireAgent(request.headers.get("x-lucid-tenant") ?? "", agentId);
      requireSession(this.core.sql, sessionId);
      const after = url.searchParams.get("after") || request.headers.get("last-event-id");
      const backlog = readEvents(this.core.sql, sessionId, after ? seqOfEvent(this.core.sql, sessionId, after) : 0).map((stored) => stored.event);
      const previews = url.searchParams.get("previews") === "1";
      const keyId = request.headers.get("x-lucid-api-key");
      return request.headers.get("upgrade")?.toLowerCase() === "websocket"
        ? this.core.live.openWebSocket(sessionId, backlog, previews, keyId)
        : this.core.live.openSse(sessionId, backlog, previews, keyId);
    } catch (error) {
      if (error instanceof ApiError) return Response.json(error.toBody(), { status: error.status });
      throw error;
    }
  }

  override webSocketMessage(socket: WebSocket, message: string | ArrayBuffer): void {
    if (message === "ping") socket.send("pong");
  }

  override webSocketClose(socket: WebSocket, code: number): void {
    socket.close(code === 1005 ? 1000 : code, "closing");
  }

  // --- The alarm: runs due work, re-arms itself, and re-runs work that died with a previous instance ---

  override async alarm(): Promise<void> {
    if (!this.schema.exists) return; // no agent, so no work (an alarm is only ever set beside work)
    await this.core.runDueWork();
  }
}
