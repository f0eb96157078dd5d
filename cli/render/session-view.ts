// Renders a session's live stream (or its transcript) for people: text as it comes, tool calls as compact lines,
// a spinner while the model works, step and token counters, outcome verdicts; and says how the session ended.
import type { PreviewFrame, SessionStreamFrame } from "../../client/index";
import type { Json } from "../../src/schemas/common";
import type { Output } from "../output";
import { oneLine } from "../output";
import { arrayField, contentText, numberField, objectField, stringField } from "./event-fields";
import { createSpinner } from "./spinner";

export type SessionEnd = { state: "idle"; stopReason: string; eventIds: string[] } | { state: "terminated" };

export interface SessionView {
  /** Shows one frame; returns how the session ended when this frame ended it. */
  show(frame: SessionStreamFrame): SessionEnd | undefined;
  /** Shows the last step's counters if still pending and stops the spinner; call before exiting. */
  close(): void;
  readonly steps: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Each outcome evaluation's result, in order. */
  readonly verdicts: string[];
  /** The counters as one line: `3 steps · 1,234 input / 56 output tokens`. */
  counters(): string;
}

export interface SessionViewOptions {
  json: boolean;
  tty: boolean;
  /** Whether to show the user's own messages (a transcript shows them; a run just typed them). */
  showUserMessages: boolean;
}

/** What a model call produces; its step's counters are shown after them. */
const STEP_OUTPUT = new Set(["agent.message", "agent.tool_use", "agent.mcp_tool_use", "agent.custom_tool_use", "span.model_request_end"]);

const number = (value: number) => value.toLocaleString("en-US");

