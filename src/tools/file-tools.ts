// The file tools of the agent toolset (read, write, edit, glob, grep) over the session's workspace, in a cloud
// environment (in a self-hosted one the worker runs the toolset: worker-tools.ts).
import type Anthropic from "@anthropic-ai/sdk";
import { z } from "zod";
import type { Env } from "../env";
import { ApiError } from "../platform/errors";
import { workspaceOf } from "../platform/stubs";
import { offeredToolsOf, permissionPolicyOf, WORKSPACE_TOOLS, type WorkspaceTool } from "../schemas/agent-toolset";
import type { AgentChange, AgentWriteOutcome, CurrentFile } from "../workspace/agent-writes";
import type { GlobSlice, GrepCursor, GrepMatch, GrepQuery, GrepSlice } from "../workspace/file-search";
import type { AgentRead } from "../workspace/workspace-object";
import { MAX_PATH_LENGTH } from "../workspace/workspace-limits";
import { invalidToolInput, type ToolOutcome, toolFailed, toolInterrupted, toolSucceeded } from "./tool-outcome";
import { toolInputSchema } from "../model/tool-input-schema";
import { MAX_GREP_MATCHES, MAX_SEARCH_PATTERN_CHARS, MAX_SEARCH_STEPS, MAX_TOOL_RESULT_CHARS, SEARCH_SLICE_STEPS } from "../schemas/limits";
import type { Toolset } from "./toolset";

/**
 * What the tools need from the workspace (fileBackend below, over the session's WorkspaceObject). Glob and grep go in
 * slices of bounded cost (workspace/file-search.ts), so a tool can stop between two when interrupted.
 */
export interface FileBackend {
  read(path: string): Promise<AgentRead | null>;
  write(path: string, operationId: string, change: AgentChange): Promise<AgentWriteOutcome>;
  glob(pattern: string, path: string | undefined, after: string | null, steps: number): Promise<GlobSlice>;
  grep(query: GrepQuery, from: GrepCursor | null, allowance: { steps: number; matches: number }): Promise<GrepSlice>;
}

/** What a tool call runs with: the workspace, the call's id (its writes carry it) and its step's abort signal. */
interface ToolCall {
  backend: FileBackend;
  toolUseId: string;
  signal: AbortSignal;
}

/** A read shows at most this much, so one call cannot flood the context; view_range reaches the rest. */
const READ_MAX_LINES = 2_000;

/** A glob lists at most this many paths, the most recently written. */
const GLOB_RESULTS = 200;

const FilePath = z.string().min(1).max(MAX_PATH_LENGTH).describe("Path of the file in the workspace, for example /notes/plan.md (relative paths start at /).");
const Folder = z.string().max(MAX_PATH_LENGTH).optional().describe("Folder to search under; the workspace root by default.");

// Input names follow the SDK's BetaManagedAgentsAgentToolset20260401*Input types.
const Inputs = {
  read: z.object({
    file_path: FilePath,
    view_range: z
      .array(z.number().int())
      .length(2)
      .optional()
      .describe("[start_line, end_line], 1-indexed and inclusive; an end_line of 0 or less reads to the end."),
  }),
  write: z.object({ file_path: FilePath, content: z.string().describe("The whole new content of the file.") }),
  edit: z.object({
    file_path: FilePath,
    old_string: z.string().describe("The exact text to replace; it must occur exactly once unless replace_all is set."),
    new_string: z.string().describe("The replacement text."),
    replace_all: z.boolean().optional().describe("Replace every occurrence of old_string."),
  }),
  glob: z.object({
    pattern: z.string().min(1).max(MAX_SEARCH_PATTERN_CHARS).describe("Doublestar glob pattern, for example **/*.md or src/**/*.{ts,tsx}."),
    path: Folder,
  }),
  grep: z.object({
    pattern: z
      .string()
      .min(1)
      .max(MAX_SEARCH_PATTERN_CHARS)
      .describe("RE2 regular expression to search file contents for: JavaScript syntax without backreferences or lookaround; flags inline, like (?i)."),
    path: Folder,
    glob: z.string().max(MAX_SEARCH_PATTERN_CHARS).optional().describe("Only search files whose path matches this glob pattern."),
  }),
} satisfies Record<WorkspaceTool, z.ZodObject>;

const DESCRIPTIONS: Record<WorkspaceTool, string> = {
  read: "Read a text file of the workspace, with line numbers. Read a file before you write or edit it.",
  write:
    "Create a file or replace its whole content. A file that exists must have been read first, and must not have changed since; otherwise the write is refused and you get its current content.",
  edit: "Replace exact text in a file you have read. old_string must occur exactly once unless replace_all is set.",
  glob: "List workspace files whose paths match a glob pattern, most recently written first.",
  grep: "Search the text files of the workspace for lines matching a regular expression (RE2 syntax, which matches in linear time).",
};

