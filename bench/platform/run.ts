// `npm run bench:platform`: what the platform itself costs, on local workerd with the simulator answering instantly,
// beside the Cloudflare Agents SDK; writes bench/results/platform.{json,md} and the platform section of BENCHMARKS.md.
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import Anthropic from "@anthropic-ai/sdk";
import { commandLine, machineDescription, today, writeBenchmarksSection } from "../shared/benchmarks-file";
import { type LocalWorker, startWorker } from "../shared/wrangler-dev";
import { runAgentsSdkSessions, runLucidSessions, storagePerSession } from "./agents-sdk-comparison";
import { measureDreamInput } from "./dream-input";
import { createBenchAgent } from "./lucid-workload";
import { measureMemoryScale } from "./memory-scale";
import { measureFanOut } from "./multiagent-fanout";
import { startModelProxy } from "./model-proxy";
import { summarisePlatform } from "./platform-report";
import { PLATFORM_MARKERS, platformSection } from "./report-markdown";
import { measureStreamLatency } from "./stream-latency";
import { measureThroughput } from "./throughput";
import { measureToolRoundTrips } from "./tool-round-trip";
import { measureWebhookDelivery } from "./webhook-delivery";

const ADMIN_KEY = "bench-admin-key";
const WARM_UP_SESSIONS = 3;

const { values } = parseArgs({
  options: {
    sessions: { type: "string", default: "30" },
    turns: { type: "string", default: "3" },
    concurrent: { type: "string", default: "40" },
    "stream-replies": { type: "string", default: "5" },
    "memory-sizes": { type: "string", default: "1000,10000,100000" },
    runs: { type: "string", default: "30" },
    "dream-new-sessions": { type: "string", default: "2,4,8,16" },
    "dream-history": { type: "string", default: "0,8,16,32" },
    "fanout-threads": { type: "string", default: "20" },
    "fanout-runs": { type: "string", default: "5" },
    "webhook-runs": { type: "string", default: "20" },
    "webhook-burst": { type: "string", default: "200" },
    "tool-sessions": { type: "string", default: "15" },
    "tool-calls": { type: "string", default: "5" },
    port: { type: "string", default: "8801" },
    "no-write-benchmarks": { type: "boolean", default: false },
  },
});

const numbers = (list: string) => list.split(",").map(Number);
const started = Date.now();
const port = Number(values.port);
const sessions = Number(values.sessions);
const turns = Number(values.turns);

const simulator = await startWorker({ name: "platform-simulator", configs: ["src/sim/wrangler.toml"], port: port + 1, readyPath: "/_sim/scripts/ready" });
const proxy = await startModelProxy(simulator.url);
// Both platforms call the simulator as they would call the real API: over HTTP, through the timing proxy.
const modelVars = { ANTHROPIC_API_KEY: "simulator", ANTHROPIC_BASE_URL: proxy.url };
// Loopback webhook endpoints are allowed so the harness's own receiver can take deliveries, as in `npm start`; their
// signing secrets are sealed under a key made for this run.
const lucidVars = { LUCID_ADMIN_KEY: ADMIN_KEY, LUCID_WEBHOOKS_ALLOW_LOOPBACK: "true", LUCID_SECRETS_KEY: randomBytes(32).toString("base64"), ...modelVars };
const startLucid = (name: string) => startWorker({ name, configs: ["wrangler.toml"], port, vars: lucidVars, readyPath: "/healthz" });
const running = new Set<LocalWorker>([simulator]);
const track = (worker: LocalWorker) => (running.add(worker), worker);
const stop = async (worker: LocalWorker) => (running.delete(worker), worker.dispose());

try {
  // Side by side first, each platform on fresh state, so the storage read afterwards is exactly these sessions'.
  const lucidForStorage = track(await startLucid("platform-lucid-side-by-side"));
  const baseline = track(
    await startWorker({ name: "platform-agents-sdk", configs: ["bench/platform/agents-sdk/wrangler.toml"], port: port + 2, vars: modelVars, readyPath: "/" }),
  );
  let client = new Anthropic({ apiKey: ADMIN_KEY, baseURL: lucidForStorage.url, maxRetries: 0 });
  const agent = await createBenchAgent(client, "side by side");
  const warmUp = { first: 0, sessions: WARM_UP_SESSIONS, turns };
  const measured = { first: WARM_UP_SESSIONS, sessions, turns };
  await runLucidSessions(client, proxy, agent, warmUp);
  await runAgentsSdkSessions(baseline.url, proxy, warmUp);
  const lucidRun = await runLucidSessions(client, proxy, agent, measured);
  const agentsSdkRun = await runAgentsSdkSessions(baseline.url, proxy, measured);
  await Promise.all([stop(lucidForStorage), stop(baseline)]);
  const storage = storagePerSession(lucidForStorage.stateDir, baseline.stateDir, WARM_UP_SESSIONS + sessions);

  const lucid = track(await startLucid("platform-lucid"));
  client = new Anthropic({ apiKey: ADMIN_KEY, baseURL: lucid.url, maxRetries: 0 });
  const concurrent = Number(values.concurrent);
  const throughput = [await measureThroughput(client, proxy, concurrent, 1), await measureThroughput(client, proxy, concurrent, concurrent)];
  const streamLatencyMs = await measureStreamLatency(client, proxy, lucid.url, ADMIN_KEY, simulator.url, Number(values["stream-replies"]));
  const memoryScale = [];
  for (const size of numbers(values["memory-sizes"]))
    memoryScale.push(await measureMemoryScale(client, proxy, { url: lucid.url, adminKey: ADMIN_KEY }, size, Number(values.runs)));
  const dreamInput = await measureDreamInput(client, proxy, numbers(values["dream-new-sessions"]), numbers(values["dream-history"]));
  const fanOut = await measureFanOut(client, proxy, simulator.url, Number(values["fanout-threads"]), Number(values["fanout-runs"]));
  const webhooks = await measureWebhookDelivery({ url: lucid.url, adminKey: ADMIN_KEY }, Number(values["webhook-runs"]), Number(values["webhook-burst"]));
  const toolRoundTrips = await measureToolRoundTrips(
    client,
    { url: lucid.url, adminKey: ADMIN_KEY },
    Number(values["tool-sessions"]),
    Number(values["tool-calls"]),
  );

  const raw = {
    sideBySide: { lucid: lucidRun, agentsSdk: agentsSdkRun, storage },
    throughput,
    streamLatencyMs,
    memoryScale,
    dreamInput,
    fanOut,
    webhooks,
    toolRoundTrips,
  };
  const summary = summarisePlatform(raw);
  const context = {
    command: commandLine("bench:platform"),
    date: today(),
    machine: machineDescription(),
    durationSeconds: Math.round((Date.now() - started) / 1000),
  };
  const section = platformSection(summary, context);
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/platform.json", `${JSON.stringify({ context, summary, raw }, null, 2)}\n`);
  writeFileSync("bench/results/platform.md", `${section}\n`);
  if (!values["no-write-benchmarks"]) writeBenchmarksSection(PLATFORM_MARKERS, section);
  console.log(section);
} finally {
  await Promise.all([...running].map((worker) => worker.dispose()));
  await proxy.close();
}
