// Tests run inside workerd: the Lucid Worker under test plus the Messages API simulator Worker,
// bundled here because auxiliary Workers are given to Miniflare as built JavaScript.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { type BuildOptions, buildSync } from "esbuild";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { build as buildWeb } from "vite";
import { defineConfig } from "vitest/config";

// wrangler.toml serves the dashboard from web/dist, which must exist before Miniflare starts; `npm start` rebuilds it.
if (!existsSync("web/dist/index.html")) await buildWeb({ configFile: "web/vite.config.ts" });
// Always rewritten (a second), so the document the Worker serves from its assets is never older than the routes.
if (spawnSync(process.execPath, ["scripts/build-openapi.mjs"], { stdio: "inherit" }).status !== 0) throw new Error("npm run build:openapi failed");

/**
 * Bundles an auxiliary Worker for Miniflare. `npmPackages`: it imports packages written for several runtimes (the
 * simulator's and the MCP SDK's), resolved as workerd resolves them; the small test Workers need none of that.
 */
function bundleWorker(entry: string, outfile: string, npmPackages = false): string {
  const forWorkerd: BuildOptions = {
    platform: "neutral",
    target: "es2023",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    external: ["cloudflare:*", "node:*"],
  };
  buildSync({ entryPoints: [entry], outfile, bundle: true, format: "esm", logLevel: "error", ...(npmPackages ? forWorkerd : {}) });
  return outfile;
}

const simulatorBundle = bundleWorker("src/sim/index.ts", ".cache/lucid-sim.mjs", true);
// A recording webhook receiver (test/webhooks/receiver-worker.ts), reached through Lucid's WEBHOOK_EGRESS binding.
const webhookReceiverBundle = bundleWorker("test/webhooks/receiver-worker.ts", ".cache/webhook-receiver.mjs");
// An MCP server built with the official MCP SDK (test/mcp/mcp-server-worker.ts), for the MCP client and toolset tests.
const mcpServerBundle = bundleWorker("test/mcp/mcp-server-worker.ts", ".cache/mcp-test-server.mjs", true);
// An OAuth token endpoint (test/vaults/token-endpoint-worker.ts), reached through the MCP test server for auth.example.com.
const tokenEndpointBundle = bundleWorker("test/vaults/token-endpoint-worker.ts", ".cache/oauth-token-endpoint.mjs");
// A small web and search API for the web tools' tests (test/tools/web-site-worker.ts), reached through WEB_EGRESS.
const webSiteBundle = bundleWorker("test/tools/web-site-worker.ts", ".cache/web-test-site.mjs");

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        bindings: {
          LUCID_ADMIN_KEY: "test-admin-key",
          LUCID_RETRY_BASE_MS: "5",
          LUCID_RETRY_MAX_ATTEMPTS: "3",
          LUCID_MODEL_TIMEOUT_MS: "8000",
          LUCID_REFLECTION_DELAY_MS: "0",
          LUCID_WEBHOOKS_ALLOW_LOOPBACK: "false",
          LUCID_WEBHOOK_MAX_ATTEMPTS: "3",
          LUCID_WEBHOOK_RETRY_BASE_SECONDS: "0",
          LUCID_WEBHOOK_DISABLE_AFTER_SECONDS: "0",
          // Tests hammer tenant keys (the fuzz test most); rate limiting is tested with keys' own small limits.
          LUCID_RATE_LIMIT_PER_MINUTE: "100000",
          // A fixed key for sealing stored secrets (32 bytes, base64); test/secrets/ binds others of its own.
          LUCID_SECRETS_KEY: "bHVjaWQtdGVzdC1zZWNyZXRzLWtleS0zMi1ieXRlcyE=",
          // Likewise for wrong keys (the fuzz sends hundreds from one client); test/security/unauthenticated-writes.test.ts
          // sets a small budget on its own requests.
          LUCID_AUTH_FAILURES_PER_MINUTE: "100000",
          // 2 MiB instead of 4 GiB, so test/workspace/workspace-history.test.ts can fill the history and see it pruned.
          LUCID_WORKSPACE_HISTORY_MAX_BYTES: "2097152",
          // test/mcp/mcp-server-worker.ts answers /slow after 5 s: a call gives up well before.
          LUCID_MCP_TIMEOUT_MS: "1500",
          // Likewise test/tools/web-site-worker.ts answers /slow after 5 s.
          LUCID_WEB_TIMEOUT_MS: "1500",
          // Every test sees a search provider (the web test site's search API), so sessions with the default toolset
          // are offered web_search; the refusal without one is tested on its check (test/tools/web-tools.test.ts).
          LUCID_WEB_SEARCH_URL: "https://search.example.com/search",
          LUCID_WEB_SEARCH_KEY: "web-search-test-key",
        },
        serviceBindings: {
          WEBHOOK_EGRESS: "webhook-receiver",
          MCP_EGRESS: "mcp-test-server",
          MCP_TEST_SERVER: "mcp-test-server",
          TOKEN_ENDPOINT: "oauth-token-endpoint",
          WEB_EGRESS: "web-test-site",
        },
        // As wrangler.toml, but with fewer attempts and no batching wait, so retries and the dead-letter path run fast.
        queueConsumers: {
          "lucid-webhooks": { maxBatchTimeout: 0, maxRetries: 2, deadLetterQueue: "lucid-webhooks-dlq" },
          "lucid-webhooks-dlq": { maxBatchTimeout: 0 },
        },
        workers: [
          {
            name: "mcp-test-server",
            modules: true,
            scriptPath: mcpServerBundle,
            compatibilityDate: "2026-11-01",
            compatibilityFlags: ["nodejs_compat"],
            serviceBindings: { TOKEN_ENDPOINT: "oauth-token-endpoint" },
          },
          { name: "oauth-token-endpoint", modules: true, scriptPath: tokenEndpointBundle, compatibilityDate: "2026-11-01" },
          { name: "webhook-receiver", modules: true, scriptPath: webhookReceiverBundle, compatibilityDate: "2026-11-01" },
          { name: "web-test-site", modules: true, scriptPath: webSiteBundle, compatibilityDate: "2026-11-01" },
          {
            name: "lucid-sim",
            modules: true,
            scriptPath: simulatorBundle,
            compatibilityDate: "2026-11-01",
            compatibilityFlags: ["nodejs_compat"],
            durableObjects: { SIM_SCRIPTS: { className: "SimScriptObject", useSQLite: true } },
          },
        ],
      },
    }),
  ],
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    // Files share each test worker (and its Durable Objects' storage) instead of starting one per file: the suite runs
    // in about a fifth of the time. So no test may assume an empty tenant: each makes its own objects, and names it
    // looks up by (a vault, an agent) are its own.
    isolate: false,
    // A test that loses every object (`abortAllDurableObjects()`, a simulated restart of the machine) also aborts what
    // earlier files left running in the shared worker (an alarm, a queue consumer); those rejections are the restart
    // itself, not a failure, so they alone are not reported. Every other unhandled error still fails the run.
    onUnhandledError: (error) => !error.message.startsWith("Application called abortAllDurableObjects()"),
  },
});
