// Stream-only frames (text previews of an agent message as it is generated) that never enter the transcript, as the
// Managed Agents stream defines them; sent to SSE and WebSocket readers that asked for `event_deltas`.
import { z } from "zod";

export const PreviewFrame = z.discriminatedUnion("type", [
  z.object({ type: z.literal("event_start"), event: z.object({ id: z.string(), type: z.literal("agent.message") }) }),
  z.object({
    type: z.literal("event_delta"),
    event_id: z.string(),
    delta: z.object({ type: z.literal("content_delta"), index: z.number().int(), content: z.object({ type: z.literal("text"), text: z.string() }) }),
  }),
]);
export type PreviewFrame = z.infer<typeof PreviewFrame>;
