// The simulator playing a coordinator: a task that lists parts becomes one thread per part, then a wait, then a merge.
import type { SimMessageReply } from "./reply-schema";
import { blocksOf, type ContentBlock, isBlock, type MessagesRequest } from "./request-schema";

/** Lucid's coordinator system block lists each specialist as `- agent_… (name): description`. */
const ROSTER_LINE = /^- (agent_[0-9a-z]{24}) \(([^)\n]*)\)/gm;
const MAX_PARTS = 50;

type Roster = { id: string; name: string }[];

/**
 * Answers a request that offers `open_thread` with `tool_choice` auto (or none given); undefined leaves it to the
 * default policy. Pure: every decision reads the request alone (see README.md "Coordinator policy").
 */
export function coordinatorReply(request: MessagesRequest): SimMessageReply | undefined {
  const tools = request.tools ?? [];
  if (!tools.some((tool) => tool.name === "open_thread") || (request.tool_choice && request.tool_choice.type !== "auto")) return undefined;
  const lastUserIndex = request.messages.findLastIndex((message) => message.role === "user");
  const lastUser = request.messages[lastUserIndex];
  const results = blocksOf(lastUser).flatMap((block) => (isBlock(block, "tool_result") ? [block] : []));
  if (results.length === 0) return openThreadsFor(typeof lastUser?.content === "string" ? lastUser.content : textOf(blocksOf(lastUser)), rosterOf(request));
  const calledBefore = blocksOf(request.messages[lastUserIndex - 1]).flatMap((block) => (isBlock(block, "tool_use") ? [block.name] : []));
  if (calledBefore.length && calledBefore.every((name) => name === "open_thread")) return toolUse("wait_for_threads", {});
  if (calledBefore.includes("wait_for_threads")) {
    const waited = results.map((result) => resultText(result.content)).join("\n");
    const merged = mergedDocument(request, waited);
    if (tools.some((tool) => tool.name === "write")) return toolUse("write", { file_path: "/merged.md", content: merged });
    return textReply(`Simulated coordinator: merged the parts.\n\n${merged}`);
  }
  if (calledBefore.includes("write")) return textReply("Simulated coordinator: every part is done and merged into /merged.md.");
  return undefined;
}

/** `Parts: a; b; c` on one line, or a bulleted list (`- a`, `* a`); nothing else counts as parts. */
export function partsOf(text: string): string[] {
  const line = /^\s*parts:\s*(.+)$/im.exec(text);
  const parts = line
    ? line[1]!.split(";")
    : text.split("\n").flatMap((row) => {
        const bullet = /^\s*[-*•]\s+(.+)$/.exec(row);
        return bullet ? [bullet[1]!] : [];
      });
  return parts
    .map((part) => part.trim().replaceAll('"', "'"))
    .filter((part) => part.length > 0)
    .slice(0, MAX_PARTS);
}

export const slugOf = (part: string) =>
  part
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60) || "part";

function openThreadsFor(text: string, roster: Roster): SimMessageReply | undefined {
  const parts = partsOf(text);
  if (parts.length === 0 || roster.length === 0) return undefined;
  return {
    type: "message",
    content: parts.map((part, index) => {
      const agent = roster[index % roster.length]!;
      const task = `Write your part "${part}" to the workspace. Use the tool write with file_path: /parts/${slugOf(part)}.md content: "${part}: drafted by ${agent.name}."`;
      return { type: "tool_use" as const, name: "open_thread", input: { agent_id: agent.id, task } };
    }),
  };
}

function rosterOf(request: MessagesRequest): Roster {
  const system = typeof request.system === "string" ? request.system : (request.system ?? []).map((block) => block.text).join("\n");
  return [...system.matchAll(ROSTER_LINE)].map((match) => ({ id: match[1]!, name: match[2]! }));
}

type WaitedThread = { thread_id: string; agent_name?: string; status?: string; reply?: string | null; conflicts?: { path: string }[] };

/** One section per thread the wait reported, named after the part its open_thread call gave it. */
function mergedDocument(request: MessagesRequest, waited: string): string {
  const partOfThread = new Map<string, string>();
  const taskOfCall = new Map<string, string>();
  for (const message of request.messages) {
    for (const block of blocksOf(message)) {
      if (isBlock(block, "tool_use") && block.name === "open_thread") taskOfCall.set(block.id, String((block.input as { task?: unknown }).task ?? ""));
      if (isBlock(block, "tool_result") && taskOfCall.has(block.tool_use_id)) {
        const threadId = /"thread_id":"([^"]+)"/.exec(resultText(block.content))?.[1];
        const part = /your part "([^"]*)"/.exec(taskOfCall.get(block.tool_use_id)!)?.[1];
        if (threadId && part) partOfThread.set(threadId, part);
      }
    }
  }
  const threads = parseThreads(waited);
  const sections = threads.map((thread) => {
    const part = partOfThread.get(thread.thread_id) ?? thread.thread_id;
    const conflicts = thread.conflicts?.length ? ` Conflicts: ${thread.conflicts.map((conflict) => conflict.path).join(", ")}.` : "";
    return `## ${part}\n${thread.agent_name ?? "A specialist"} (${thread.status ?? "unknown"}) wrote /parts/${slugOf(part)}.md.${conflicts}\n${thread.reply ?? ""}`.trim();
  });
  return [`# Merged result`, `${threads.length} parts from the specialists' threads.`, ...sections].join("\n\n") + "\n";
}

function parseThreads(text: string): WaitedThread[] {
  try {
    const parsed = JSON.parse(text) as { threads?: WaitedThread[] };
    return Array.isArray(parsed.threads) ? parsed.threads : [];
  } catch {
    return [];
  }
}

function resultText(content: unknown): string {
  return typeof content === "string" ? content : Array.isArray(content) ? textOf(content as ContentBlock[]) : "";
}

function textOf(blocks: ContentBlock[]): string {
  return blocks.flatMap((block) => (isBlock(block, "text") ? [block.text] : [])).join("\n");
}

const toolUse = (name: string, input: Record<string, unknown>): SimMessageReply => ({ type: "message", content: [{ type: "tool_use", name, input }] });
const textReply = (text: string): SimMessageReply => ({ type: "message", content: [{ type: "text", text }] });
