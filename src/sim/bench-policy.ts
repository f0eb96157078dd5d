// The benchmark agent policy: for agents whose system prompt holds BENCH_MARKER, it works the task's tool by fixed-order trial and error, guided only by its memory block.
import { errorSignature } from "../transcript/error-signature";
import { type RememberedWorkaround, memoryBlockOf, rememberedWorkarounds } from "./bench-memory";
import type { SimMessageReply } from "./reply-schema";
import { blocksOf, type ContentBlock, isBlock, type MessagesRequest, type Tool } from "./request-schema";

/** The harness (bench/learning) puts this in a benchmark agent's system prompt; no other agent gets this policy. */
export const BENCH_MARKER = "[lucid-bench]";

type Input = Record<string, unknown>;
interface Attempt {
  input: Input;
  ok: boolean;
  text: string;
}

/** The reply for a benchmark agent's step, or undefined for any other request (other agents, forced structured calls). */
export function benchReply(request: MessagesRequest): SimMessageReply | undefined {
  const system = typeof request.system === "string" ? request.system : (request.system ?? []).map((block) => block.text).join("\n");
  if (!system.includes(BENCH_MARKER) || (request.tool_choice && request.tool_choice.type !== "auto")) return undefined;
  const task = textOf(blocksOrText(request.messages[0]?.content));
  const tool = (request.tools ?? []).find((candidate) => !candidate.name.startsWith("memory_") && namesTool(task, candidate.name));
  if (!tool) return text("I have no tool for this task.");
  const memory = rememberedWorkarounds(memoryBlockOf(system)).filter((workaround) => workaround.tool === tool.name);
  const attempts = attemptsOf(request, tool.name);
  const next = nextInput(tool, baseInput(tool, task), memory, attempts, stepBudgetOf(task));
  if (typeof next === "string") return text(next);
  return { type: "message", content: [{ type: "tool_use", name: tool.name, input: next }] };
}

/**
 * The first call applies every workaround memory holds for the tool. After a failure: a remembered workaround for that
 * error, else the next untried single change in schema order (booleans set true, enums each value). A change that
 * turns the error into a different one counts as progress and is kept; the search then goes on from there.
 */
function nextInput(tool: Tool, base: Input, memory: readonly RememberedWorkaround[], attempts: readonly Attempt[], budget: number): Input | string {
  const first = attempts[0];
  if (!first) return memory.reduce((input, workaround) => applyChanges(input, workaround.changes), base);
  const last = attempts[attempts.length - 1] as Attempt;
  if (last.ok) return `Done: ${last.text}`;
  if (attempts.length >= budget) return `Stopping: the step budget of ${budget} tool calls is spent.`;
  const current = attempts.reduce((kept, attempt) => (signatureOf(tool, attempt) === signatureOf(tool, kept) ? kept : attempt), first);
  const tried = new Set(attempts.map((attempt) => canonical(attempt.input)));
  const remembered = memory
    .filter((workaround) => workaround.signature === signatureOf(tool, current))
    .map((workaround) => applyChanges(current.input, workaround.changes));
  const explored = alternativesOf(tool).flatMap(([field, value]) => (current.input[field] === value ? [] : [{ ...current.input, [field]: value }]));
  return [...remembered, ...explored].find((input) => !tried.has(canonical(input))) ?? "Giving up: no alternative left to try.";
}

/** Optional fields in schema order: a boolean set to true, an enum to each of its values. */
function alternativesOf(tool: Tool): [string, unknown][] {
  const required = new Set(tool.input_schema.required ?? []);
  return Object.entries(tool.input_schema.properties ?? {}).flatMap(([field, property]): [string, unknown][] => {
    if (required.has(field)) return [];
    if (property.enum) return property.enum.map((value) => [field, value]);
    return property.type === "boolean" ? [[field, true]] : [];
  });
}

/** Each declared field the task states as `field: <JSON value>`. */
function baseInput(tool: Tool, task: string): Input {
  const input: Input = {};
  for (const field of Object.keys(tool.input_schema.properties ?? {})) {
    const match = new RegExp(`(?<![\\w-])${field}:\\s*("(?:[^"\\\\]|\\\\.)*"|[^\\s,]+?)(?=[,.]?(?:\\s|$))`).exec(task);
    const value = match?.[1] ? parseJson(match[1]) : undefined;
    if (value !== undefined) input[field] = value;
  }
  return input;
}

function applyChanges(input: Input, changes: Record<string, unknown>): Input {
  const changed = { ...input };
  for (const [field, value] of Object.entries(changes)) {
    if (value === undefined) delete changed[field];
    else changed[field] = value;
  }
  return changed;
}

/** The task tool's calls in this conversation, each with the result the client sent back. */
function attemptsOf(request: MessagesRequest, toolName: string): Attempt[] {
  const results = new Map<string, { ok: boolean; text: string }>();
  for (const block of request.messages.flatMap((message) => blocksOf(message))) {
    if (isBlock(block, "tool_result")) results.set(block.tool_use_id, { ok: block.is_error !== true, text: textOf(blocksOrText(block.content)) });
  }
  return request.messages.flatMap((message) =>
    blocksOf(message).flatMap((block) => {
      if (!isBlock(block, "tool_use") || block.name !== toolName) return [];
      const result = results.get(block.id);
      return result ? [{ input: block.input, ...result }] : [];
    }),
  );
}

const stepBudgetOf = (task: string) => Number(/Step budget: (\d+)/.exec(task)?.[1] ?? Number.POSITIVE_INFINITY);
const signatureOf = (tool: Tool, attempt: Attempt) => errorSignature(tool.name, attempt.text);
const namesTool = (text: string, name: string) => new RegExp(`(?<![A-Za-z0-9_-])${name}(?![A-Za-z0-9_-])`).test(text);
/** Inputs compare by their fields sorted, so the order a change put them in does not matter. */
const canonical = (input: Input) =>
  JSON.stringify(
    Object.keys(input)
      .sort()
      .map((key) => [key, input[key]]),
  );
const blocksOrText = (content: string | ContentBlock[] | undefined): ContentBlock[] =>
  typeof content === "string" ? [{ type: "text", text: content }] : (content ?? []);
const textOf = (blocks: ContentBlock[]) => blocks.flatMap((block) => (isBlock(block, "text") ? [block.text] : [])).join("\n");
const text = (value: string): SimMessageReply => ({ type: "message", content: [{ type: "text", text: value }] });

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}
