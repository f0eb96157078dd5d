// `lucid dream <agent>` and `lucid dreams list|show|approve|reject|rollback`: start, follow and review dreams.
import type { Dream } from "../../client/index";
import { positiveInteger, UsageError } from "../argv";
import type { Command, CommandContext } from "../command";
import { table } from "../output";
import { renderChangeset } from "../render/changeset";
import { textOrFile } from "../text-source";
import { followDream } from "./dream-follow";
import { findMemory, resolveAgentId } from "./lookups";

/** Prints the changeset as a diff against the dream's input store. */
async function printChangeset(context: CommandContext, dream: Dream): Promise<void> {
  const input = dream.inputs.find((item) => item.type === "memory_store");
  const storeId = input?.type === "memory_store" ? input.memory_store_id : undefined;
  const readBefore = async (path: string) => (storeId ? ((await findMemory(context.anthropic, storeId, path))?.content ?? null) : null);
  for (const line of await renderChangeset(dream, readBefore)) context.out.line(line);
}

function nextStep(dream: Dream): string | undefined {
  if (dream.phase === "awaiting_review")
    return `Review it: lucid dreams approve ${dream.id} [--ops op_1,…] [--edit op_1=file.md], or lucid dreams reject ${dream.id}`;
  if (dream.status === "completed" && dream.agent_id) return `Applied. To undo: lucid dreams rollback ${dream.agent_id}`;
  return undefined;
}

const dreamExitCode = (dream: Dream) => (dream.status === "failed" || dream.status === "canceled" ? 1 : 0);

export const dreamCommand: Command = {
  path: ["dream"],
  args: ["<agent>"],
  summary: "start a dream over the agent's recent sessions and follow it phase by phase",
  flags: {},
  notes: ["Exit code 0 when the dream completes or waits for review; 1 when it fails."],
  async run(context, args) {
    const agentId = await resolveAgentId(context, args.positionals[0]!);
    const started = await context.lucid.agents.dream(agentId);
    if (!context.json) context.out.line(`Dreaming: ${started.id} (${started.mode} mode)`);
    const dream = await followDream(context, started);
    if (context.json) return (context.out.record(dream), dreamExitCode(dream));
    if (dream.status === "failed") context.out.line(`✗ dream failed: ${dream.error?.type}: ${dream.error?.message}`);
    else {
      context.out.line();
      await printChangeset(context, dream);
      const next = nextStep(dream);
      if (next) context.out.line(`\n${next}`);
    }
    return dreamExitCode(dream);
  },
};

const list: Command = {
  path: ["dreams", "list"],
  args: [],
  summary: "list dreams, newest first",
  flags: {
    agent: { type: "string", value: "<agent>", description: "only this agent's dreams" },
    limit: { type: "string", value: "<n>", description: "at most this many (default 20)" },
  },
  async run(context, args) {
    const limit = positiveInteger("limit", args.string("limit") ?? "20");
    const agent = args.string("agent");
    const agentId = agent === undefined ? undefined : await resolveAgentId(context, agent);
    const dreams: Dream[] = [];
    for await (const dream of context.lucid.dreams.list(agentId ? { agent_id: agentId } : {})) {
      if (dreams.length >= limit) break;
      dreams.push(dream);
    }
    if (context.json) return (context.out.json({ data: dreams }), 0);
    if (!dreams.length) return (context.out.line("No dreams."), 0);
    const rows = dreams.map((dream) => [
      dream.id,
      dream.agent_id ?? "",
      dream.status,
      dream.phase,
      String(dream.changeset?.operations.length ?? 0),
      dream.review.state,
      dream.created_at,
    ]);
    context.out.line(table(["ID", "AGENT", "STATUS", "PHASE", "OPS", "REVIEW", "CREATED"], rows));
    return 0;
  },
};

