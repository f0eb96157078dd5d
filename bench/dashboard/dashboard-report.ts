// Summarises the dashboard benchmark (bundle sizes, cold loads per view: median and max) as the dashboard section of
// BENCHMARKS.md.
import { nearestRank, round } from "../platform/distribution";
import type { SectionMarkers } from "../shared/markdown-section";
import type { AssetSize } from "./bundle-size";
import type { DashboardView } from "./dashboard-pages";
import type { PageLoad } from "./page-loads";
import type { SeededDashboard } from "./seed";

export const DASHBOARD_MARKERS: SectionMarkers = {
  start: "<!-- dashboard:start (written by npm run bench:dashboard) -->",
  end: "<!-- dashboard:end -->",
};

export interface ViewSummary {
  view: string;
  ready_when: string;
  loads: number;
  ready_ms: { median: number; max: number };
  dom_content_loaded_ms: { median: number; max: number };
  js_heap_mib: { median: number; max: number };
  transferred_kib: { median: number; max: number };
}

const MIB = 1024 * 1024;

function medianAndMax(values: readonly number[], scale = 1): { median: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: round(nearestRank(sorted, 0.5) / scale, 1), max: round(sorted.at(-1)! / scale, 1) };
}

export function summariseViews(views: readonly DashboardView[], loads: readonly PageLoad[]): ViewSummary[] {
  return views.map((view) => {
    const mine = loads.filter((load) => load.view === view.name);
    if (!mine.length) throw new Error(`no loads of the ${view.name}`);
    return {
      view: view.name,
      ready_when: view.readyWhen,
      loads: mine.length,
      ready_ms: medianAndMax(mine.map((load) => load.ready_ms)),
      dom_content_loaded_ms: medianAndMax(mine.map((load) => load.dom_content_loaded_ms)),
      js_heap_mib: medianAndMax(
        mine.map((load) => load.js_heap_bytes),
        MIB,
      ),
      transferred_kib: medianAndMax(
        mine.map((load) => load.transferred_bytes),
        1024,
      ),
    };
  });
}

export interface DashboardContext {
  command: string;
  date: string;
  machine: string;
  seeded: SeededDashboard;
  seconds: number;
}

const kib = (bytes: number) => round(bytes / 1024, 1);
const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`;

export function dashboardSection(bundle: readonly AssetSize[], views: readonly ViewSummary[], context: DashboardContext): string {
  const entry = bundle.filter((asset) => asset.entry);
  const entryGzip = kib(entry.reduce((sum, asset) => sum + asset.gzip_bytes, 0));
  const slowest = views.reduce((worst, view) => (view.ready_ms.median > worst.ready_ms.median ? view : worst));
  const { seeded } = context;
  return [
    DASHBOARD_MARKERS.start,
    "## Dashboard",
    "",
    `How fast the dashboard (\`web/\`, Preact + Vite, served by the Worker's assets binding) shows its main views. Lucid runs as \`npm start\` runs it (\`wrangler dev\` with the simulator, fresh local state), seeded over the API with the official SDK: one agent with ${seeded.chartPoints} finished sessions, one of them ${seeded.longSession.userMessages} user/agent message pairs long, and a dream held for review with ${plural(seeded.dream.operations, "operation")} (seeding took ${round(seeded.seconds, 1)} s). Headless Debian Chromium (playwright-core) loads each view cold ${views[0]?.loads ?? 0} times, after one unmeasured load: a new browser context each time (empty cache, new tab, the API key already in sessionStorage).`,
    "",
    `Command: \`${context.command}\` · date: ${context.date} · machine: ${context.machine}; browser, Worker and simulator share the machine, and other processes may have been running · ran in ${round(context.seconds, 1)} s.`,
    "",
    "### Bundle",
    "",
    "| file | loaded | raw KiB | gzip KiB |",
    "|---|---|---|---|",
    ...bundle.map((asset) => `| \`${asset.file}\` | ${asset.entry ? "at start (index.html)" : "on demand"} | ${kib(asset.bytes)} | ${kib(asset.gzip_bytes)} |`),
    "",
    "### Cold loads",
    "",
    "Ready is `performance.now()` inside the page (from navigation start), taken on the first animation frame at which the view shows everything listed; the view is then checked by role and accessible name. The JS heap is `JSHeapUsedSize` (CDP `Performance.getMetrics`) after a garbage collection; transferred is the Resource Timing `transferSize` of the document, assets and API calls. Median / max.",
    "",
    "| view | ready when it shows | ready ms | DOMContentLoaded ms | JS heap MiB | transferred KiB |",
    "|---|---|---|---|---|---|",
    ...views.map(
      (view) =>
        `| ${view.view} | ${view.ready_when} | ${view.ready_ms.median} / ${view.ready_ms.max} | ${view.dom_content_loaded_ms.median} / ${view.dom_content_loaded_ms.max} | ${view.js_heap_mib.median} / ${view.js_heap_mib.max} | ${view.transferred_kib.median} / ${view.transferred_kib.max} |`,
    ),
    "",
    `The JS and CSS loaded at start weigh ${entryGzip} KiB gzipped; the slowest view to be ready is the ${slowest.view} (median ${slowest.ready_ms.median} ms, max ${slowest.ready_ms.max} ms), which includes its API calls to the local Worker. Raw loads: \`bench/results/dashboard.json\`.`,
    DASHBOARD_MARKERS.end,
  ].join("\n");
}
