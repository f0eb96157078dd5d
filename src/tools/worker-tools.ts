// The agent toolset in a self-hosted environment: bash, read, write, edit, glob and grep run by the environment's
// worker (the SDK's EnvironmentWorker) on the user's machine. Lucid offers them with the inputs the worker's toolset
// takes, hands each call to the environment's work queue and records nothing: the worker answers with `user.tool_result`.
import type Anthropic from "@anthropic-ai/sdk";
import { z } from "zod";
import type { Env } from "../env";
import { toolInputSchema } from "../model/tool-input-schema";
import { environmentOf } from "../platform/stubs";
import { isWorkerToolName, offeredToolsOf, permissionPolicyOf, type WorkerTool } from "../schemas/agent-toolset";
import { toolDeferred } from "./tool-outcome";
import type { Toolset } from "./toolset";

const FilePath = z.string().describe("Path of the file, relative to the worker's working directory.");

// The SDK's `betaAgentToolset20260401` input schemas (tools/agent-toolset/node.ts): the worker runs exactly these.
const Inputs = {
  bash: z.object({
    command: z.string().optional().describe("The command to run"),
    restart: z.boolean().optional().describe("Restart the persistent shell before running"),
    timeout_ms: z.number().int().optional().describe("Per-call timeout in milliseconds"),
  }),
  read: z.object({
    file_path: FilePath,
    view_range: z.array(z.number().int()).optional().describe("[start_line, end_line] 1-indexed inclusive"),
  }),
  write: z.object({ file_path: FilePath, content: z.string() }),
  edit: z.object({ file_path: FilePath, old_string: z.string(), new_string: z.string(), replace_all: z.boolean().optional() }),
  glob: z.object({ pattern: z.string(), path: z.string().optional().describe("Directory to search in. Defaults to the workdir.") }),
  grep: z.object({ pattern: z.string(), path: z.string().optional() }),
} satisfies Record<WorkerTool, z.ZodObject>;

const DESCRIPTIONS: Record<WorkerTool, string> = {
  bash: "Run a bash command in a persistent shell. State (cwd, env vars) persists across calls.",
  read: "Read a UTF-8 text file relative to the workdir.",
  write: "Write a UTF-8 text file relative to the workdir, creating parent directories as needed.",
  edit: "Replace old_string with new_string in a file. old_string must be unique unless replace_all.",
  glob: "Match files under the workdir against a glob pattern. Results are mtime-sorted, newest first.",
  grep: "Search file contents for a regex. Uses ripgrep if available, otherwise a built-in walker.",
};

/**
 * Puts a session in its environment's work queue for a worker to take (once: a session with a live work item keeps
 * it), with the memory stores its work token may reach.
 */
export function queueForWorker(
  env: Env,
  tenantId: string,
  environmentId: string,
  session: { sessionId: string; agentId: string; stores: readonly { memory_store_id: string; access: "read_write" | "read_only" }[] },
) {
  return environmentOf(env, environmentId).enqueueSession(tenantId, environmentId, {
    session_id: session.sessionId,
    agent_id: session.agentId,
    memory_stores: session.stores.map((store) => ({ memory_store_id: store.memory_store_id, access: store.access })),
  });
}

export const workerTools: Toolset = {
  family: "worker",
  definitions: (context): Anthropic.Tool[] =>
    context.toolsetHost === "self_hosted"
      ? offeredToolsOf(context.agent.tools, "self_hosted").map((name) => ({
          name,
          description: DESCRIPTIONS[name],
          input_schema: toolInputSchema(Inputs[name]),
        }))
      : [],
  owns: (name, context) => context.toolsetHost === "self_hosted" && isWorkerToolName(name),
  permission: (name, context) => permissionPolicyOf(context.agent.tools, name),
  /**
   * Queues the session for a worker and defers: the step records no result, and the session's next step is scheduled
   * when the worker's `user.tool_result` arrives.
   */
  async run(_call, context) {
    await queueForWorker(context.env, context.tenantId, context.environmentId, {
      sessionId: context.sessionId,
      agentId: context.agent.id,
      stores: context.stores,
    });
    return toolDeferred();
  },
};
