// Builds the dashboard (web/src) into web/dist, which the Worker serves at `/` through its assets binding.
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: dirname(fileURLToPath(import.meta.url)),
  // Relative asset URLs, so the built files work under any path prefix the Worker is given.
  base: "./",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: { outDir: "dist", emptyOutDir: true, target: "es2022" },
  logLevel: "warn",
});
