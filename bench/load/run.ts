// `npm run bench:load`: a bounded load test over loopback against Lucid as `npm start` runs it; reports latency and
// errors (which must be zero), writes bench/results/load.json and the load section of BENCHMARKS.md.
import { mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { commandLine, machineDescription, today, writeBenchmarksSection } from "../shared/benchmarks-file";
import { type LocalWorker, startWorker } from "../shared/wrangler-dev";
import { runClient } from "./load-client";
import { LOAD_MARKERS, loadSection, summariseLoad } from "./load-report";

const { values } = parseArgs({
  options: {
    clients: { type: "string", default: "16" },
    rounds: { type: "string", default: "6" },
    port: { type: "string", default: "8821" },
    /** Load an already running Lucid (e.g. `npm start` at http://127.0.0.1:8787) instead of starting a fresh one. */
    url: { type: "string" },
    "api-key": { type: "string" },
    /** Who the clients are: each its own tenant key (as real users; every request passes the key registry), or the admin key. */
    keys: { type: "string", default: "tenant" },
    "no-write-benchmarks": { type: "boolean", default: false },
  },
});

const ADMIN_KEY = "load-admin-key";
const clients = Number(values.clients);
const rounds = Number(values.rounds);
if (!Number.isInteger(clients) || clients < 1 || !Number.isInteger(rounds) || rounds < 1) throw new Error("--clients and --rounds must be positive integers");
const keys = values.keys;
if (keys !== "tenant" && keys !== "admin") throw new Error("--keys must be tenant or admin");

let worker: LocalWorker | null = null;
if (!values.url) {
  // The same two configs `npm start` runs: Lucid, and the simulator behind its service binding.
  worker = await startWorker({
    name: "load",
    configs: ["wrangler.toml", "src/sim/wrangler.toml"],
    port: Number(values.port),
    vars: { LUCID_ADMIN_KEY: ADMIN_KEY },
    readyPath: "/healthz",
  });
}
const baseURL = values.url ?? worker!.url;
const adminKey = values["api-key"] ?? (values.url ? "lucid-local-admin-key" : ADMIN_KEY);

try {
  // Made before the clock starts: key creation is the admin's work, not the load.
  const clientKeys = keys === "tenant" ? await createTenantKeys(baseURL, adminKey, clients) : Array.from({ length: clients }, () => adminKey);
  const started = performance.now();
  const plan = { baseURL, model: "claude-sonnet-5-5", rounds, webSocketEvery: 3, idleTimeoutMs: 60_000 };
  const results = await Promise.all(clientKeys.map((apiKey, index) => runClient({ ...plan, apiKey }, index)));
  const summary = summariseLoad(results, { clients, rounds, keys }, (performance.now() - started) / 1000);
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/load.json", `${JSON.stringify(summary, null, 2)}\n`);
  const section = loadSection(summary, { command: commandLine("bench:load"), date: today(), machine: machineDescription() });
  if (!values["no-write-benchmarks"]) writeBenchmarksSection(LOAD_MARKERS, section);
  console.log(section);
  if (summary.errors.length) process.exitCode = 1;
} finally {
  await worker?.dispose();
}

/** One tenant key per client, each opening its own tenant, without a rate limit of its own beyond the default. */
async function createTenantKeys(url: string, admin: string, count: number): Promise<string[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const response = await fetch(`${url}/v1/api_keys`, {
        method: "POST",
        headers: { "x-api-key": admin, "content-type": "application/json" },
        body: JSON.stringify({ name: `load-client-${index}` }),
      });
      if (!response.ok) throw new Error(`creating the key of client ${index}: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { key: string }).key;
    }),
  );
}
