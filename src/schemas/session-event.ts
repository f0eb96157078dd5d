// Session events: what clients may send (user.*), as the Managed Agents API types them. What a transcript records is
// the closed union in recorded-events.ts, re-exported here.
import { z } from "zod";
import { refusedVariant } from "./common";
import { MessageContent, ToolResultContent } from "./content-blocks";
import { MAX_EVENTS_PER_SEND, MAX_LIST_FILTER_VALUES } from "./limits";
import { DefineOutcomeParam } from "./outcome";

export type { ContentBlock } from "./content-blocks";
export { SessionEvent, type SessionEventOf, type SessionEventType, StopReason } from "./recorded-events";

export const UserMessageParam = z.strictObject({
  type: z.literal("user.message"),
  content: MessageContent,
});

export const UserInterruptParam = z.strictObject({
  type: z.literal("user.interrupt"),
  session_thread_id: z.null().optional(),
});

export const UserCustomToolResultParam = z.strictObject({
  type: z.literal("user.custom_tool_result"),
  custom_tool_use_id: z.string().min(1),
  content: ToolResultContent.optional(),
  is_error: z.boolean().nullish(),
});

const NotYet = <T extends string>(type: T, why: string) => refusedVariant(type, `${type} events are not supported by Lucid yet: ${why}`);

export const EventParam = z.union([
  UserMessageParam,
  UserInterruptParam,
  UserCustomToolResultParam,
  DefineOutcomeParam,
  NotYet("user.tool_confirmation", "Lucid has no permission-gated built-in tools yet"),
  NotYet("user.tool_result", "Lucid has no client-executed built-in tools yet"),
  NotYet("system.message", "system messages are not accepted"),
]);
export type EventParam = z.infer<typeof EventParam>;

export const EventSend = z.strictObject({
  events: z.array(EventParam).min(1).max(MAX_EVENTS_PER_SEND, `at most ${MAX_EVENTS_PER_SEND} events can be sent at once`),
});

export const InitialEvent = z.union([UserMessageParam, DefineOutcomeParam]);
export type InitialEvent = z.infer<typeof InitialEvent>;

export const EventListQuery = z.object({
  order: z.enum(["asc", "desc"]).default("asc"),
  types: z.array(z.string()).max(MAX_LIST_FILTER_VALUES, `at most ${MAX_LIST_FILTER_VALUES} types can be given`).optional(),
});
