// What a session step needs from the AgentObject that owns the session, and the checks every kind of step shares.
import type Anthropic from "@anthropic-ai/sdk";
import type { CrashPoint } from "../faults/crash-points";
import type { RetryPolicy } from "../model/backoff";
import type { CallUsage } from "../model/pricing";
import type { Agent } from "../schemas/agent";
import type { SessionEvent } from "../schemas/session-event";
import type { ToolOutcome } from "../tools/tool-outcome";
import type { ToolContext } from "../tools/toolset";
import { readEvents } from "../transcript/event-log";
import type { PreviewFrame } from "../schemas/preview-frame";
import type { MemoryLoaded } from "./session-memory";
import type { Append } from "./session-status";
import { findSession, type SessionRow } from "./session-store";
import type { RunnableToolUse } from "./transcript";

/** What a step needs from the object that owns the session. */
export interface StepHost {
  readonly sql: SqlStorage;
  agentAt(version: number): Agent;
  modelClient(): Anthropic;
  readonly retryPolicy: RetryPolicy;
  /** Runs `write` in one transaction and then publishes the events it appended to live readers. */
  record(sessionId: string, write: (append: Append) => void): SessionEvent[];
  preview(sessionId: string, frame: PreviewFrame): void;
  scheduleStep(sessionId: string, dueAt: number): Promise<void>;
  /** Moves queued user messages into the transcript; returns how many it moved. */
  deliverInbox(sessionId: string, append: Append): number;
  /** Whether the session has memory stores attached (and so a memory block). */
  hasMemory(sessionId: string): boolean;
  /** Reads the attached stores for the task and returns the fields of the `lucid.memory_loaded` event. */
  loadMemory(sessionId: string, task: string): Promise<MemoryLoaded>;
  /** What the session's built-in tools (src/tools/registry.ts) are offered and run with. */
  toolContext(sessionId: string): Promise<ToolContext>;
  /** Lists the tools of each of the agent's MCP servers the session has no list of yet; failures are recorded. */
  listMcpTools(sessionId: string, signal: AbortSignal): Promise<void>;
  /**
   * Runs a recorded built-in or MCP call on the toolset that owns it, with the session's tool context; it stops early,
   * with an interrupted outcome, once `signal` (its step's) is aborted; a re-run outside a step has none.
   */
  runBuiltinTool(sessionId: string, toolUse: RunnableToolUse, signal?: AbortSignal): Promise<ToolOutcome>;
  /** Called when a turn ends: the moment to reflect on what the session learned. */
  turnEnded(sessionId: string): Promise<void>;
  /** A boundary where the fault-injection switch can crash the object, after what precedes it is durable (src/faults/crash-points.ts). */
  crashPoint(point: CrashPoint): Promise<void>;
}

export const readTranscript = (host: StepHost, sessionId: string) => readEvents(host.sql, sessionId).map((stored) => stored.event);

/** An interrupt (or deletion) while the model was answering makes the reply unwanted. */
export function stillWanted(host: StepHost, started: SessionRow): boolean {
  const now = findSession(host.sql, started.id);
  return !!now && now.run_generation === started.run_generation && (now.status === "running" || now.status === "rescheduling");
}

export function usageOf(reply: Anthropic.Message): CallUsage {
  return {
    input_tokens: reply.usage.input_tokens,
    output_tokens: reply.usage.output_tokens,
    cache_read_input_tokens: reply.usage.cache_read_input_tokens ?? 0,
    cache_creation_input_tokens: reply.usage.cache_creation_input_tokens ?? 0,
  };
}
