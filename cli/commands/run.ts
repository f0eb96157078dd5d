// `lucid run <agent> "<input>"`: starts a session (or continues one), sends the input and streams the session live.
import type Anthropic from "@anthropic-ai/sdk";
import { positiveInteger, UsageError } from "../argv";
import type { Command, CommandContext } from "../command";
import { endingLine, exitCodeOf, followSession } from "../follow-session";
import { localFiles } from "../io";
import { textOrFile } from "../text-source";
import { cliEnvironment, lastEventId, resolveAgentId, resolveVaultId } from "./lookups";

type EventParams = Anthropic.Beta.Sessions.BetaManagedAgentsEventParams;

/** Copies a local folder into the session's workspace, keeping relative paths. */
async function seedWorkspace(context: CommandContext, sessionId: string, directory: string): Promise<void> {
  const files = localFiles(context.io);
  const paths = await files.listTree(directory);
  for (const path of paths) {
    const content = await files.read(`${directory.replace(/\/+$/, "")}/${path}`);
    if (content !== null) await context.lucid.workspace.write(sessionId, `/${path}`, content);
  }
  if (!context.json) context.out.line(`· workspace: ${paths.length} file${paths.length === 1 ? "" : "s"} from ${directory}`);
}

async function firstEvents(context: CommandContext, input: string, rubric: string | undefined, maxIterations: number | undefined): Promise<EventParams[]> {
  if (rubric === undefined) return [{ type: "user.message", content: [{ type: "text", text: input }] }];
  // With a rubric the input is the outcome's description: the agent starts on it, and the grader holds it to the rubric.
  return [
    {
      type: "user.define_outcome",
      description: input,
      rubric: { type: "text", content: await textOrFile(context.io, rubric) },
      ...(maxIterations ? { max_iterations: maxIterations } : {}),
    },
  ];
}

export const runCommand: Command = {
  path: ["run"],
  args: ["<agent>", "<input>"],
  summary: "run the agent on an input and stream the session live",
  flags: {
    rubric: { type: "string", value: "<text|@file>", description: "hold the work to this rubric (an outcome graded by a separate model)" },
    "max-iterations": { type: "string", value: "<n>", description: "with --rubric: how many grade-and-revise rounds at most (default 3)" },
    workspace: { type: "string", value: "<dir>", description: "copy this local folder into the session's workspace first" },
    session: { type: "string", value: "<session>", description: "continue this session of the agent instead of starting one" },
    environment: {
      type: "string",
      value: "<environment>",
      description: "start the session in this environment (e.g. a self-hosted one, whose worker runs the tools); default: the CLI's own",
    },
    vault: {
      type: "list",
      value: "<vault>",
      description: "give the session this vault's credentials for the agent's MCP servers (repeatable; the first vault with one for a server's URL wins)",
    },
  },
  notes: [
    'lucid run "Letter drafter" "Draft a letter to Acme about the renewal."',
    'lucid run agent_… "Draft the liability clause." --rubric "- names \\"indemnity\\""',
    "lucid run Builder 'Use the tool bash with command: \"uname -a\"' --environment env_…   # a self-hosted environment: its worker runs bash",
    "Exit code 0 when the agent ends its turn (meeting the rubric, if any); 1 when it fails, stops or is terminated.",
  ],
  async run(context, args) {
    const [agentRef, input] = args.positionals as [string, string];
    const maxIterations = args.string("max-iterations");
    if (maxIterations !== undefined && args.string("rubric") === undefined) throw new UsageError("--max-iterations goes with --rubric");
    const events = await firstEvents(
      context,
      input,
      args.string("rubric"),
      maxIterations === undefined ? undefined : positiveInteger("max-iterations", maxIterations),
    );
    const environmentId = args.string("environment");
    if (environmentId !== undefined && args.string("session") !== undefined)
      throw new UsageError("--environment starts a session: it does not go with --session");
    const vaultRefs = args.list("vault");
    if (vaultRefs.length && args.string("session") !== undefined)
      throw new UsageError("--vault starts a session: it does not go with --session (a session's vaults are fixed when it starts)");
    const agentId = await resolveAgentId(context, agentRef);
    const { anthropic } = context;
    const vaultIds = await Promise.all(vaultRefs.map((reference) => resolveVaultId(context, reference)));
    const sessionId =
      args.string("session") ??
      (
        await anthropic.beta.sessions.create({
          agent: agentId,
          environment_id: environmentId ?? (await cliEnvironment(anthropic)),
          title: input.slice(0, 80),
          ...(vaultIds.length ? { vault_ids: vaultIds } : {}),
        })
      ).id;
    if (!context.json) context.out.line(`· session ${sessionId}`);
    const workspace = args.string("workspace");
    if (workspace !== undefined) await seedWorkspace(context, sessionId, workspace);

    // The stream starts right after the transcript as it stands, so it shows exactly what this input causes.
    const afterId = await lastEventId(anthropic, sessionId);
    const result = await followSession(context, sessionId, afterId, false, () => anthropic.beta.sessions.events.send(sessionId, { events }));
    const exitCode = exitCodeOf(result);
    if (context.json) {
      context.out.record({
        type: "lucid.cli.summary",
        session_id: sessionId,
        steps: result.view.steps,
        input_tokens: result.view.inputTokens,
        output_tokens: result.view.outputTokens,
        outcome_verdicts: result.view.verdicts,
        exit_code: exitCode,
      });
    } else context.out.line(endingLine(sessionId, result));
    return exitCode;
  },
};
