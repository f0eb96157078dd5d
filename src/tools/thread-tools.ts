// The coordinator's built-in tools: open_thread, message_thread and wait_for_threads, run on its OrchestratorObject.
import type Anthropic from "@anthropic-ai/sdk";
import { z } from "zod";
import { ApiError } from "../platform/errors";
import { orchestratorOf } from "../platform/stubs";
import { invalidToolInput, type ToolOutcome, toolDeferred, toolInterrupted } from "./tool-outcome";
import type { ToolContext, Toolset } from "./toolset";
import { toolInputSchema } from "../model/tool-input-schema";

const THREAD_TOOLS = ["open_thread", "message_thread", "wait_for_threads"] as const;
type ThreadTool = (typeof THREAD_TOOLS)[number];

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

function isThreadTool(name: string): name is ThreadTool {
  return (THREAD_TOOLS as readonly string[]).includes(name);
}

/** The coordinator's tools act through its session's orchestrator, which learns from each call whom it works for. */
function callOrchestrator(name: ThreadTool, input: unknown, toolUseId: string, context: ToolContext): Promise<ToolOutcome> {
  const orchestrator = orchestratorOf(context.env, context.sessionId);
  const coordinator = {
    tenant_id: context.tenantId,
    agent_id: context.agent.id,
    session_id: context.sessionId,
    environment_id: context.environmentId,
    workspace_id: context.workspaceId(),
    max_parallel: context.agent.multiagent?.max_parallel ?? 1,
    roster: [...(context.roster ?? [])],
  };
  if (name === "open_thread") return orchestrator.openThread(coordinator, toolUseId, input as ThreadToolInput<"open_thread">);
  if (name === "message_thread") return orchestrator.messageThread(coordinator, toolUseId, input as ThreadToolInput<"message_thread">);
  // A wait's result is recorded later, when the orchestrator calls back with the threads' reports.
  return orchestrator.waitForThreads(coordinator, toolUseId, input as ThreadToolInput<"wait_for_threads">).then(toolDeferred);
}

/**
 * The coordinator's thread tools, offered only to a coordinator session. Problems the coordinator can act on (an
 * unknown agent or thread) come back as error results.
 */
export const threadTools: Toolset = {
  family: "thread",
  definitions: (context): Anthropic.Tool[] =>
    context.roster === null || context.agent.multiagent === null
      ? []
      : THREAD_TOOLS.map((name) => ({ name, description: DESCRIPTIONS[name], input_schema: toolInputSchema(Inputs[name]) })),
  owns: isThreadTool,
  async run(call, context, signal) {
    if (!isThreadTool(call.name)) throw new Error(`${call.name} is not a thread tool`);
    // Each thread tool is one call to the orchestrator: an interrupt is honoured before it, not in the middle.
    if (signal.aborted) return toolInterrupted();
    const parsed = Inputs[call.name].safeParse(call.input);
    if (!parsed.success) return invalidToolInput(call.name, parsed.error);
    try {
      return await callOrchestrator(call.name, parsed.data, call.id, context);
    } catch (error) {
      if (error instanceof ApiError && (error.type === "invalid_request_error" || error.type === "not_found_error"))
        return { content: error.detail, is_error: true };
      throw error;
    }
  },
};
