// streamModelReply against the simulator: the model timeout covers the whole stream, the caller's abort stays an abort, and unusable replies become ModelReplyFaults.
import Anthropic from "@anthropic-ai/sdk";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createModelClient, modelTimeoutMs, streamModelReply } from "../../src/model/model-client";
import { classifyModelError } from "../../src/model/model-error";
import { ModelReplyFault } from "../../src/model/reply-fault";
import { scriptReplies, type SimReply, textReply } from "../fixtures/simulator";

const TIMEOUT_MS = 1_000;

function scriptedCall(reply: SimReply, signal = new AbortController().signal) {
  const key = `agent_${crypto.randomUUID().replaceAll("-", "")}`;
  const previewed: string[] = [];
  const client = createModelClient({ ...env, LUCID_MODEL_TIMEOUT_MS: String(TIMEOUT_MS) });
  const call = async () => {
    await scriptReplies(key, [reply]);
    const request = {
      model: "claude-sonnet-5-5",
      max_tokens: 256,
      metadata: { user_id: `${key}/sesn_x` },
      messages: [{ role: "user" as const, content: "go" }],
    };
    return streamModelReply(client, request, signal, { onTextStart: () => undefined, onTextDelta: (_index, text) => previewed.push(text) });
  };
  return { call, previewed };
}

async function faultOf(promise: Promise<unknown>): Promise<ModelReplyFault> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ModelReplyFault);
  return error as ModelReplyFault;
}

describe("the model timeout", () => {
  it("defaults to ten minutes and reads LUCID_MODEL_TIMEOUT_MS", () => {
    expect(modelTimeoutMs({})).toBe(600_000);
    expect(modelTimeoutMs({ LUCID_MODEL_TIMEOUT_MS: "nonsense" })).toBe(600_000);
    expect(modelTimeoutMs({ LUCID_MODEL_TIMEOUT_MS: "2500" })).toBe(2_500);
    expect(createModelClient({ ...env, LUCID_MODEL_TIMEOUT_MS: "2500" }).timeout).toBe(2_500);
  });

  it("ends a reply whose response never starts (delay_ms beyond the timeout)", async () => {
    const { call } = scriptedCall(textReply("too late", { delay_ms: 5_000 }));
    const startedAt = Date.now();
    const fault = await faultOf(call());
    expect(fault.kind).toBe("timeout");
    expect(Date.now() - startedAt).toBeLessThan(4_000);
  });

  it("ends a stream that stalls after its first text, which was previewed", async () => {
    const { call, previewed } = scriptedCall({ type: "stream_stall", after_text: "Let me think", stall_ms: 60_000 });
    const startedAt = Date.now();
    const fault = await faultOf(call());
    expect(fault.kind).toBe("timeout");
    expect(fault.message).toContain(`within ${TIMEOUT_MS} ms`);
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    expect(previewed.join("")).toBe("Let me think");
  });

  it("leaves the caller's own abort an abort, not a fault", async () => {
    const controller = new AbortController();
    const { call } = scriptedCall({ type: "stream_stall", stall_ms: 60_000 }, controller.signal);
    setTimeout(() => controller.abort(), 200);
    const error = await call().catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(Anthropic.APIUserAbortError);
    expect(classifyModelError(error)).toEqual({ kind: "aborted" });
  });
});

describe("unusable replies", () => {
  it("reports a cut or malformed stream as a broken stream", async () => {
    expect((await faultOf(scriptedCall({ type: "stream_cut", after_text: "Half" }).call())).kind).toBe("broken_stream");
    expect((await faultOf(scriptedCall({ type: "malformed_sse" }).call())).kind).toBe("broken_stream");
  });

  it("reports tool input that is not a JSON object, even one the SDK parsed or completed", async () => {
    for (const partial_json of ['{"path": "/notes.md", "content": "Hel', "{path: /notes.md}", "[1, 2]"]) {
      const fault = await faultOf(scriptedCall({ type: "invalid_tool_json", name: "write", partial_json }).call());
      expect(fault.kind).toBe("invalid_tool_input");
      expect(fault.message).toContain("`write`");
    }
  });

  it("passes a complete tool call through", async () => {
    const { call } = scriptedCall({ type: "message", content: [{ type: "tool_use", name: "write", input: { path: "/notes.md", content: "Hello" } }] });
    const reply = await call();
    expect(reply.content[0]).toMatchObject({ type: "tool_use", input: { path: "/notes.md", content: "Hello" } });
  });

  it("classifies every fault as a retryable failed request", () => {
    for (const kind of ["timeout", "broken_stream", "invalid_tool_input"] as const) {
      expect(classifyModelError(new ModelReplyFault(kind, "why"))).toEqual({
        kind: "retryable",
        type: "model_request_failed_error",
        message: "why",
        retryAfterMs: null,
      });
    }
  });
});
