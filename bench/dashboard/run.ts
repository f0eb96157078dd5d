// `npm run bench:dashboard`: the dashboard's bundle sizes and cold page loads in headless Chromium against a freshly
// seeded Lucid; prints the figures, writes bench/results/dashboard.json and the dashboard section of BENCHMARKS.md.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { LucidClient } from "../../client";
import { startLucid, type LucidServer } from "../../test/harness/lucid-server";
import { commandLine, machineDescription, today, writeBenchmarksSection } from "../shared/benchmarks-file";
import { measureBundle } from "./bundle-size";
import { dashboardViews } from "./dashboard-pages";
import { DASHBOARD_MARKERS, dashboardSection, summariseViews } from "./dashboard-report";
import { openDashboard, type Dashboard, type PageLoad } from "./page-loads";
import { seedDashboard } from "./seed";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    sessions: { type: "string", default: "50" },
    "long-turns": { type: "string", default: "100" },
    // 8787 is `npm start`'s and 8831 the browser test's: a benchmark must not share a server with them.
    port: { type: "string", default: "8851" },
    "no-write-benchmarks": { type: "boolean", default: false },
  },
});

const runs = Number(values.runs);
const sessions = Number(values.sessions);
const longTurns = Number(values["long-turns"]);
for (const [name, value] of Object.entries({ runs, sessions, "long-turns": longTurns })) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
}

const LOG_PATH = ".cache/bench-dashboard-server.log";
const FAILURE_SCREENSHOT = ".cache/bench-dashboard-failure.png";

let server: LucidServer | undefined;
let dashboard: Dashboard | undefined;
const stopAll = async () => {
  await dashboard?.close().catch(() => undefined);
  await server?.stop();
};
// The server runs in its own process group, which would outlive an interrupted benchmark.
process.once("SIGINT", () => void stopAll().finally(() => process.exit(130)));

try {
  const started = performance.now();
  // start.mjs builds the dashboard into web/dist (as `npm run build:web` does) before serving it: those are the files measured.
  server = await startLucid({ port: Number(values.port), stateDir: ".cache/bench-dashboard-state", logPath: LOG_PATH });
  const bundle = measureBundle();
  const lucid = new LucidClient({ baseURL: server.baseURL, apiKey: server.adminKey });
  const seeded = await seedDashboard(lucid.anthropic(), lucid, { sessions, longTurns, concurrency: 5 });
  const views = dashboardViews(seeded);
  dashboard = await openDashboard(server.baseURL, server.adminKey, FAILURE_SCREENSHOT);
  await dashboard.signIn();
  const loads: PageLoad[] = [];
  for (const view of views) {
    // One unmeasured load first, so the Worker's first-request costs for this view's API calls are not counted.
    await dashboard.load(view);
    for (let run = 0; run < runs; run += 1) loads.push(await dashboard.load(view));
  }
  const summary = summariseViews(views, loads);
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/dashboard.json", `${JSON.stringify({ bundle, seeded, views: summary, loads }, null, 2)}\n`);
  const section = dashboardSection(bundle, summary, {
    command: commandLine("bench:dashboard"),
    date: today(),
    machine: machineDescription(),
    seeded,
    seconds: (performance.now() - started) / 1000,
  });
  if (!values["no-write-benchmarks"]) writeBenchmarksSection(DASHBOARD_MARKERS, section);
  console.log(section);
} catch (error) {
  console.error(error);
  if (existsSync(LOG_PATH)) console.error(`--- last lines of ${LOG_PATH} ---\n${readFileSync(LOG_PATH, "utf8").split("\n").slice(-30).join("\n")}`);
  console.error(`A screenshot of a failed page load, if any: ${FAILURE_SCREENSHOT}`);
  process.exitCode = 1;
} finally {
  await stopAll();
}