function isFileTool(name: string): name is WorkspaceTool {
  return (WORKSPACE_TOOLS as readonly string[]).includes(name);
}

/** The file tools act as the session: what it reads is remembered for it, and its writes are recorded under it. */
export function fileBackend(env: Env, tenantId: string, workspaceId: string, sessionId: string): FileBackend {
  const workspace = workspaceOf(env, workspaceId);
  const reader = { type: "session" as const, id: sessionId };
  return {
    read: (path) => workspace.readForAgent(tenantId, reader, path),
    write: (path, operationId, change) => workspace.writeForAgent(tenantId, { reader, path, operation_id: operationId, change }),
    glob: (pattern, path, after, steps) => workspace.globFiles(tenantId, pattern, path, after, steps),
    grep: (query, from, allowance) => workspace.grepFiles(tenantId, query, from, allowance),
  };
}

/** The agent toolset's file tools: offered as its config enables them, run on the session's workspace. */
export const fileTools: Toolset = {
  family: "file",
  definitions: (context): Anthropic.Tool[] =>
    context.toolsetHost === "cloud"
      ? offeredToolsOf(context.agent.tools, "cloud").map((name) => ({ name, description: DESCRIPTIONS[name], input_schema: toolInputSchema(Inputs[name]) }))
      : [],
  owns: (name, context) => context.toolsetHost === "cloud" && isFileTool(name),
  permission: (name, context) => permissionPolicyOf(context.agent.tools, name),
  run(call, context, signal) {
    if (!isFileTool(call.name)) throw new Error(`${call.name} is not a file tool`);
    const backend = fileBackend(context.env, context.tenantId, context.workspaceId(), context.sessionId);
    return executeFileTool(call.name, call.input, backend, call.id, signal);
  },
};

type Handlers = { [K in WorkspaceTool]: (input: z.infer<(typeof Inputs)[K]>, call: ToolCall) => Promise<ToolOutcome> };

const HANDLERS: Handlers = {
  async read(input, { backend }) {
    const read = await backend.read(input.file_path);
    if (!read) return toolFailed(`There is no file at ${input.file_path}.`);
    if (read.text === null)
      return toolFailed(`${read.file.path} is a binary file (${read.file.size_bytes} bytes, ${read.file.content_type}); read shows text files only.`);
    return toolSucceeded(numberedLines(read.file.path, read.text, input.view_range));
  },
  async write(input, { backend, toolUseId }) {
    return describeWrite(await backend.write(input.file_path, toolUseId, { kind: "write", content: input.content }));
  },
  async edit(input, { backend, toolUseId }) {
    const change: AgentChange = { kind: "edit", old_string: input.old_string, new_string: input.new_string, replace_all: input.replace_all ?? false };
    return describeWrite(await backend.write(input.file_path, toolUseId, change));
  },
  async glob(input, { backend, signal }) {
    const found: GlobSlice["paths"] = [];
    let steps = 0;
    let after: string | null = null;
    do {
      if (signal.aborted) return toolInterrupted();
      const slice = await backend.glob(input.pattern, input.path, after, Math.min(SEARCH_SLICE_STEPS, MAX_SEARCH_STEPS - steps));
      found.push(...slice.paths);
      steps += slice.steps;
      after = slice.next;
    } while (after !== null && steps < MAX_SEARCH_STEPS);
    const unchecked = after === null ? [] : [`(stopped after ${after}: the pattern costs too much to check every path; narrow path or simplify the pattern)`];
    if (found.length === 0) return toolSucceeded(["(no files match)", ...unchecked].join("\n"));
    found.sort((a, b) => b.version - a.version);
    const more = found.length - GLOB_RESULTS;
    const paths = found.slice(0, GLOB_RESULTS).map((file) => file.path);
    return toolSucceeded([...paths, ...(more > 0 ? [`(and ${more} more; narrow the pattern)`] : []), ...unchecked].join("\n"));
  },
  async grep(input, { backend, signal }) {
    const matches: GrepMatch[] = [];
    let steps = 0;
    let cutLines = 0;
    let lineBytes = 0;
    let from: GrepCursor | null = null;
    do {
      if (signal.aborted) return toolInterrupted();
      const allowance = { steps: Math.min(SEARCH_SLICE_STEPS, MAX_SEARCH_STEPS - steps), matches: MAX_GREP_MATCHES - matches.length };
      const slice: GrepSlice = await backend.grep(input, from, allowance);
      matches.push(...slice.matches);
      steps += slice.steps;
      cutLines += slice.cut_lines;
      lineBytes = slice.line_bytes;
      from = slice.next;
    } while (from !== null && steps < MAX_SEARCH_STEPS && matches.length < MAX_GREP_MATCHES);
    return toolSucceeded(describeGrep(matches, from, cutLines, lineBytes));
  },
};

