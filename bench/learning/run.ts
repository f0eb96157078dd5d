// `npm run bench:learning`: runs the task stream through every arm against a local Lucid and writes JSON, an SVG chart and the BENCHMARKS.md section.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import Anthropic from "@anthropic-ai/sdk";
import { commandLine, machineDescription, today, writeBenchmarksSection } from "../shared/benchmarks-file";
import builtInWorld from "./back-office-world.json";
import { runArm } from "./arm-run";
import { armsFor } from "./arms";
import { summariseArm } from "./learning-report";
import { startLocalLucid } from "./local-lucid";
import { LEARNING_MARKERS, learningSection } from "./report-markdown";
import { learningCurveSvg } from "./report-svg";
import { TaskWorld } from "./task-file";
import { taskStream } from "./task-stream";

const ADMIN_KEY = "bench-admin-key";

const { values } = parseArgs({
  options: {
    model: { type: "string", default: "claude-sonnet-5-5" },
    tasks: { type: "string" },
    sessions: { type: "string" },
    "dream-every": { type: "string", default: "5" },
    "block-size": { type: "string", default: "10" },
    arms: { type: "string" },
    "no-write-benchmarks": { type: "boolean", default: false },
    port: { type: "string", default: "8797" },
  },
});

const started = Date.now();
const world = TaskWorld.parse(values.tasks ? JSON.parse(readFileSync(values.tasks, "utf8")) : builtInWorld);
const tasks = taskStream(world, values.sessions ? Number(values.sessions) : world.sessions);
const dreamEvery = Number(values["dream-every"]);
const blockSize = Number(values["block-size"]);
const arms = armsFor(dreamEvery).filter((arm) => !values.arms || values.arms.split(",").includes(arm.id));
const apiKey = process.env.ANTHROPIC_API_KEY;

const lucid = await startLocalLucid({ adminKey: ADMIN_KEY, reflectionDelayMs: 200, port: Number(values.port), ...(apiKey ? { anthropicApiKey: apiKey } : {}) });
try {
  const client = new Anthropic({ apiKey: ADMIN_KEY, baseURL: lucid.url, maxRetries: 2 });
  // Arms are independent agents, so they run side by side on the same task stream.
  const runs = await Promise.all(arms.map((arm) => runArm(client, world, tasks, arm, values.model)));
  const summaries = runs.map((run) => summariseArm(run, blockSize));
  const durationSeconds = Math.round((Date.now() - started) / 1000);
  const context = {
    command: commandLine("bench:learning"),
    date: today(),
    machine: machineDescription(),
    model: values.model,
    simulated: !apiKey,
    world: world.name,
    sessions: tasks.length,
    blockSize,
    driftAtSession: world.drift_at_session,
    dreamEvery,
    durationSeconds,
    chartPath: "docs/learning-curve.svg",
  };
  const driftBlock = world.drift_at_session === null ? null : world.drift_at_session / blockSize;
  const svg = learningCurveSvg(
    summaries,
    blockSize,
    driftBlock,
    `Completion per block of ${blockSize} sessions (${context.simulated ? "simulator, not a model" : values.model})`,
  );

  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/learning.json", `${JSON.stringify({ context, summaries, runs }, null, 2)}\n`);
  writeFileSync("bench/results/learning.svg", svg);
  const section = learningSection(summaries, context);
  writeFileSync("bench/results/learning.md", `${section}\n`);
  if (!values["no-write-benchmarks"]) {
    mkdirSync("docs", { recursive: true });
    copyFileSync("bench/results/learning.svg", context.chartPath);
    writeBenchmarksSection(LEARNING_MARKERS, section);
  }
  console.log(section);
} finally {
  await lucid.dispose();
}
