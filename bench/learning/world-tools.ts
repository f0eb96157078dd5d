// The task world's tools as the harness runs them: a call fails with the first active rule it breaks, else succeeds.
import type { Condition, Rule, TaskWorld, ToolSpec } from "./task-file";

export interface ToolOutcome {
  ok: boolean;
  text: string;
}

/** `drifted` switches `before_drift` rules off and `after_drift` rules on. */
export function runWorldTool(world: TaskWorld, name: string, input: Record<string, unknown>, drifted: boolean): ToolOutcome {
  const tool = world.tools.find((candidate) => candidate.name === name);
  if (!tool) return { ok: false, text: `Unknown tool '${name}'.` };
  const missing = tool.input_schema.required.filter((field) => input[field] === undefined);
  if (missing.length) return { ok: false, text: `Missing required input: ${missing.join(", ")}.` };
  const broken = brokenRule(tool, input, drifted);
  return broken ? { ok: false, text: broken.error } : { ok: true, text: fillTemplate(tool.success, input) };
}

/** Whether the drift reaches this task: its plain input (no workaround applied) breaks a rule that only holds after the drift. */
export function isAffectedByDrift(world: TaskWorld, name: string, input: Record<string, unknown>): boolean {
  const tool = world.tools.find((candidate) => candidate.name === name);
  return tool ? brokenRule(tool, input, true)?.phase === "after_drift" : false;
}

function brokenRule(tool: ToolSpec, input: Record<string, unknown>, drifted: boolean): Rule | undefined {
  return tool.rules.find(
    (rule) => isActive(rule, drifted) && rule.when.every((test) => holds(test, input)) && !rule.unless.every((test) => holds(test, input)),
  );
}

const isActive = (rule: Rule, drifted: boolean) => rule.phase === "always" || (rule.phase === "after_drift") === drifted;

function holds(condition: Condition, input: Record<string, unknown>): boolean {
  const value = input[condition.field];
  if (condition.equals !== undefined) return value === condition.equals;
  if (condition.matches !== undefined) return typeof value === "string" && new RegExp(condition.matches).test(value);
  if (typeof value !== "number") return false;
  if (condition.greater_than !== undefined) return value > condition.greater_than;
  return condition.at_most !== undefined && value <= condition.at_most;
}

/** `{field}` → the value, for prompts and success texts. */
export function fillTemplate(template: string, values: Record<string, unknown>): string {
  return template.replace(/\{([a-z_]+)\}/g, (whole, field: string) => (values[field] === undefined ? whole : String(values[field])));
}

/** The tool declarations an agent of this world gets (custom tools, as the Managed Agents API takes them). */
export function agentToolsOf(world: TaskWorld): { type: "custom"; name: string; description: string; input_schema: ToolSpec["input_schema"] }[] {
  return world.tools.map((tool) => ({ type: "custom", name: tool.name, description: tool.description, input_schema: tool.input_schema }));
}
