import { describe, expect, it } from "vitest";
import builtInWorld from "../../bench/learning/back-office-world.json";
import { TaskWorld } from "../../bench/learning/task-file";

const minimal = {
  name: "mini",
  description: "",
  step_budget: 3,
  sessions: 2,
  drift_at_session: null,
  tools: [
    {
      name: "stamp",
      description: "Stamp a page.",
      input_schema: { type: "object", properties: { page: { type: "string" }, ink: { type: "string", enum: ["red", "blue"] } }, required: ["page"] },
      rules: [{ id: "blue-ink", kind: "user_preference", unless: [{ field: "ink", equals: "blue" }], error: "Wrong colour." }],
      success: "Stamped {page}.",
    },
  ],
  families: [{ id: "stamping", tool: "stamp", prompt: "Stamp {page}.", instances: [{ input: { page: "p1" } }] }],
};

describe("the task-file format", () => {
  it("accepts the built-in world, which has at least five families each with a quirk, and a drift", () => {
    const world = TaskWorld.parse(builtInWorld);
    expect(world.families.length).toBeGreaterThanOrEqual(5);
    for (const family of world.families) expect(world.tools.find((tool) => tool.name === family.tool)?.rules.length).toBeGreaterThan(0);
    expect(world.tools.some((tool) => tool.rules.some((rule) => rule.phase === "after_drift"))).toBe(true);
    expect(new Set(world.tools.flatMap((tool) => tool.rules.map((rule) => rule.kind)))).toEqual(
      new Set(["file_type", "field_format", "batching", "user_preference", "indirect_error"]),
    );
  });

  it("accepts a team's own minimal world and fills defaults", () => {
    const world = TaskWorld.parse(minimal);
    expect(world.tools[0]!.rules[0]).toMatchObject({ phase: "always", when: [] });
  });

  it("refuses a family naming an unknown tool, or a task missing a required input", () => {
    const unknownTool = { ...minimal, families: [{ ...minimal.families[0], tool: "shred" }] };
    expect(TaskWorld.safeParse(unknownTool).error?.issues[0]?.message).toMatch(/unknown tool 'shred'/);
    const missing = { ...minimal, families: [{ ...minimal.families[0], instances: [{ input: {} }] }] };
    expect(TaskWorld.safeParse(missing).error?.issues[0]?.message).toMatch(/missing required input page/);
  });

  it("refuses a condition stating no test or two", () => {
    const rule = (condition: Record<string, unknown>) => ({
      ...minimal,
      tools: [{ ...minimal.tools[0], rules: [{ ...minimal.tools[0]!.rules[0], unless: [condition] }] }],
    });
    expect(TaskWorld.safeParse(rule({ field: "ink" })).success).toBe(false);
    expect(TaskWorld.safeParse(rule({ field: "ink", equals: "blue", matches: "b" })).success).toBe(false);
    expect(TaskWorld.safeParse(rule({ field: "ink", equals: "blue" })).success).toBe(true);
  });
});
