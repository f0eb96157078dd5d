// Starts an agent's dream through Lucid's extension route, waits for it, and approves a changeset held for review (counted).
import Anthropic from "@anthropic-ai/sdk";
import { z } from "zod";

export interface DreamResult {
  after_session: number;
  dream_id: string | null;
  status: string;
  held_for_review: boolean;
  /** Operations in the dream's changeset: what it changed in memory. */
  operations: number;
  tokens: number;
  /** What the dream read: input tokens, cached or not. */
  input_tokens: number;
}

const Tokens = z.number().int().nonnegative().optional();
/** The fields of Lucid's dream object the harness reads (the SDK does not type the extensions). */
const DreamView = z.looseObject({
  id: z.string(),
  status: z.string(),
  phase: z.string().nullish(),
  usage: z.looseObject({ input_tokens: Tokens, output_tokens: Tokens, cache_read_input_tokens: Tokens, cache_creation_input_tokens: Tokens }).optional(),
  changeset: z.looseObject({ operations: z.array(z.unknown()) }).nullish(),
});

/** A dream refused because nothing is new (400) is recorded as skipped, at no cost. */
export async function dreamAndWait(client: Anthropic, agentId: string, afterSession: number, timeoutMs = 60_000): Promise<DreamResult> {
  const started = await client.post(`/v1/agents/${agentId}/dream`).then(
    (body) => DreamView.parse(body),
    (error: unknown) => {
      if (error instanceof Anthropic.BadRequestError) return null;
      throw error;
    },
  );
  if (!started) return { after_session: afterSession, dream_id: null, status: "skipped", held_for_review: false, operations: 0, tokens: 0, input_tokens: 0 };
  const deadline = Date.now() + timeoutMs;
  let held = false;
  for (;;) {
    const dream = DreamView.parse(await client.get(`/v1/dreams/${started.id}`));
    if (dream.phase === "awaiting_review" && !held) {
      held = true;
      await client.post(`/v1/dreams/${dream.id}/approve`, { body: {} });
      continue;
    }
    if (["completed", "failed", "canceled"].includes(dream.status)) {
      const usage = dream.usage ?? {};
      const inputTokens = (usage.input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0) + (usage.cache_creation_input_tokens ?? 0);
      const tokens = inputTokens + (usage.output_tokens ?? 0);
      return {
        after_session: afterSession,
        dream_id: dream.id,
        status: dream.status,
        held_for_review: held,
        operations: dream.changeset?.operations.length ?? 0,
        tokens,
        input_tokens: inputTokens,
      };
    }
    if (Date.now() > deadline) throw new Error(`dream ${dream.id} stayed ${dream.status}/${dream.phase}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
