// One conversation as an Agents SDK user writes it: an Agent that keeps its messages in its own SQLite and runs the
// model loop inside the HTTP request that asked for the turn.
import Anthropic from "@anthropic-ai/sdk";
import { Agent } from "agents";
import type { Env } from "./env";
import { TurnRequest } from "./turn-request";

const MODEL = "claude-sonnet-5-5";
const SYSTEM_PROMPT = "You are a helpful assistant.";
const MAX_TOKENS = 1024;
/** Bounds the agent loop, as a step budget bounds a Lucid session. */
const MAX_STEPS = 8;

/** A conversation holds user and assistant turns only; the system prompt is sent apart. */
type Role = "user" | "assistant";

interface MessageRow {
  role: Role;
  content: string;
}

interface TurnResult {
  steps: number;
  stop_reason: string;
  text: string;
}

export class SessionAgent extends Agent<Env> {
  override onStart(): void {
    this.sql`CREATE TABLE IF NOT EXISTS messages (
      id INTEGER PRIMARY KEY,
      role TEXT NOT NULL,
      content TEXT NOT NULL,
      usage TEXT,
      created_at INTEGER NOT NULL
    )`;
  }

  /** routeAgentRequest forwards the whole path, /agents/session-agent/{name}/{action}. */
  override async onRequest(request: Request): Promise<Response> {
    const segments = new URL(request.url).pathname.split("/").filter(Boolean);
    const action = segments.length === 4 ? segments[3] : undefined;
    if (action === "turn" && request.method === "POST") return this.handleTurn(request);
    if (action === "storage" && request.method === "GET") return this.reportStorage();
    return errorResponse(404, "not_found_error", "Use POST .../turn or GET .../storage.");
  }

  private async handleTurn(request: Request): Promise<Response> {
    const body = TurnRequest.safeParse(await request.json().catch(() => undefined));
    if (!body.success) return errorResponse(400, "invalid_request_error", 'Send a JSON body {"text": "<non-empty string>"}.');
    try {
      return Response.json(await this.runTurn(body.data.text));
    } catch (error) {
      // No durable recovery: a failed model call fails the request, and the client decides whether to send the turn again.
      if (error instanceof Anthropic.APIError) return errorResponse(502, "api_error", `Model call failed: ${error.message}`);
      throw error;
    }
  }

  /**
   * The request-driven loop a typical Agents SDK user writes: every step runs inside this one request, so an eviction
   * mid-turn loses the step in flight (Lucid instead runs each step from a Durable Object alarm and resumes it).
   */
  private async runTurn(text: string): Promise<TurnResult> {
    const client = new Anthropic({ apiKey: this.env.ANTHROPIC_API_KEY, baseURL: this.env.ANTHROPIC_BASE_URL, maxRetries: 0 });
    this.appendMessage("user", [{ type: "text", text }], null);
    let steps = 0;
    let reply: Anthropic.Message;
    do {
      const stream = client.messages.stream({
        model: MODEL,
        max_tokens: MAX_TOKENS,
        system: SYSTEM_PROMPT,
        messages: this.loadConversation(),
        metadata: { user_id: this.name },
      });
      reply = await stream.finalMessage();
      steps += 1;
      this.appendMessage("assistant", reply.content, reply.usage);
      if (reply.stop_reason === "tool_use") this.appendMessage("user", refuseToolCalls(reply), null);
    } while (reply.stop_reason === "tool_use" && steps < MAX_STEPS);
    return { steps, stop_reason: reply.stop_reason ?? "unknown", text: textOf(reply) };
  }

  private reportStorage(): Response {
    const [count] = this.sql<{ messages: number }>`SELECT COUNT(*) AS messages FROM messages`;
    return Response.json({ database_bytes: this.ctx.storage.sql.databaseSize, messages: count?.messages ?? 0 });
  }

  private appendMessage(role: Role, content: Anthropic.MessageContentParam, usage: Anthropic.Usage | null): void {
    this.sql`INSERT INTO messages (role, content, usage, created_at)
      VALUES (${role}, ${JSON.stringify(content)}, ${usage && JSON.stringify(usage)}, ${Date.now()})`;
  }

  /** The Messages API is stateless: every step sends the whole conversation, read back from SQLite. */
  private loadConversation(): Anthropic.MessageParam[] {
    const rows = this.sql<MessageRow>`SELECT role, content FROM messages ORDER BY id`;
    // Only appendMessage writes these rows, so the parsed content has the shape it was written with.
    return rows.map((row) => ({ role: row.role, content: JSON.parse(row.content) as Anthropic.MessageContentParam }));
  }
}

/** No tools are declared in this workload, so a tool call can only be answered with an error the model can read. */
function refuseToolCalls(reply: Anthropic.Message): Anthropic.ToolResultBlockParam[] {
  return reply.content
    .filter((block) => block.type === "tool_use")
    .map((block) => ({ type: "tool_result", tool_use_id: block.id, content: "No tools are available.", is_error: true }));
}

function textOf(reply: Anthropic.Message): string {
  return reply.content.flatMap((block) => (block.type === "text" ? [block.text] : [])).join("");
}

function errorResponse(status: number, type: string, message: string): Response {
  return Response.json({ type: "error", error: { type, message } }, { status });
}