/** The matching lines, and what the agent should know about what was not searched. */
function describeGrep(matches: GrepMatch[], stoppedAt: GrepCursor | null, cutLines: number, lineBytes: number): string {
  const notes: string[] = [];
  if (stoppedAt && matches.length >= MAX_GREP_MATCHES) notes.push(`(the first ${MAX_GREP_MATCHES} matches; more may exist: narrow path, glob or pattern)`);
  else if (stoppedAt) {
    const where = stoppedAt.within ? `in ${stoppedAt.path} at line ${stoppedAt.within.line}` : `after ${stoppedAt.path}`;
    notes.push(
      `(searching stopped ${where}: a grep searches at most ${MAX_SEARCH_STEPS.toLocaleString("en-US")} steps, a step being a byte searched by one instruction of the compiled pattern; narrow path or glob, or simplify the pattern)`,
    );
  }
  const bytes = `${lineBytes.toLocaleString("en-US")} bytes`;
  if (cutLines === 1) notes.push(`(1 line longer than ${bytes} was searched only in its first ${bytes})`);
  if (cutLines > 1) notes.push(`(${cutLines} lines longer than ${bytes} were searched only in their first ${bytes})`);
  if (matches.length === 0) return ["(no matches)", ...notes].join("\n");
  return [...matches.map((match) => `${match.path}:${match.line}: ${match.text}`), ...notes].join("\n");
}

/**
 * Runs one file tool call. Problems the agent can act on come back as error results, never exceptions; an aborted
 * signal stops a glob or grep between two slices, and any tool before it starts.
 */
export async function executeFileTool(
  name: WorkspaceTool,
  rawInput: unknown,
  backend: FileBackend,
  toolUseId: string,
  signal: AbortSignal,
): Promise<ToolOutcome> {
  const parsed = Inputs[name].safeParse(rawInput);
  if (!parsed.success) {
    return invalidToolInput(name, parsed.error);
  }
  if (signal.aborted) return toolInterrupted();
  const handler = HANDLERS[name] as (input: unknown, call: ToolCall) => Promise<ToolOutcome>;
  try {
    return await handler(parsed.data, { backend, toolUseId, signal });
  } catch (error) {
    // Invalid paths and patterns and size limits are the agent's to fix; anything else fails the step, which is retried.
    if (error instanceof ApiError && (error.type === "invalid_request_error" || error.type === "request_too_large")) return toolFailed(error.detail);
    throw error;
  }
}

function numberedLines(path: string, text: string, viewRange: number[] | undefined): string {
  if (text === "") return `(${path} is empty)`;
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const start = Math.max(1, viewRange?.[0] ?? 1);
  const requestedEnd = viewRange && viewRange[1]! > 0 ? viewRange[1]! : lines.length;
  if (start > lines.length) return `${path} has ${lines.length} lines; view_range starts after its end.`;
  const out: string[] = [];
  let chars = 0;
  let line = start;
  for (; line <= Math.min(requestedEnd, lines.length); line++) {
    const rendered = `${String(line).padStart(6)}\t${lines[line - 1]}`;
    if (out.length === READ_MAX_LINES || chars + rendered.length > MAX_TOOL_RESULT_CHARS) break;
    out.push(rendered);
    chars += rendered.length + 1;
  }
  const lastShown = line - 1;
  if (lastShown < Math.min(requestedEnd, lines.length)) {
    out.push(`(${path} has ${lines.length} lines; shown ${start}-${lastShown}. Use view_range to read on from line ${lastShown + 1}.)`);
  }
  return out.join("\n");
}

function describeWrite(outcome: AgentWriteOutcome): ToolOutcome {
  if (outcome.status === "failed") return toolFailed(outcome.reason);
  if (outcome.status === "conflict") return toolFailed(describeConflict(outcome.reason, outcome.current));
  if (outcome.replacements !== null) {
    return toolSucceeded(
      `Edited ${outcome.path}: replaced ${outcome.replacements} occurrence${outcome.replacements === 1 ? "" : "s"} (version ${outcome.version}).`,
    );
  }
  return toolSucceeded(`${outcome.created ? "Created" : "Wrote"} ${outcome.path} (version ${outcome.version}).`);
}

/** A conflict hands the agent what is there now, so it can merge its change into it and try again. */
function describeConflict(reason: string, current: CurrentFile | null): string {
  const head = `Conflict: ${reason}. Nothing was written.`;
  if (!current) return `${head} Write it again to create it anew.`;
  const writer = current.written_by.type === "session" ? `session ${current.written_by.id}` : "a person";
  const state = `It is now version ${current.version}, written by ${writer} at ${current.written_at}.`;
  if (current.text === null) return `${head} ${state} It is a binary file of ${current.size_bytes} bytes.`;
  const cut = current.text_truncated ? `\n(content cut at ${current.text.length} characters; read the file for the rest)` : "";
  return `${head} ${state} Its current content follows; make your change against it and try again.\n\n${current.text}${cut}`;
}