const show: Command = {
  path: ["dreams", "show"],
  args: ["<dream>"],
  summary: "show a dream's changeset as a diff, with each operation's reason and the sessions it rests on",
  flags: {},
  async run(context, args) {
    const dream = await context.lucid.dreams.retrieve(args.positionals[0]!);
    if (context.json) return (context.out.json(dream), 0);
    await printChangeset(context, dream);
    const tokens = Object.entries(dream.usage_by_phase).map(
      ([phase, usage]) => `${phase} ${(usage.input_tokens + usage.output_tokens).toLocaleString("en-US")}`,
    );
    if (tokens.length) context.out.line(`\ntokens by phase: ${tokens.join(" · ")}`);
    const next = nextStep(dream);
    if (next) context.out.line(next);
    return 0;
  },
};

/** `--edit op_1=file.md` (repeatable): replacement content for an operation, read from a file. */
async function editsOf(context: CommandContext, values: string[]) {
  return Promise.all(
    values.map(async (value) => {
      const equals = value.indexOf("=");
      if (equals < 1) throw new UsageError(`--edit takes op_id=file (got ${value})`);
      return { operation_id: value.slice(0, equals), content: await textOrFile(context.io, `@${value.slice(equals + 1)}`) };
    }),
  );
}

const approve: Command = {
  path: ["dreams", "approve"],
  args: ["<dream>"],
  summary: "apply a held changeset, all of it or the operations named, optionally edited",
  flags: {
    ops: { type: "string", value: "<op_1,op_2>", description: "approve only these operations" },
    edit: { type: "list", value: "<op_id=file.md>", description: "replace an operation's content with a file's (repeatable)" },
  },
  async run(context, args) {
    const ops = args.string("ops");
    const edits = await editsOf(context, args.list("edit"));
    const approval = {
      ...(ops
        ? {
            operation_ids: ops
              .split(",")
              .map((id) => id.trim())
              .filter(Boolean),
          }
        : {}),
      ...(edits.length ? { edits } : {}),
    };
    const approved = await context.lucid.dreams.approve(args.positionals[0]!, approval);
    const dream = await followDream(context, approved, { until: (next) => ["completed", "failed", "canceled"].includes(next.status), fromCurrent: true });
    if (context.json) return (context.out.json(dream), dreamExitCode(dream));
    const applied = dream.review.approved_operation_ids ?? [];
    if (dream.status !== "completed") context.out.line(`✗ dream ${dream.status}${dream.error ? `: ${dream.error.message}` : ""}`);
    else
      context.out.line(
        `✓ applied ${applied.length} operation${applied.length === 1 ? "" : "s"} (${applied.join(", ")}) into ${dream.outputs[0]?.memory_store_id ?? "the store"}`,
      );
    const next = nextStep(dream);
    if (next) context.out.line(next);
    return dreamExitCode(dream);
  },
};

const reject: Command = {
  path: ["dreams", "reject"],
  args: ["<dream>"],
  summary: "discard a held changeset; the agent's memory stays as it was",
  flags: {},
  async run(context, args) {
    const dream = await context.lucid.dreams.reject(args.positionals[0]!);
    if (context.json) return (context.out.json(dream), 0);
    context.out.line(`Rejected ${dream.id}: nothing was applied.`);
    return 0;
  },
};

const rollback: Command = {
  path: ["dreams", "rollback"],
  args: ["<agent>"],
  summary: "point the agent back at the memory store it used before its last dream",
  flags: {},
  async run(context, args) {
    const agentId = await resolveAgentId(context, args.positionals[0]!);
    const before = await context.lucid.agents.retrieve(agentId);
    const agent = await context.lucid.agents.rollbackMemory(agentId);
    if (context.json) return (context.out.json(agent), 0);
    context.out.line(`Rolled back ${agent.id}: memory store ${before.memory_store_id} → ${agent.memory_store_id} (both are kept).`);
    return 0;
  },
};

export const dreamsCommands: Command[] = [list, show, approve, reject, rollback];
