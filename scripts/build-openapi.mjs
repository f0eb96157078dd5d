// Writes the OpenAPI document into web/dist/openapi.json: bundles scripts/write-openapi.ts for Node with esbuild, then
// runs it. Used by `npm run build:openapi` (run directly), `npm start` and the test setup (imported).
import { buildSync } from "esbuild";
import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";

export function buildOpenApiDocument() {
  const outfile = ".cache/write-openapi.mjs";
  buildSync({ entryPoints: ["scripts/write-openapi.ts"], outfile, bundle: true, platform: "node", format: "esm", target: "node22", logLevel: "warning" });
  const run = spawnSync(process.execPath, [outfile], { stdio: "inherit" });
  if (run.status !== 0) throw new Error("Writing the OpenAPI document (scripts/write-openapi.ts) failed.");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) buildOpenApiDocument();
