// The task-file format of the learning-curve benchmark: tools with hidden rules, task families, a step budget and a drift point (see bench/README.md).
import { z } from "zod";

const Scalar = z.union([z.string(), z.number(), z.boolean()]);
export type Scalar = z.infer<typeof Scalar>;

/** One test on one input field; exactly one of the tests is given. */
export const Condition = z
  .strictObject({
    field: z.string().min(1),
    equals: Scalar.optional(),
    matches: z.string().optional(),
    greater_than: z.number().optional(),
    at_most: z.number().optional(),
  })
  .refine((condition) => [condition.equals, condition.matches, condition.greater_than, condition.at_most].filter((test) => test !== undefined).length === 1, {
    message: "a condition states exactly one of equals, matches, greater_than, at_most",
  });
export type Condition = z.infer<typeof Condition>;

/**
 * A hidden quirk: while its phase is active and every `when` condition holds, the call fails with `error` unless
 * every `unless` condition holds. Rules are checked in order; the first that fails answers.
 */
export const Rule = z.strictObject({
  id: z.string().min(1),
  kind: z.enum(["file_type", "field_format", "batching", "user_preference", "indirect_error", "other"]),
  phase: z.enum(["always", "before_drift", "after_drift"]).default("always"),
  when: z.array(Condition).default([]),
  unless: z.array(Condition).min(1),
  error: z.string().min(1),
});
export type Rule = z.infer<typeof Rule>;

const PropertySchema = z.looseObject({
  type: z.enum(["string", "integer", "number", "boolean"]),
  enum: z.array(Scalar).optional(),
  description: z.string().optional(),
});

export const ToolSpec = z.strictObject({
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
  description: z.string().min(1),
  input_schema: z.strictObject({
    type: z.literal("object"),
    properties: z.record(z.string(), PropertySchema),
    required: z.array(z.string()),
  }),
  rules: z.array(Rule),
  /** The success text; `{field}` is replaced by the input's value. */
  success: z.string().min(1),
});
export type ToolSpec = z.infer<typeof ToolSpec>;

export const TaskInstance = z.strictObject({
  /** The required inputs the task states. */
  input: z.record(z.string(), Scalar),
  /** Overrides the family's and the world's budget (an urgent task gets fewer tool calls). */
  step_budget: z.number().int().positive().optional(),
});
export type TaskInstance = z.infer<typeof TaskInstance>;

export const TaskFamily = z.strictObject({
  id: z.string().min(1),
  tool: z.string().min(1),
  /** What the user asks; `{field}` is replaced by the instance's input. */
  prompt: z.string().min(1),
  step_budget: z.number().int().positive().optional(),
  instances: z.array(TaskInstance).min(1),
});
export type TaskFamily = z.infer<typeof TaskFamily>;

export const TaskWorld = z
  .strictObject({
    name: z.string().min(1),
    description: z.string(),
    /** Tool calls allowed per session unless a family or task says otherwise. */
    step_budget: z.number().int().positive(),
    /** Sessions in the stream; families take turns, each cycling through its instances. */
    sessions: z.number().int().positive(),
    /** From this session index (0-based) on, `after_drift` rules replace `before_drift` ones; null for no drift. */
    drift_at_session: z.number().int().nonnegative().nullable(),
    tools: z.array(ToolSpec).min(1),
    families: z.array(TaskFamily).min(1),
  })
  .superRefine((world, ctx) => {
    const names = new Set(world.tools.map((tool) => tool.name));
    for (const [index, family] of world.families.entries()) {
      if (!names.has(family.tool)) ctx.addIssue({ code: "custom", path: ["families", index, "tool"], message: `unknown tool '${family.tool}'` });
      const required = world.tools.find((tool) => tool.name === family.tool)?.input_schema.required ?? [];
      for (const [at, instance] of family.instances.entries()) {
        const missing = required.filter((field) => !(field in instance.input));
        if (missing.length)
          ctx.addIssue({ code: "custom", path: ["families", index, "instances", at], message: `missing required input ${missing.join(", ")}` });
      }
    }
  });
export type TaskWorld = z.infer<typeof TaskWorld>;
