// The coordinator's built-in tools: open_thread, message_thread and wait_for_threads, run on its OrchestratorObject.
import type Anthropic from "@anthropic-ai/sdk";
import { z } from "zod";
import { ApiError } from "../platform/errors";
import { invalidToolInput, type ToolOutcome } from "../tools/tool-outcome";
import { toolInputSchema } from "../model/tool-input-schema";

export const THREAD_TOOLS = ["open_thread", "message_thread", "wait_for_threads"] as const;
export type ThreadTool = (typeof THREAD_TOOLS)[number];

const Inputs = {
  open_thread: z.object({
    agent_id: z.string().min(1).describe("The id of the specialist to hand the task to; one of the agents your instructions list."),
    task: z.string().min(1).max(100_000).describe("Everything the specialist needs to do its part; it does not see your conversation."),
  }),
  message_thread: z.object({
    thread_id: z.string().min(1).describe("A thread id open_thread returned."),
    message: z.string().min(1).max(100_000).describe("What to tell the specialist; it answers in the same thread."),
  }),
  wait_for_threads: z.object({
    thread_ids: z.array(z.string().min(1)).max(100).optional().describe("Threads to wait for; every thread you opened by default."),
  }),
} satisfies Record<ThreadTool, z.ZodObject>;

export type ThreadToolInput<T extends ThreadTool> = z.infer<(typeof Inputs)[T]>;

const DESCRIPTIONS: Record<ThreadTool, string> = {
  open_thread:
    "Hand a task to a specialist agent in a new thread. It starts at once when a slot is free (else it waits its turn) and runs in parallel with the other threads on your workspace. Returns the thread id and its status.",
  message_thread: "Send a message to a thread you opened; the specialist takes it in when it is free.",
  wait_for_threads:
    "Wait until the named threads (by default every thread you opened) are finished, then get each one's status, final reply and any file conflict it hit. A failed thread can be opened again.",
};

export function isThreadTool(name: string): name is ThreadTool {
  return (THREAD_TOOLS as readonly string[]).includes(name);
}

export function threadToolDefinitions(): Anthropic.Tool[] {
  return THREAD_TOOLS.map((name) => ({ name, description: DESCRIPTIONS[name], input_schema: toolInputSchema(Inputs[name]) }));
}

/** What the tools need: the coordinator session's orchestrator (the AgentObject provides it). `null` defers the result. */
export interface ThreadBackend {
  open(toolUseId: string, input: ThreadToolInput<"open_thread">): Promise<ToolOutcome>;
  message(toolUseId: string, input: ThreadToolInput<"message_thread">): Promise<ToolOutcome>;
  wait(toolUseId: string, input: ThreadToolInput<"wait_for_threads">): Promise<ToolOutcome | null>;
}

/**
 * Runs one thread tool call. A wait returns null: its result is recorded later, when the orchestrator calls back.
 * Problems the coordinator can act on (an unknown agent or thread) come back as error results.
 */
export async function executeThreadTool(name: ThreadTool, rawInput: unknown, backend: ThreadBackend, toolUseId: string): Promise<ToolOutcome | null> {
  const parsed = Inputs[name].safeParse(rawInput);
  if (!parsed.success) {
    return invalidToolInput(name, parsed.error);
  }
  try {
    if (name === "open_thread") return await backend.open(toolUseId, parsed.data as ThreadToolInput<"open_thread">);
    if (name === "message_thread") return await backend.message(toolUseId, parsed.data as ThreadToolInput<"message_thread">);
    return await backend.wait(toolUseId, parsed.data as ThreadToolInput<"wait_for_threads">);
  } catch (error) {
    if (error instanceof ApiError && (error.type === "invalid_request_error" || error.type === "not_found_error"))
      return { content: error.detail, is_error: true };
    throw error;
  }
}
