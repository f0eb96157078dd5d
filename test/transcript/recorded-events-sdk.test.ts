// Compile-time: every kind of event Lucid records under an SDK event type is assignable to the SDK's type of it, so
// a change on either side that breaks the wire format fails `npm run typecheck` (the checks cost nothing at run time).
import type { BetaManagedAgentsSessionEvent, BetaManagedAgentsSessionEventType } from "@anthropic-ai/sdk/resources/beta/sessions/events";
import { describe, expectTypeOf, it } from "vitest";
import type { DreamProgressEventOf, DreamProgressEventType, SessionEventOf, SessionEventType } from "../../src/schemas/recorded-events";

type SdkEventOf<T> = Extract<BetaManagedAgentsSessionEvent, { type: T }>;
type SdkSessionKind = Extract<SessionEventType, BetaManagedAgentsSessionEventType>;

describe("the recorded events against the SDK's types", () => {
  it("records only SDK kinds and Lucid's own lucid.* kinds in a session's transcript", () => {
    expectTypeOf<Exclude<SessionEventType, SdkSessionKind>>().toEqualTypeOf<"lucid.memory_loaded" | "lucid.reflection">();
  });

  it("records each SDK kind of a session's transcript as the SDK types it", () => {
    expectTypeOf<{ [T in SdkSessionKind]: SessionEventOf<T> }>().toExtend<{ [T in SdkSessionKind]: SdkEventOf<T> }>();
  });

  it("records a dream's status and error events as the SDK types them; its spans carry the dream's phase instead", () => {
    type SdkTyped = Exclude<DreamProgressEventType, "span.model_request_start" | "span.model_request_end" | `lucid.${string}`>;
    expectTypeOf<SdkTyped>().toEqualTypeOf<"session.status_running" | "session.status_idle" | "session.status_terminated" | "session.error">();
    expectTypeOf<{ [T in SdkTyped]: DreamProgressEventOf<T> }>().toExtend<{ [T in SdkTyped]: SdkEventOf<T> }>();
  });
});
