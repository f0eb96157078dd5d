// The body of POST /agents/session-agent/{name}/turn: one user message.
import { z } from "zod";

export const TurnRequest = z.object({ text: z.string().min(1) });
export type TurnRequest = z.infer<typeof TurnRequest>;
