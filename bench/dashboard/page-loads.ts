// Cold loads of dashboard views in headless Chromium: each load in a fresh browser context (empty cache, new tab),
// timed inside the page from navigation start until the view is ready, with the JS heap and bytes transferred.
import { chromium, type Browser, type BrowserContext } from "playwright-core";
import type { DashboardView } from "./dashboard-pages";

export interface PageLoad {
  view: string;
  /** performance.now() when the view was first seen ready: ms since navigation start. */
  ready_ms: number;
  /** Navigation Timing: when DOMContentLoaded finished. */
  dom_content_loaded_ms: number;
  /** JSHeapUsedSize (CDP Performance.getMetrics) after a garbage collection, once ready. */
  js_heap_bytes: number;
  /** transferSize of the document and every resource fetched until ready (assets and API calls). */
  transferred_bytes: number;
}

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const VIEWPORT = { width: 1280, height: 900 };
const READY_TIMEOUT_MS = 60_000;
const API_KEY_STORAGE_KEY = "lucid.apiKey";

export interface Dashboard {
  signIn(): Promise<void>;
  /** One cold load of `view`; throws if it never becomes ready or is not what was seeded. */
  load(view: DashboardView): Promise<PageLoad>;
  close(): Promise<void>;
}

export async function openDashboard(baseURL: string, apiKey: string, failureScreenshot: string): Promise<Dashboard> {
  const browser: Browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
  const freshContext = async (): Promise<BrowserContext> => {
    const context = await browser.newContext({ viewport: VIEWPORT });
    context.setDefaultTimeout(READY_TIMEOUT_MS);
    return context;
  };
  return {
    async signIn() {
      // Through the form once, as a person would, to know the key works; later tabs start with it in sessionStorage.
      const context = await freshContext();
      const page = await context.newPage();
      await page.goto(baseURL);
      await page.getByLabel("API key").fill(apiKey);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { name: "Agents", level: 1 }).waitFor();
      if ((await page.evaluate((key) => sessionStorage.getItem(key), API_KEY_STORAGE_KEY)) !== apiKey)
        throw new Error("sign-in did not keep the key in sessionStorage");
      await context.close();
    },
    async load(view) {
      const context = await freshContext();
      // sessionStorage belongs to one tab: each new tab is given the key the sign-in stored, before the app starts.
      await context.addInitScript(([key, value]) => sessionStorage.setItem(key, value), [API_KEY_STORAGE_KEY, apiKey] as const);
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on("pageerror", (error) => pageErrors.push(error.message));
      try {
        const cdp = await context.newCDPSession(page);
        await cdp.send("Performance.enable");
        await page.goto(`${baseURL}/#${view.path}`, { waitUntil: "commit" });
        const ready = await page.waitForFunction(view.readyAt, view.expected, { polling: "raf", timeout: READY_TIMEOUT_MS });
        const readyMs = (await ready.jsonValue()) as number;
        const timing = await page.evaluate(() => {
          const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
          const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
          return {
            domContentLoaded: navigation.domContentLoadedEventEnd,
            transferred: navigation.transferSize + resources.reduce((sum, entry) => sum + entry.transferSize, 0),
          };
        });
        await cdp.send("HeapProfiler.collectGarbage");
        const { metrics } = await cdp.send("Performance.getMetrics");
        const heap = metrics.find((metric) => metric.name === "JSHeapUsedSize");
        if (!heap) throw new Error("Chromium reported no JSHeapUsedSize");
        await view.confirm(page);
        if (pageErrors.length) throw new Error(`the ${view.name} threw: ${pageErrors.join("; ")}`);
        return {
          view: view.name,
          ready_ms: readyMs,
          dom_content_loaded_ms: timing.domContentLoaded,
          js_heap_bytes: heap.value,
          transferred_bytes: timing.transferred,
        };
      } catch (error) {
        await page.screenshot({ path: failureScreenshot, fullPage: true }).catch(() => undefined);
        throw error;
      } finally {
        await context.close();
      }
    },
    close: () => browser.close(),
  };
}
