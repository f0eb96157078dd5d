// What running a built-in tool gives back (memory, file and thread tools alike): text the model reads, and whether
// the call failed.
import type { z } from "zod";

export interface ToolOutcome {
  content: string;
  is_error: boolean;
  /** The step records no result now: whoever finishes the call records it later (a coordinator's wait, its orchestrator). */
  deferred?: true;
}

export const toolSucceeded = (content: string): ToolOutcome => ({ content, is_error: false });
export const toolFailed = (content: string): ToolOutcome => ({ content, is_error: true });
export const toolDeferred = (): ToolOutcome => ({ content: "", is_error: false, deferred: true });

/**
 * A tool stopped because its step was aborted (a user.interrupt). The step then records nothing for it: the
 * transcript answers the call as interrupted.
 */
export const toolInterrupted = (): ToolOutcome => toolFailed("The user interrupted the session before this tool finished; it stopped there.");

/** An input the tool's schema refused, as an error result naming each problem, so the model can correct its call. */
export const invalidToolInput = (name: string, error: z.ZodError): ToolOutcome =>
  toolFailed(`Invalid input for ${name}: ${error.issues.map((issue) => `${issue.path.join(".") || "input"}: ${issue.message}`).join("; ")}`);
