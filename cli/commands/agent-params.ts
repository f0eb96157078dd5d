// Turns the agent flags shared by `agents create` and `agents update` into the API's agent fields (zod schema inputs).
import type { z } from "zod";
import type { AgentCreate } from "../../src/schemas/agent";
import { type FlagSpecs, type ParsedArgs, positiveInteger, UsageError } from "../argv";

type AgentFields = Omit<z.input<typeof AgentCreate>, "name" | "model"> & { name?: string; model?: string };

export const AGENT_FLAGS: FlagSpecs = {
  name: { type: "string", value: "<name>", description: "the agent's name" },
  model: { type: "string", value: "<model>", description: "Messages API model id (create: claude-sonnet-5-5 unless given)" },
  system: { type: "string", value: "<text>", description: "system prompt" },
  description: { type: "string", value: "<text>", description: "what the agent does (coordinators show it to the model)" },
  toolset: { type: "boolean", description: "give the agent the agent toolset: read, write, edit, glob, grep, and bash in a self-hosted environment" },
  reflection: { type: "string", value: "on|off", description: "whether sessions write what they learned into memory" },
  "dream-mode": { type: "string", value: "auto|review", description: "auto applies a dream's changeset at once; review waits for approval" },
  "dream-every": { type: "string", value: "<minutes>", description: "dream on a fixed interval (at least 5 minutes)" },
  "dream-cron": { type: "string", value: "<expr>", description: "dream on a cron schedule (UTC)" },
  roster: { type: "string", value: "<agent,…>", description: "make it a coordinator over these specialist agents" },
  "max-parallel": { type: "string", value: "<n>", description: "coordinator: how many threads run at once" },
};

export function agentFields(args: ParsedArgs): AgentFields {
  const fields: AgentFields = {};
  const name = args.string("name");
  if (name !== undefined) fields.name = name;
  const model = args.string("model");
  if (model !== undefined) fields.model = model;
  const system = args.string("system");
  if (system !== undefined) fields.system = system;
  const description = args.string("description");
  if (description !== undefined) fields.description = description;
  if (args.bool("toolset")) fields.tools = [{ type: "agent_toolset_20260401" }];
  const reflection = args.string("reflection");
  if (reflection !== undefined) fields.memory = { reflection: onOff("reflection", reflection) };
  const dreaming = dreamingFields(args);
  if (dreaming) fields.dreaming = dreaming;
  const roster = args.string("roster");
  if (roster === undefined && args.string("max-parallel") !== undefined) throw new UsageError("--max-parallel goes with --roster");
  if (roster !== undefined) {
    const maxParallel = args.string("max-parallel");
    fields.multiagent = {
      type: "coordinator",
      agents: roster
        .split(",")
        .map((id) => id.trim())
        .filter(Boolean),
      ...(maxParallel === undefined ? {} : { max_parallel: positiveInteger("max-parallel", maxParallel) }),
    };
  }
  return fields;
}

function dreamingFields(args: ParsedArgs): AgentFields["dreaming"] {
  const mode = args.string("dream-mode");
  const every = args.string("dream-every");
  const cron = args.string("dream-cron");
  if (every !== undefined && cron !== undefined) throw new UsageError("give --dream-every or --dream-cron, not both");
  if (mode === undefined && every === undefined && cron === undefined) return undefined;
  if (mode !== undefined && mode !== "auto" && mode !== "review") throw new UsageError("--dream-mode is auto or review");
  const schedule =
    every !== undefined
      ? { type: "interval" as const, minutes: positiveInteger("dream-every", every) }
      : cron !== undefined
        ? { type: "cron" as const, expression: cron }
        : undefined;
  return {
    ...(mode ? { mode } : {}),
    ...(schedule ? { schedule, enabled: true } : {}),
  };
}

function onOff(flag: string, value: string): boolean {
  if (value === "on") return true;
  if (value === "off") return false;
  throw new UsageError(`--${flag} is on or off`);
}
