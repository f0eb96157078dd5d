// Session events: what clients may send (user.*), as the Managed Agents API types them. What a transcript records is
// the closed union in recorded-events.ts, re-exported here.
import { z } from "zod";
import { FreeText, refusedVariant } from "./common";
import { MessageContent, ToolResultContent } from "./content-blocks";
import { MAX_EVENT_PAGE_LIMIT, MAX_EVENTS_PER_SEND, MAX_LIST_FILTER_VALUES, MAX_TEXT_BLOCK_CHARS } from "./limits";
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

/** The user's answer to a built-in tool call its permission policy holds (`always_ask`). */
export const UserToolConfirmationParam = z
  .strictObject({
    type: z.literal("user.tool_confirmation"),
    tool_use_id: z.string().min(1),
    result: z.enum(["allow", "deny"]),
    deny_message: FreeText.max(MAX_TEXT_BLOCK_CHARS).nullish(),
  })
  .refine((param) => param.result === "deny" || param.deny_message == null, { path: ["deny_message"], message: "is only allowed when result is 'deny'" });

/** A self-hosted environment's worker answering a toolset call it ran (`agent.tool_use`). */
export const UserToolResultParam = z.strictObject({
  type: z.literal("user.tool_result"),
  tool_use_id: z.string().min(1),
  content: ToolResultContent.optional(),
  is_error: z.boolean().nullish(),
});

const NotYet = <T extends string>(type: T, why: string) => refusedVariant(type, `${type} events are not supported by Lucid yet: ${why}`);

export const EventParam = z.union([
  UserMessageParam,
  UserInterruptParam,
  UserCustomToolResultParam,
  DefineOutcomeParam,
  UserToolConfirmationParam,
  UserToolResultParam,
  NotYet("system.message", "system messages are not accepted"),
]);
export type EventParam = z.infer<typeof EventParam>;

export const EventSend = z.strictObject({
  events: z.array(EventParam).min(1).max(MAX_EVENTS_PER_SEND, `at most ${MAX_EVENTS_PER_SEND} events can be sent at once`),
});

export const InitialEvent = z.union([UserMessageParam, DefineOutcomeParam]);
export type InitialEvent = z.infer<typeof InitialEvent>;

export const EventListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_EVENT_PAGE_LIMIT, `a page holds at most ${MAX_EVENT_PAGE_LIMIT} events`).default(20),
  order: z.enum(["asc", "desc"]).default("asc"),
  types: z.array(z.string()).max(MAX_LIST_FILTER_VALUES, `at most ${MAX_LIST_FILTER_VALUES} types can be given`).optional(),
});