export function createSessionView(out: Output, options: SessionViewOptions): SessionView {
  const spinner = createSpinner(out.stdout, options.tty && !options.json);
  /** The text previewed so far of each agent message, by event id. */
  const previewed = new Map<string, string>();
  let openText = false;
  /** The counters of a step just ended, shown after its reply and tool calls. */
  let stepEnded: string | undefined;
  const state = { steps: 0, inputTokens: 0, outputTokens: 0, verdicts: [] as string[] };
  const counters = () =>
    `${state.steps} step${state.steps === 1 ? "" : "s"} · ${number(state.inputTokens)} input / ${number(state.outputTokens)} output tokens`;

  /** Ends a line of streamed text before anything else is printed. */
  const settle = () => {
    spinner.stop();
    if (openText) out.line();
    openText = false;
  };
  const line = (text: string) => {
    settle();
    out.line(text);
  };
  const showStepEnd = () => {
    if (stepEnded === undefined) return;
    line(stepEnded);
    stepEnded = undefined;
  };

  function track(frame: SessionStreamFrame): void {
    if (frame.type === "span.model_request_start") state.steps++;
    if (frame.type === "span.model_request_end" && "model_usage" in frame) {
      const usage = objectField(frame, "model_usage");
      state.inputTokens += (usage && numberField(usage, "input_tokens")) ?? 0;
      state.outputTokens += (usage && numberField(usage, "output_tokens")) ?? 0;
    }
    if (frame.type === "span.outcome_evaluation_end" && "result" in frame) state.verdicts.push(String(frame.result));
  }

  function render(frame: SessionStreamFrame): void {
    if (isPreview(frame)) {
      spinner.stop();
      if (frame.type === "event_start") return;
      previewed.set(frame.event_id, (previewed.get(frame.event_id) ?? "") + frame.delta.content.text);
      openText = true;
      return out.text(frame.delta.content.text);
    }
    const event = frame;
    if (!STEP_OUTPUT.has(event.type)) showStepEnd();
    switch (event.type) {
      case "user.message":
        if (options.showUserMessages) line(`> ${contentText(event)}`);
        return;
      case "user.define_outcome":
        return line(`◇ outcome: ${oneLine(stringField(event, "description") ?? "", 100)}`);
      case "agent.message": {
        const text = contentText(event);
        // A reader that connected mid-reply saw only its end: show the whole reply once more.
        if (previewed.get(event.id) === text) return settle();
        return line(text);
      }
      case "agent.mcp_tool_use":
        return line(
          `→ ${stringField(event, "mcp_server_name") ?? "mcp"}/${stringField(event, "name") ?? "tool"}(${compactInput(objectField(event, "input"))})`,
        );
      case "agent.tool_use":
      case "agent.custom_tool_use":
        return line(
          `→ ${stringField(event, "name") ?? "tool"}(${compactInput(objectField(event, "input"))})${event.type === "agent.custom_tool_use" ? "  [custom: yours to answer]" : ""}`,
        );
      // A worker's result (self-hosted environments) reads like one Lucid ran itself.
      case "user.tool_result":
      case "agent.mcp_tool_result":
      case "agent.tool_result": {
        const text = oneLine(contentText(event), 90);
        return line(`  ${event.is_error === true ? "✗" : "✓"} ${text || "(no output)"}`);
      }
      case "span.model_request_start":
        settle();
        return spinner.start(`waiting for the model · step ${state.steps} · ${number(state.inputTokens + state.outputTokens)} tokens so far`);
      case "span.model_request_end":
        stepEnded = `  [step ${state.steps} · ${counters()}${event.is_error === true ? " · failed" : ""}]`;
        return;
      case "span.outcome_evaluation_start":
        line(`◇ grading against the rubric (iteration ${numberField(event, "iteration") ?? 0})`);
        return spinner.start("waiting for the grader");
      case "span.outcome_evaluation_end":
        return showVerdict(event);
      case "session.error": {
        const error = objectField(event, "error");
        const retry = error && objectField(error, "retry_status");
        return line(
          `! ${(error && stringField(error, "type")) ?? "error"}: ${(error && stringField(error, "message")) ?? ""}${retry ? ` (${stringField(retry, "type")})` : ""}`,
        );
      }
      case "session.thread_created":
        return line(`⇉ thread ${stringField(event, "session_thread_id") ?? ""} opened for ${stringField(event, "agent_name") ?? "a specialist"}`);
      case "agent.thread_message_received":
        return line(
          `⇠ ${stringField(event, "from_agent_name") ?? stringField(event, "from_session_thread_id") ?? "thread"}: ${oneLine(contentText(event), 100)}`,
        );
      case "lucid.memory_loaded": {
        const paths = arrayField(event, "memories").map((memory) =>
          memory && typeof memory === "object" && !Array.isArray(memory) ? String(memory.path) : "",
        );
        return line(`· memory loaded: ${paths.length ? paths.join(", ") : "no memories"}`);
      }
      case "session.status_terminated":
        return line("■ session terminated");
      default:
        return;
    }
  }

  function showVerdict(fields: { [key: string]: Json | undefined }): void {
    line(
      `◆ outcome ${stringField(fields, "result") ?? "?"} (iteration ${numberField(fields, "iteration") ?? 0}): ${oneLine(stringField(fields, "explanation") ?? "", 160)}`,
    );
    for (const criterion of arrayField(fields, "criteria")) {
      if (!criterion || typeof criterion !== "object" || Array.isArray(criterion)) continue;
      out.line(
        `    ${criterion.met === true ? "✓" : "✗"} ${oneLine(String(criterion.criterion), 70)}${criterion.met === true ? "" : ` — ${oneLine(String(criterion.feedback), 90)}`}`,
      );
    }
  }

  return {
    show(frame) {
      track(frame);
      if (options.json) out.record(frame);
      else render(frame);
      return sessionEndOf(frame);
    },
    close() {
      if (!options.json) showStepEnd();
      settle();
    },
    get steps() {
      return state.steps;
    },
    get inputTokens() {
      return state.inputTokens;
    },
    get outputTokens() {
      return state.outputTokens;
    },
    get verdicts() {
      return state.verdicts;
    },
    counters,
  };
}

/** How the session ended, when this frame is its `session.status_idle` or `session.status_terminated`. */
export function sessionEndOf(frame: SessionStreamFrame): SessionEnd | undefined {
  if (frame.type === "session.status_terminated") return { state: "terminated" };
  if (frame.type !== "session.status_idle" || !("stop_reason" in frame)) return undefined;
  const stopReason = objectField(frame, "stop_reason");
  return {
    state: "idle",
    stopReason: (stopReason && stringField(stopReason, "type")) ?? "end_turn",
    eventIds: (stopReason ? arrayField(stopReason, "event_ids") : []).map(String),
  };
}

/** Text previews (`event_start`, `event_delta`) are stream-only frames, never transcript events. */
function isPreview(frame: SessionStreamFrame): frame is PreviewFrame {
  return (frame.type === "event_start" || frame.type === "event_delta") && !("processed_at" in frame);
}

/** A tool call's input as `key: value` pairs, strings quoted and shortened. */
export function compactInput(input: { [key: string]: Json | undefined } | undefined): string {
  if (!input) return "";
  const pairs = Object.entries(input).map(
    ([key, value]) => `${key}: ${typeof value === "string" ? JSON.stringify(oneLine(value, 40)) : oneLine(JSON.stringify(value) ?? "", 40)}`,
  );
  return oneLine(pairs.join(", "), 100);
}
