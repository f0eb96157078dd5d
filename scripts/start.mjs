// `npm start`: builds the dashboard and the OpenAPI document, then runs Lucid locally (wrangler dev, local SQLite persistence) beside the Messages API simulator.
import { spawn } from "node:child_process";
import { copyFileSync, existsSync } from "node:fs";
import { build as buildWeb } from "vite";
import { buildOpenApiDocument } from "./build-openapi.mjs";

if (!existsSync(".dev.vars")) {
  copyFileSync(".dev.vars.example", ".dev.vars");
  console.log("Created .dev.vars from .dev.vars.example (local admin key: lucid-local-admin-key).");
}

// Always rebuilt (it takes a second or two), so the dashboard served is never older than web/src.
await buildWeb({ configFile: "web/vite.config.ts" });
buildOpenApiDocument();

const wrangler = spawn(
  "wrangler",
  ["dev", "-c", "wrangler.toml", "-c", "src/sim/wrangler.toml", "--ip", "127.0.0.1", "--port", process.env.PORT ?? "8787",
    // Local development only: webhook endpoints may be receivers on this machine (examples/webhook-receiver.mjs).
    "--var", "LUCID_WEBHOOKS_ALLOW_LOOPBACK:true", ...process.argv.slice(2)],
  { stdio: "inherit", shell: process.platform === "win32" },
);
wrangler.on("exit", (code) => process.exit(code ?? 0));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => wrangler.kill(signal));
